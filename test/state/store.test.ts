// The shared-state port, one contract run against both stores: in-process,
// and Redis (a real redis-server on loopback, test/support/redis.ts); then
// what only Redis does (a pacer's key expires once its slot has passed; two
// replicas share one pacer); then
// what the Redis store does when Redis goes away mid-use: every call answers
// within the command deadline (reads as misses, the rest on in-process
// state), a warning is logged once, health says degraded, and it rejoins on
// its own when Redis is back.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { MemoryState, RedisState, type SharedState } from '../../src/state/index.js';
import { startRedis, type TestRedis } from '../support/redis.js';

const isControlKey = (key: string) => key.startsWith('t:k:');
let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const stores: Array<[string, () => Promise<SharedState>]> = [
  ['memory', () => Promise.resolve(new MemoryState({ maxEntries: 100, isControlKey }))],
  [
    'redis',
    async () => {
      const store = new RedisState({
        url: redis.url,
        timeoutMs: 100,
        maxEntries: 100,
        isControlKey,
        logger: createLogger({ level: 'silent' }),
      });
      await store.connect(2_000);
      return store;
    },
  ],
];

describe.each(stores)('the %s store', (_name, open) => {
  let store: SharedState;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('keeps a value for its TTL and no longer', async () => {
    await store.set('t:e:a', 'one', 150);
    expect(await store.getMany(['t:e:a', 't:e:absent'])).toEqual(['one', undefined]);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await store.getMany(['t:e:a'])).toEqual([undefined]);
  });

  it('leases: set-if-absent, compare-and-extend, compare-and-delete', async () => {
    expect(await store.setIfAbsent('t:k:lease', 'A', 1_000)).toBe(true);
    expect(await store.setIfAbsent('t:k:lease', 'B', 1_000)).toBe(false);
    expect(await store.extendIfEqual('t:k:lease', 'B', 1_000)).toBe(false);
    expect(await store.extendIfEqual('t:k:lease', 'A', 1_000)).toBe(true);
    await store.deleteIfEqual('t:k:lease', 'B');
    expect(await store.getMany(['t:k:lease'])).toEqual(['A']);
    await store.deleteIfEqual('t:k:lease', 'A');
    expect(await store.setIfAbsent('t:k:lease', 'B', 1_000)).toBe(true);
  });

  it('counts in a fixed window that starts at the first increment', async () => {
    const first = await store.increment('t:k:count', 200);
    const second = await store.increment('t:k:count', 200);
    expect([first.value, second.value]).toEqual([1, 2]);
    expect(second.ttlMs).toBeGreaterThan(0);
    expect(second.ttlMs).toBeLessThanOrEqual(200);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await store.increment('t:k:count', 200)).value).toBe(1);
  });

  it('paces: every slot one interval after the one before, however close together they are asked for', async () => {
    const interval = 100;
    const slots: Array<{ earliest: number; latest: number; waitMs: number }> = [];
    for (let i = 0; i < 5; i += 1) {
      const before = performance.now();
      const reservation = await store.reserveSlot('t:k:pace', interval, Infinity);
      const after = performance.now();
      expect(reservation.granted).toBe(true);
      // The store's clock read "now" somewhere between `before` and `after`; the slot is that plus the wait.
      slots.push({ earliest: before + reservation.waitMs, latest: after + reservation.waitMs, ...reservation });
    }
    expect(slots[0].waitMs).toBe(0);
    for (let i = 1; i < slots.length; i += 1) {
      expect(slots[i].latest - slots[i - 1].earliest).toBeGreaterThanOrEqual(interval);
      // Never further than the queue asks: i slots after the first, which was "now" when the i-th was asked.
      expect(slots[i].waitMs).toBeLessThanOrEqual(i * interval);
    }
  });

  it('refuses a slot further than maxWaitMs away, and takes none', async () => {
    expect(await store.reserveSlot('t:k:refuse', 500, 0)).toEqual({ granted: true, waitMs: 0 });
    const refused = await store.reserveSlot('t:k:refuse', 500, 100);
    expect(refused.granted).toBe(false);
    expect(refused.waitMs).toBeGreaterThan(100);
    expect(refused.waitMs).toBeLessThanOrEqual(500);
    // The slot the refused call was offered is still free: the next caller gets it, not the one after.
    const next = await store.reserveSlot('t:k:refuse', 500, 10_000);
    expect(next.granted).toBe(true);
    expect(next.waitMs).toBeLessThanOrEqual(500);
  });

  it('once the last slot has passed, the next call goes at once', async () => {
    await store.reserveSlot('t:k:idle', 100, 0);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await store.reserveSlot('t:k:idle', 100, 0)).toEqual({ granted: true, waitMs: 0 });
  });

  it('delivers a published message to every subscriber of the channel', async () => {
    const heard: string[] = [];
    const stopA = store.subscribe('t:ch:x', (m) => heard.push(`a:${m}`));
    const stopB = store.subscribe('t:ch:x', (m) => heard.push(`b:${m}`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.publish('t:ch:x', 'hello');
    await expect.poll(() => heard.sort()).toEqual(['a:hello', 'b:hello']);
    stopA();
    stopB();
  });

  it("publishes and keeps a lease holder's message, and nothing of anyone else's", async () => {
    const heard: string[] = [];
    const stop = store.subscribe('t:ch:held', (m) => heard.push(m));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await store.setIfAbsent('t:k:held', 'A', 1_000)).toBe(true);
    const keep = { key: 't:k:kept', ttlMs: 1_000 };
    expect(await store.publishIfHolder({ key: 't:k:held', holder: 'A' }, 't:ch:held', 'from A', keep)).toBe(true);
    expect(await store.publishIfHolder({ key: 't:k:held', holder: 'B' }, 't:ch:held', 'from B', keep)).toBe(false);
    expect(await store.publishIfHolder({ key: 't:k:nobody', holder: 'A' }, 't:ch:held', 'no lease', keep)).toBe(false);
    // Without `keep`, only sent.
    expect(await store.publishIfHolder({ key: 't:k:held', holder: 'A' }, 't:ch:held', 'sent only')).toBe(true);
    await expect.poll(() => heard).toEqual(['from A', 'sent only']);
    expect(await store.getMany(['t:k:kept'])).toEqual(['from A']);
    stop();
  });
});

describe('a pacer in Redis', () => {
  const open = stores[1][1];

  it('keeps its key until its slot has passed, not longer (every key has a TTL)', async () => {
    const store = await open();
    try {
      await store.reserveSlot('t:k:ttl', 300, 0);
      const ttl = Number(/:(-?\d+)/.exec(await redis.command('PTTL', 't:k:ttl'))?.[1]);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(300);
      expect(await redis.command('TYPE', 't:k:ttl')).toContain('string');
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await redis.command('EXISTS', 't:k:ttl')).toContain(':0');
    } finally {
      await store.close();
    }
  });

  it('is one for every replica: two stores asking in turn get slots one interval apart', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    try {
      const interval = 100;
      const slots: Array<{ earliest: number; latest: number }> = [];
      for (let i = 0; i < 6; i += 1) {
        const before = performance.now();
        const reservation = await (i % 2 === 0 ? a : b).reserveSlot('t:k:shared', interval, 10_000);
        const after = performance.now();
        expect(reservation.granted).toBe(true);
        slots.push({ earliest: before + reservation.waitMs, latest: after + reservation.waitMs });
      }
      // Each replica on its own would have offered its first call at once, beside the other's.
      for (let i = 1; i < slots.length; i += 1) {
        expect(slots[i].latest - slots[i - 1].earliest).toBeGreaterThanOrEqual(interval);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('the Redis store when Redis goes away', () => {
  it('answers within the deadline on in-process state, warns once, and rejoins when Redis is back', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: { write: (line: string) => void lines.push(line) } as unknown as NodeJS.WritableStream,
    });
    const store = new RedisState({ url: redis.url, timeoutMs: 100, maxEntries: 100, isControlKey, logger });
    try {
      await store.connect(2_000);
      expect(store.health()).toEqual({ store: 'redis', up: true });
      await store.set('t:e:kept', 'v', 60_000);

      await redis.stop({ abruptly: true });
      const started = performance.now();
      expect(await store.getMany(['t:e:kept'])).toEqual([undefined]);
      expect((await store.increment('t:k:c', 60_000)).value).toBe(1);
      expect(await store.setIfAbsent('t:k:l', 'A', 60_000)).toBe(true);
      expect(await store.reserveSlot('t:k:s', 60_000, 0)).toEqual({ granted: true, waitMs: 0 });
      expect((await store.reserveSlot('t:k:s', 60_000, 0)).granted).toBe(false);
      await store.publish('t:ch:y', 'x');
      expect(performance.now() - started).toBeLessThan(500);
      await expect.poll(() => store.health().up).toBe(false);
      await store.getMany(['t:e:kept']);
      const warnings = lines.filter((line) => line.includes('Redis does not answer'));
      expect(warnings).toHaveLength(1);
      expect(lines.join('\n')).not.toContain(redis.url);

      await redis.restart();
      await expect.poll(() => store.health().up, { timeout: 5_000 }).toBe(true);
      await store.set('t:e:again', 'v', 60_000);
      expect(await redis.command('GET', 't:e:again')).toContain('v');
    } finally {
      await store.close();
    }
  });
});
