// The Redis store, when IMAGE_GATEWAY_REDIS_URL is set: what every replica
// shares. The client is the official `redis` package (node-redis v5):
// maintained by Redis itself, typed, Node >= 18, reconnects on its own and
// re-subscribes after a reconnect; ioredis is in maintenance mode and Redis
// recommends node-redis for new code.
//
// Redis is never a single point of failure. Every command has a short
// deadline (IMAGE_GATEWAY_REDIS_TIMEOUT_MS, default 100 ms) and is not even
// sent while the client is not connected (the offline queue is off, so
// nothing waits for a reconnect). When Redis cannot answer:
//   - reads (cache entries, generations) answer "absent": cache misses, never
//     a stale entry from a replica's own memory that another replica's write
//     could not reach;
//   - plain writes (cache entries) are dropped;
//   - leases, counters, upstream call pacers and change notices fall back to
//     the in-process store: each replica polls for its own subscribers, counts
//     its own callers, paces its own upstream calls, and hears its own pollers;
// a warning is logged once per outage, `image_gateway_redis_up` says 0, and
// `/readyz` names the store as degraded. When Redis answers again, the client
// reconnects by itself and the next command of each kind goes back to it
// (the leases then elect one poller again: src/watch/shared.ts).

import { createClient } from 'redis';
import type { Logger } from '../logger.js';
import { MemoryState } from './memory.js';
import type { CounterReading, SharedState, SlotReservation, StateHealth } from './types.js';

export interface RedisStateOptions {
  /** redis:// or rediss:// URL (it may carry a password: never logged). */
  url: string;
  /** Deadline of one command, ms. */
  timeoutMs: number;
  /** Bound of the in-process fallback's cache entries (it holds none in practice: cache reads do not fall back). */
  maxEntries: number;
  isControlKey(key: string): boolean;
  logger: Logger;
}

// Lua, so that the comparison and the change are one atomic step.
const EXTEND_IF_EQUAL = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const DELETE_IF_EQUAL = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const INCREMENT = `local v = redis.call('INCR', KEYS[1])
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) t = tonumber(ARGV[1]) end
return {v, t}`;

// GCRA, one atomic step: KEYS[1] holds the theoretical arrival time (TAT) of
// the next call, microseconds on Redis's own clock (TIME: one clock for every
// replica, whatever theirs say). The slot is max(TAT, now); when it is more
// than ARGV[2] µs away nothing is written and the wait is returned; else the
// TAT moves one interval (ARGV[1] µs) past it, with a TTL that ends once it is
// in the past (an absent key then means the same: the next call goes at once).
// Redis 7 replicates a script's effects, not the script, so TIME before a
// write is allowed. Microseconds since 1970 (~1.8e15) are exact in Lua's
// doubles (< 2^53); '%.0f' writes them without an exponent.
const RESERVE_SLOT = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then tat = now end
local wait = tat - now
if wait > tonumber(ARGV[2]) then return {0, wait} end
local nextTat = tat + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%.0f', nextTat), 'PX', math.ceil((nextTat - now) / 1000))
return {1, wait}`;

// A lease holder's publish (and its copy for later subscribers), one atomic
// step: nothing is written or sent unless KEYS[1] still holds ARGV[1].
// KEYS[2], when given, keeps the message for ARGV[4] ms. The channel is an
// argument, not a key: pub/sub channels are not keys to Redis.
const PUBLISH_IF_HOLDER = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if #KEYS > 1 then redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4]) end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1`;

type Client = ReturnType<typeof createClient>;

/** A failure of Redis itself (down, slow), as opposed to a bug in a caller. */
class RedisUnavailable extends Error {}

export class RedisState implements SharedState {
  readonly store = 'redis' as const;
  private readonly client: Client;
  private readonly subscriber: Client;
  private readonly fallback: MemoryState;
  private readonly channels = new Map<string, { listeners: Set<(m: string) => void>; dispatch: (m: string) => void }>();
  private up = false;
  private warned = false;
  private closed = false;

  constructor(private readonly options: RedisStateOptions) {
    this.fallback = new MemoryState({
      maxEntries: options.maxEntries,
      isControlKey: (key) => options.isControlKey(key),
    });
    this.client = createClient({
      url: options.url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 2_000,
        // Back off to one attempt a second while Redis is away; never give up.
        reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1_000),
      },
    });
    this.subscriber = this.client.duplicate();
    for (const client of [this.client, this.subscriber]) {
      // Without an 'error' listener a lost connection would throw; the message names no password (the URL is not in it).
      client.on('error', (error: unknown) => this.down(error));
    }
    this.client.on('ready', () => this.rejoined());
    this.subscriber.on('ready', () => void this.resubscribe());
  }

  /** Connects in the background; resolves once connected or after `waitMs`, whichever is first (a start never waits for Redis). */
  async connect(waitMs: number): Promise<void> {
    const connected = Promise.all([this.client.connect(), this.subscriber.connect()]).then(
      () => undefined,
      (error: unknown) => this.down(error),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([connected, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }

  health(): StateHealth {
    return { store: 'redis', up: this.up && this.client.isReady };
  }

  getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.command(
      async (client) => (await client.mGet([...keys])).map((value) => value ?? undefined),
      () => keys.map(() => undefined),
    );
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.command(
      async (client) => void (await client.set(key, value, { PX: Math.max(1, Math.ceil(ttlMs)) })),
      () => undefined,
    );
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.command(
      async (client) => (await client.set(key, value, { PX: Math.max(1, Math.ceil(ttlMs)), NX: true })) === 'OK',
      () => this.fallback.setIfAbsent(key, value, ttlMs),
    );
  }

  extendIfEqual(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.command(
      async (client) =>
        Number(await client.eval(EXTEND_IF_EQUAL, { keys: [key], arguments: [value, String(Math.ceil(ttlMs))] })) === 1,
      () => this.fallback.extendIfEqual(key, value, ttlMs),
    );
  }

  deleteIfEqual(key: string, value: string): Promise<void> {
    return this.command(
      async (client) => void (await client.eval(DELETE_IF_EQUAL, { keys: [key], arguments: [value] })),
      () => this.fallback.deleteIfEqual(key, value),
    );
  }

  increment(key: string, ttlMs: number): Promise<CounterReading> {
    return this.command(
      async (client) => {
        const [value, ttl] = (await client.eval(INCREMENT, {
          keys: [key],
          arguments: [String(Math.ceil(ttlMs))],
        })) as [number, number];
        return { value: Number(value), ttlMs: Number(ttl) };
      },
      () => this.fallback.increment(key, ttlMs),
    );
  }

  reserveSlot(key: string, intervalMs: number, maxWaitMs: number): Promise<SlotReservation> {
    // Whole microseconds, at least one: the script's arithmetic stays in integers.
    const intervalUs = Math.max(1, Math.round(intervalMs * 1000));
    const maxWaitUs = Math.max(0, Math.floor(maxWaitMs * 1000));
    return this.command(
      async (client) => {
        const [granted, waitUs] = (await client.eval(RESERVE_SLOT, {
          keys: [key],
          arguments: [String(intervalUs), String(maxWaitUs)],
        })) as [number, number];
        return { granted: Number(granted) === 1, waitMs: Number(waitUs) / 1000 };
      },
      // Redis away: this replica paces its own calls (the limit then holds per replica, not summed).
      () => this.fallback.reserveSlot(key, intervalMs, maxWaitMs),
    );
  }

  publish(channel: string, message: string): Promise<void> {
    return this.command(
      async (client) => void (await client.publish(channel, message)),
      () => this.fallback.publish(channel, message),
    );
  }

  publishIfHolder(
    lease: { key: string; holder: string },
    channel: string,
    message: string,
    keep?: { key: string; ttlMs: number },
  ): Promise<boolean> {
    return this.command(
      async (client) =>
        Number(
          await client.eval(PUBLISH_IF_HOLDER, {
            keys: keep ? [lease.key, keep.key] : [lease.key],
            arguments: [lease.holder, channel, message, String(Math.max(1, Math.ceil(keep?.ttlMs ?? 1)))],
          }),
        ) === 1,
      // Redis away (or slow): sent to this replica's own listeners, as publish is, and not taken for a lost
      // lease: the Lua may have run, and a leader that stopped on a timeout could not take its own lease back
      // until it expired. Its next renewal says whether it still leads.
      async () => {
        if (keep) await this.fallback.set(keep.key, message, keep.ttlMs);
        await this.fallback.publish(channel, message);
        return true;
      },
    );
  }

  subscribe(channel: string, listener: (message: string) => void): () => void {
    let entry = this.channels.get(channel);
    if (!entry) {
      const listeners = new Set<(m: string) => void>();
      entry = { listeners, dispatch: (message) => listeners.forEach((l) => l(message)) };
      this.channels.set(channel, entry);
      if (this.subscriber.isReady) void this.subscriber.subscribe(channel, entry.dispatch).catch(() => undefined);
    }
    entry.listeners.add(listener);
    // Also on the fallback: while Redis is away, this replica's own publishers reach it there.
    const leaveFallback = this.fallback.subscribe(channel, listener);
    const current = entry;
    return () => {
      leaveFallback();
      current.listeners.delete(listener);
      if (current.listeners.size > 0 || this.channels.get(channel) !== current) return;
      this.channels.delete(channel);
      if (this.subscriber.isReady) void this.subscriber.unsubscribe(channel, current.dispatch).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      [this.client, this.subscriber].map((client) =>
        client.isOpen ? client.close().catch(() => undefined) : Promise.resolve(),
      ),
    );
    await this.fallback.close();
  }

  // Private: one command within the deadline, or the fallback's answer.
  private async command<T>(run: (client: Client) => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
    if (!this.client.isReady) return fallback();
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        run(this.client),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new RedisUnavailable(`no answer within ${this.options.timeoutMs} ms`)),
            this.options.timeoutMs,
          );
        }),
      ]);
      if (!this.up) this.rejoined();
      return result;
    } catch (error) {
      this.down(error);
      return fallback();
    } finally {
      clearTimeout(timer);
    }
  }

  // Private: Redis failed; warn once per outage.
  private down(error: unknown): void {
    this.up = false;
    if (this.warned || this.closed) return;
    this.warned = true;
    const reason = error instanceof Error ? error.message : String(error);
    this.options.logger.warn(
      { store: 'redis', reason: reason.replace(/\/\/[^@/]*@/g, '//***@') },
      'Redis does not answer: running on in-process state (cache misses, local pollers, local rate counters and upstream pacing) until it does',
    );
  }

  // Private: Redis answers (again).
  private rejoined(): void {
    if (this.up || this.closed) return;
    this.up = true;
    if (this.warned) this.options.logger.info({ store: 'redis' }, 'Redis answers again: shared state resumed');
    this.warned = false;
  }

  // Private: after a reconnect of the subscriber, every channel again (node-redis re-subscribes too; a repeat is harmless).
  private async resubscribe(): Promise<void> {
    for (const [channel, entry] of this.channels) {
      await this.subscriber.subscribe(channel, entry.dispatch).catch(() => undefined);
    }
  }
}
