// The upstream rate limit (IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT calls a second
// per source instance, or the instance's own `rateLimit` in
// IMAGE_GATEWAY_CONFIG, since each vendor's quota is its own): the pacer each instance's upstream client takes a
// slot from before every attempt (src/upstream/pacer.ts says when it waits
// and when it refuses). Where the caller rate limit keeps one client from
// spending the account's quota, this keeps the gateway as a whole under it,
// every replica together, instead of collecting the vendor's 429s.
//
// GCRA with no burst, in the shared state (reserveSlot): one key per
// instance holds the theoretical arrival time of its next call, and each
// slot is 1/limit s after the one before, so the instance's calls leave
// 1/limit s apart and any one second sees at most `limit` of them (one more
// across a window's edge). With Redis that key is one for every replica and
// Redis's clock is the clock; without it (or while Redis is away) each
// process paces its own calls: the limit then holds per replica, and per
// worker with IMAGE_GATEWAY_WORKERS.
//
// The key names the instance by its provider, name and endpoint (hashed by
// the state's keyed hash: never a credential). Every caller of the instance
// shares its pacer, passthrough callers with their own tokens included.

import type { SourceInstanceConfig } from '../config/index.js';
import type { GatewayState } from '../state/index.js';
import type { UpstreamPacer } from '../upstream/index.js';

/**
 * Each source instance's pacer: at its own `rateLimit` (IMAGE_GATEWAY_CONFIG)
 * when it has one, else at IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT; undefined (no
 * limit, nothing paced) where that is 0.
 */
export function upstreamPacers(state: GatewayState): (config: SourceInstanceConfig) => UpstreamPacer | undefined {
  return (config) => {
    const callsPerSecond = config.rateLimit ?? state.settings.upstreamRateLimitPerSecond;
    if (callsPerSecond <= 0) return undefined;
    const intervalMs = 1000 / callsPerSecond;
    const key = state.keys.control('upstream', config.provider, config.name, config.endpoint);
    return {
      callsPerSecond,
      reserve: (maxWaitMs) => state.store.reserveSlot(key, intervalMs, maxWaitMs),
    };
  };
}
