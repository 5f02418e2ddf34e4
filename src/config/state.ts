// Settings of the state that outlives a request (src/state/): where it is kept
// (in-process, or Redis for several replicas), the entity cache, watch
// leases, caller rate limits, the upstream rate limit and worker processes.
// Read from the environment only; README, "Many replicas".

import os from 'node:os';
import { intFromEnv, type Env } from './env.js';
import { ConfigError } from './errors.js';

export interface StateSettings {
  /** IMAGE_GATEWAY_REDIS_URL (redis:// or rediss://); undefined: in-process state. */
  redisUrl?: string;
  /** Every Redis key and channel starts with it (IMAGE_GATEWAY_REDIS_PREFIX). */
  redisPrefix: string;
  /** Deadline of one Redis command, ms (IMAGE_GATEWAY_REDIS_TIMEOUT_MS). */
  redisTimeoutMs: number;
  /** The key of the keyed hashes in cache keys (IMAGE_GATEWAY_CACHE_KEY_SECRET); undefined: derived (src/state/keys.ts). */
  keySecret?: string;
  /** How long an image or list page is served from the cache, ms; 0: no cache (IMAGE_GATEWAY_CACHE_TTL_MS). */
  cacheTtlMs: number;
  /** How long past its TTL an entry is still served while one refresh runs, ms (IMAGE_GATEWAY_CACHE_STALE_MS). */
  cacheStaleMs: number;
  /** Most cache entries held in-process (IMAGE_GATEWAY_CACHE_MAX_ENTRIES). */
  cacheMaxEntries: number;
  /** How long a watch poller's lease lasts without renewal, ms (IMAGE_GATEWAY_WATCH_LEASE_MS). */
  watchLeaseMs: number;
  /** Requests a minute per caller; 0: no limit (IMAGE_GATEWAY_RATE_LIMIT). */
  rateLimitPerMinute: number;
  /** Upstream calls a second per source instance, across replicas with Redis; 0: no limit (IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT). */
  upstreamRateLimitPerSecond: number;
  /** Worker processes on one port; 0: none, the process serves itself (IMAGE_GATEWAY_WORKERS, a number or `auto`). */
  workers: number;
}

/** The most IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT may say: calls 10 µs apart (the Redis pacer counts whole µs). */
const MAX_UPSTREAM_RATE_LIMIT = 100_000;

export const DEFAULT_STATE: StateSettings = {
  redisPrefix: 'igw:',
  redisTimeoutMs: 100,
  cacheTtlMs: 0,
  cacheStaleMs: 0,
  cacheMaxEntries: 10_000,
  watchLeaseMs: 10_000,
  rateLimitPerMinute: 0,
  upstreamRateLimitPerSecond: 0,
  workers: 0,
};

export function stateSettingsFromEnv(env: Env): StateSettings {
  const d = DEFAULT_STATE;
  const redisUrl = env.IMAGE_GATEWAY_REDIS_URL?.trim() || undefined;
  if (redisUrl !== undefined) {
    let protocol: string;
    try {
      protocol = new URL(redisUrl).protocol;
    } catch {
      // The URL may hold a password: the message does not repeat it.
      throw new ConfigError('IMAGE_GATEWAY_REDIS_URL: not a URL (redis://host:port or rediss://host:port)');
    }
    if (protocol !== 'redis:' && protocol !== 'rediss:') {
      throw new ConfigError(`IMAGE_GATEWAY_REDIS_URL: must be redis:// or rediss://, not ${protocol}//`);
    }
  }
  const redisPrefix = env.IMAGE_GATEWAY_REDIS_PREFIX ?? d.redisPrefix;
  if (!/^[\w.:-]{0,64}$/.test(redisPrefix)) {
    throw new ConfigError('IMAGE_GATEWAY_REDIS_PREFIX: at most 64 letters, digits, and . _ : -');
  }
  const keySecret = env.IMAGE_GATEWAY_CACHE_KEY_SECRET || undefined;
  if (keySecret !== undefined && keySecret.length < 16) {
    throw new ConfigError('IMAGE_GATEWAY_CACHE_KEY_SECRET: at least 16 characters');
  }
  return {
    ...(redisUrl !== undefined ? { redisUrl } : {}),
    ...(keySecret !== undefined ? { keySecret } : {}),
    redisPrefix,
    redisTimeoutMs: intFromEnv(env, 'IMAGE_GATEWAY_REDIS_TIMEOUT_MS', d.redisTimeoutMs, 1, 10_000),
    cacheTtlMs: intFromEnv(env, 'IMAGE_GATEWAY_CACHE_TTL_MS', d.cacheTtlMs, 0, 86_400_000),
    cacheStaleMs: intFromEnv(env, 'IMAGE_GATEWAY_CACHE_STALE_MS', d.cacheStaleMs, 0, 86_400_000),
    cacheMaxEntries: intFromEnv(env, 'IMAGE_GATEWAY_CACHE_MAX_ENTRIES', d.cacheMaxEntries, 1, 10_000_000),
    watchLeaseMs: intFromEnv(env, 'IMAGE_GATEWAY_WATCH_LEASE_MS', d.watchLeaseMs, 100, 600_000),
    rateLimitPerMinute: intFromEnv(env, 'IMAGE_GATEWAY_RATE_LIMIT', d.rateLimitPerMinute, 0, 10_000_000),
    upstreamRateLimitPerSecond: intFromEnv(
      env,
      'IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT',
      d.upstreamRateLimitPerSecond,
      0,
      MAX_UPSTREAM_RATE_LIMIT,
    ),
    workers: workersFromEnv(env),
  };
}

function workersFromEnv(env: Env): number {
  const raw = env.IMAGE_GATEWAY_WORKERS?.trim();
  if (raw === 'auto') return os.availableParallelism();
  return intFromEnv(env, 'IMAGE_GATEWAY_WORKERS', DEFAULT_STATE.workers, 0, 1024);
}
