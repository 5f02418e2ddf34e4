// The entity cache (IMAGE_GATEWAY_CACHE_TTL_MS, off by default): what an
// upstream read answered, kept for later requests, in the shared state
// (src/state/), so that every replica answers from what any one of them read.
//
// It sits under the per-request DataLoaders (./loader-cache.ts wraps their
// batch functions, ./list-cache.ts a source's list pages): the loaders still
// batch and dedupe within a request, and only the keys the cache cannot
// answer reach the upstream, in one batch as before.
//
// Private to the caller. An entry's key is a keyed hash of the source
// instance, the caller (who they are, and the cloud token of their own that a
// passthrough source reads with), the caller's tenants, the loader and the
// loader's key: one caller's answer is never another's, even when both would
// read the same thing.
//
// Invalidation without a list of entries. Each source instance has a
// generation (one small key with a TTL); every entry records the generation
// it was read under, and an entry of an older one is a miss. The gateway's
// own writes (every Mutation field: ./writes.ts) and a watch poller that sees
// a change give the instance a new generation, on every replica at once since
// they all read it beside the entry (one MGET). A generation is a fresh
// random value, not a counter, so one that expired and came back can never
// match an old entry; and it outlives every entry read under the previous
// one. The cost: a write to one image makes the whole instance's entries
// misses, for every caller (writes are rare beside reads; no set of entries
// to track, nothing that grows).
//
// Stale-while-revalidate (IMAGE_GATEWAY_CACHE_STALE_MS): an entry past its
// TTL but within the stale window is still answered, and one refresh runs in
// the background (one per entry across replicas: a short lock in the shared
// state); a failed refresh leaves the entry as it was. Nothing is cached
// for a failed read, nor for "not found" (an image created since would stay
// hidden).

import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/index.js';
import type { GatewayContext } from '../context-types.js';
import type { SourceInstance } from '../sources/index.js';
import type { GatewayState, StateMetrics } from '../state/index.js';
import { decodeCached, encodeCached } from './codec.js';

/** How long a refresh holds its lock; past it another replica may refresh. */
const REFRESH_LOCK_MS = 15_000;

/** One cache entry as stored. */
interface StoredEntry {
  /** When it was read, epoch ms. */
  t: number;
  /** The instance's generation it was read under. */
  g: string;
  /** The value (./codec.ts). */
  v: unknown;
}

/** What a lookup found for one key. */
export type Lookup<V> = { outcome: 'hit' | 'stale'; value: V } | { outcome: 'miss' };

/** The cache as one request sees one source instance. */
export class CacheView {
  constructor(
    private readonly cache: EntityCache,
    private readonly context: GatewayContext,
    private readonly instance: SourceInstance,
    /** The keyed hash of who is asking (caller, cloud token, tenants). */
    private readonly callerPart: string,
  ) {}

  /**
   * Looks up `keys` of `kind` (a loader's name, `list`): the entries and the
   * instance's generation in one read. The generation read is returned for
   * `store`: an entry records the generation seen before the upstream read,
   * so a write that lands meanwhile makes it a miss.
   */
  async lookup<V>(kind: string, keys: readonly string[]): Promise<{ found: Lookup<V>[]; generation: string }> {
    const { cache } = this;
    const writing = cache.isWriting(this.context);
    const names = keys.map((key) => this.entryName(kind, key));
    const [generation = '0', ...texts] = await cache.state.store.getMany([
      cache.generationKey(this.instance),
      ...names,
    ]);
    const now = Date.now();
    const found = texts.map((text): Lookup<V> => {
      // A request that writes reads the cloud itself: what it answers must be what the write left.
      if (!text || writing) return { outcome: 'miss' };
      const entry = decodeCached(text) as StoredEntry;
      if (entry.g !== generation) return { outcome: 'miss' };
      const age = now - entry.t;
      if (age < cache.ttlMs) return { outcome: 'hit', value: entry.v as V };
      if (age < cache.ttlMs + cache.staleMs) return { outcome: 'stale', value: entry.v as V };
      return { outcome: 'miss' };
    });
    const counts = { hit: 0, miss: 0, stale: 0 };
    for (const lookup of found) counts[lookup.outcome] += 1;
    const { provider, name } = this.instance.config;
    for (const outcome of ['hit', 'miss', 'stale'] as const) {
      if (counts[outcome] > 0) cache.metrics?.cacheAnswered(provider, name, outcome, counts[outcome]);
    }
    return { found, generation };
  }

  /** Stores what the upstream answered for `key`, under the generation `lookup` returned. */
  store(kind: string, key: string, value: unknown, generation: string): Promise<void> {
    const { cache } = this;
    if (cache.isWriting(this.context)) return Promise.resolve();
    const entry: StoredEntry = { t: Date.now(), g: generation, v: value };
    return cache.state.store.set(this.entryName(kind, key), encodeCached(entry), cache.ttlMs + cache.staleMs);
  }

  /**
   * Runs `refresh` in the background unless a refresh of this entry runs
   * already, here or on another replica; stores what it answers.
   */
  refreshInBackground(kind: string, key: string, refresh: () => Promise<unknown>): void {
    const name = this.entryName(kind, key);
    void this.cache.refreshOnce(name, async () => {
      const { generation } = await this.lookup(kind, []);
      const value = await refresh();
      if (value !== null && value !== undefined && !(value instanceof Error)) {
        await this.store(kind, key, value, generation);
      }
    });
  }

  private entryName(kind: string, key: string): string {
    return this.cache.state.keys.entry(this.instance.config.name, this.callerPart, kind, key);
  }
}

export class EntityCache {
  readonly ttlMs: number;
  readonly staleMs: number;
  private readonly writing = new WeakSet<GatewayContext>();
  private readonly refreshing = new Set<string>();

  constructor(
    readonly state: GatewayState,
    readonly metrics: StateMetrics | undefined,
  ) {
    this.ttlMs = state.settings.cacheTtlMs;
    this.staleMs = state.settings.cacheStaleMs;
  }

  /** Whether the cache is on (IMAGE_GATEWAY_CACHE_TTL_MS > 0). */
  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** The request's view of one instance's entries; undefined when the cache is off. */
  viewFor(context: GatewayContext, instance: SourceInstance): CacheView | undefined {
    if (!this.enabled) return undefined;
    return new CacheView(this, context, instance, this.callerPart(context.caller, context.scope.credentials?.token));
  }

  /** From now on this request writes: its reads skip the cache, and store nothing. */
  markWriting(context: GatewayContext): void {
    this.writing.add(context);
  }

  isWriting(context: GatewayContext): boolean {
    return this.writing.has(context);
  }

  /** Makes every entry of these instances a miss, for every caller, on every replica. */
  async invalidate(instanceNames: Iterable<string>): Promise<void> {
    if (!this.enabled) return;
    // Outlives every entry read under the previous generation (they live ttl + stale).
    const lifetime = 2 * (this.ttlMs + this.staleMs);
    await Promise.all(
      [...instanceNames].map((name) => this.state.store.set(this.generationKeyOf(name), randomUUID(), lifetime)),
    );
  }

  generationKey(instance: SourceInstance): string {
    return this.generationKeyOf(instance.config.name);
  }

  /** Runs `task` unless the entry `name` is being refreshed already (here, or on another replica). */
  async refreshOnce(name: string, task: () => Promise<void>): Promise<void> {
    if (this.refreshing.has(name)) return;
    this.refreshing.add(name);
    const lock = this.state.keys.control('refresh', name);
    const token = randomUUID();
    try {
      if (!(await this.state.store.setIfAbsent(lock, token, REFRESH_LOCK_MS))) return;
      await task().catch(() => undefined);
      await this.state.store.deleteIfEqual(lock, token);
    } finally {
      this.refreshing.delete(name);
    }
  }

  private generationKeyOf(instanceName: string): string {
    return this.state.keys.control('gen', instanceName);
  }

  private callerPart(caller: Caller, cloudToken: string | undefined): string {
    return this.state.keys.hash(caller.via, caller.id, cloudToken ?? null, [...caller.tenants].sort());
  }
}
