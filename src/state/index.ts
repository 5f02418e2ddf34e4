// The shared state: what others may use, and how the gateway picks its store.

import { DEFAULT_STATE, type StateSettings } from '../config/index.js';
import type { Logger } from '../logger.js';
import { hashKeyFor, StateKeys } from './keys.js';
import { MemoryState } from './memory.js';
import { RedisState } from './redis.js';
import type { SharedState } from './types.js';

export { StateKeys } from './keys.js';
export { MemoryState } from './memory.js';
export { RedisState } from './redis.js';
export { registerStateMetrics, type CacheOutcome, type StateMetrics } from './metrics.js';
export type { CounterReading, SharedState, SlotReservation, StateHealth } from './types.js';

/** How long a start waits for Redis before serving on in-process state (it joins Redis when it answers). */
const CONNECT_WAIT_MS = 2_000;

export interface GatewayState {
  store: SharedState;
  keys: StateKeys;
  settings: StateSettings;
}

/**
 * The store the settings ask for, connected (or given up waiting for), and
 * the names of its keys. `secrets`: every secret the gateway is configured
 * with (the hash key may be derived from them: ./keys.ts).
 */
export async function openGatewayState(
  settings: StateSettings = DEFAULT_STATE,
  secrets: readonly string[],
  logger: Logger,
): Promise<GatewayState> {
  if (!settings.redisUrl) {
    const keys = new StateKeys(DEFAULT_STATE.redisPrefix, hashKeyFor(settings.keySecret, secrets, false));
    return {
      store: new MemoryState({ maxEntries: settings.cacheMaxEntries, isControlKey: (key) => keys.isControlKey(key) }),
      keys,
      settings,
    };
  }
  const keys = new StateKeys(
    settings.redisPrefix,
    hashKeyFor(settings.keySecret, [...secrets, settings.redisUrl], true),
  );
  const store = new RedisState({
    url: settings.redisUrl,
    timeoutMs: settings.redisTimeoutMs,
    maxEntries: settings.cacheMaxEntries,
    isControlKey: (key) => keys.isControlKey(key),
    logger,
  });
  await store.connect(CONNECT_WAIT_MS);
  return { store, keys, settings };
}
