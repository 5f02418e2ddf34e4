// The in-process store: the default (one gateway process needs nothing
// else), and what the Redis store falls back to while Redis is away. Two
// bounded LRU maps, each key with its time to live: one for cache entries
// (IMAGE_GATEWAY_CACHE_MAX_ENTRIES), one for the small keys that must not be
// pushed out by a burst of cache entries (generations, leases, counters,
// the upstream call pacers' next slots).

import { LRUCache } from 'lru-cache';
import type { CounterReading, SharedState, SlotReservation, StateHealth } from './types.js';

/** Most control keys held at once; far above what the gateway's limits let it create within their lifetimes. */
const MAX_CONTROL_KEYS = 100_000;

export interface MemoryStateOptions {
  /** Most cache entries held at once (the least recently used go first). */
  maxEntries: number;
  /** Whether a key is a control key (./keys.ts names them); the others are cache entries. */
  isControlKey(key: string): boolean;
}

interface Counter {
  value: number;
  expiresAt: number;
}

export class MemoryState implements SharedState {
  readonly store = 'memory' as const;
  private readonly entries: LRUCache<string, string>;
  /** A string, a counter, or a pacer's theoretical arrival time (performance.now() ms: it never leaves the process). */
  private readonly control = new LRUCache<string, string | Counter | number>({
    max: MAX_CONTROL_KEYS,
    ttlAutopurge: false,
  });
  private readonly channels = new Map<string, Set<(message: string) => void>>();

  constructor(private readonly options: MemoryStateOptions) {
    this.entries = new LRUCache<string, string>({ max: Math.max(1, options.maxEntries) });
  }

  private mapOf(key: string): LRUCache<string, string | Counter | number> {
    return this.options.isControlKey(key)
      ? this.control
      : (this.entries as LRUCache<string, string | Counter | number>);
  }

  getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    return Promise.resolve(
      keys.map((key) => {
        const value = this.mapOf(key).get(key);
        return typeof value === 'string' ? value : undefined;
      }),
    );
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.mapOf(key).set(key, value, { ttl: ttlMs });
    return Promise.resolve();
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const map = this.mapOf(key);
    if (map.has(key)) return Promise.resolve(false);
    map.set(key, value, { ttl: ttlMs });
    return Promise.resolve(true);
  }

  extendIfEqual(key: string, value: string, ttlMs: number): Promise<boolean> {
    const map = this.mapOf(key);
    if (map.get(key) !== value) return Promise.resolve(false);
    map.set(key, value, { ttl: ttlMs });
    return Promise.resolve(true);
  }

  deleteIfEqual(key: string, value: string): Promise<void> {
    const map = this.mapOf(key);
    if (map.get(key) === value) map.delete(key);
    return Promise.resolve();
  }

  increment(key: string, ttlMs: number): Promise<CounterReading> {
    const now = Date.now();
    const held = this.control.get(key);
    const counter: Counter =
      typeof held === 'object' && held.expiresAt > now ? held : { value: 0, expiresAt: now + ttlMs };
    counter.value += 1;
    this.control.set(key, counter, { ttl: counter.expiresAt - now });
    return Promise.resolve({ value: counter.value, ttlMs: counter.expiresAt - now });
  }

  reserveSlot(key: string, intervalMs: number, maxWaitMs: number): Promise<SlotReservation> {
    const now = performance.now();
    const held = this.control.get(key);
    const tat = typeof held === 'number' && held > now ? held : now;
    const waitMs = tat - now;
    if (waitMs > maxWaitMs) return Promise.resolve({ granted: false, waitMs });
    const next = tat + intervalMs;
    // Kept until its time has passed: after that, an absent key means the same (the next call goes at once).
    this.control.set(key, next, { ttl: Math.ceil(next - now) });
    return Promise.resolve({ granted: true, waitMs });
  }

  publishIfHolder(
    lease: { key: string; holder: string },
    channel: string,
    message: string,
    keep?: { key: string; ttlMs: number },
  ): Promise<boolean> {
    // One synchronous section from the check to the publish (this store's set and publish do their work
    // before they return): nothing else runs between them.
    if (this.mapOf(lease.key).get(lease.key) !== lease.holder) return Promise.resolve(false);
    if (keep) void this.set(keep.key, message, keep.ttlMs);
    void this.publish(channel, message);
    return Promise.resolve(true);
  }

  publish(channel: string, message: string): Promise<void> {
    const listeners = this.channels.get(channel);
    // Delivered after the publisher's turn, as Redis would: a listener never runs inside `publish`.
    if (listeners) for (const listener of [...listeners]) queueMicrotask(() => listener(message));
    return Promise.resolve();
  }

  subscribe(channel: string, listener: (message: string) => void): () => void {
    let listeners = this.channels.get(channel);
    if (!listeners) this.channels.set(channel, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.channels.get(channel) === listeners) this.channels.delete(channel);
    };
  }

  health(): StateHealth {
    return { store: 'memory', up: true };
  }

  close(): Promise<void> {
    this.entries.clear();
    this.control.clear();
    this.channels.clear();
    return Promise.resolve();
  }
}
