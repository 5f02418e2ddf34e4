// One poller per watched image across replicas (src/watch/shared.ts): what a
// leader that lost its lease may still do. Its read in flight when the lease
// went (a slow upstream) comes back after another replica took over; that
// late, older state must reach no subscriber and must not become the state a
// later subscriber is given, even when the new leader has already published.
//
// Three "replicas" are three SharedWatchRegistry instances on one store: one
// in-process store shared by all three, and real Redis (test/support/redis.ts)
// with a client of its own per replica, as separate processes would have.
// Reads are promises the test resolves, and the poll interval and lease are
// long, so nothing happens but what the test does.
//
// And a leader whose Redis blinks (CLIENT PAUSE): it falls back to an
// in-process lease with an in-process fencing token (1), and must not then
// lead on Redis under that token once Redis is back (a token per term), or
// every other replica drops its events for as long as it renews.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STATE } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import type { AnyImageModel } from '../../src/models.js';
import type { SourceInstance } from '../../src/sources/index.js';
import { MemoryState, RedisState, StateKeys, type GatewayState, type SharedState } from '../../src/state/index.js';
import { SharedWatchRegistry, type WatchEvent } from '../../src/watch/index.js';
import { startRedis, type TestRedis } from '../support/redis.js';
import { TIMING_SLACK_MS } from '../support/timing.js';

const logger = createLogger({ level: 'silent' });
const keys = new StateKeys('t:', Buffer.alloc(32, 7));
const settings = { ...DEFAULT_STATE, watchLeaseMs: 60_000 };
const instance = { config: { name: 'ims:test' } } as unknown as SourceInstance;
const ID = 'img-1';
const CREDENTIAL = 'credential-hash';
const LEASE = keys.control('lease', instance.config.name, ID, CREDENTIAL);
const LAST = keys.control('last', instance.config.name, ID, CREDENTIAL);

/** An image as a read returns it: only what change detection and the test look at. */
const image = (status: 'QUEUED' | 'CREATING', at: string) =>
  ({
    __typename: 'ImsImage',
    id: ID,
    status,
    vendorStatus: status.toLowerCase(),
    updatedAt: new Date(at),
  }) as unknown as AnyImageModel;
const OLDER = image('QUEUED', '2026-12-08T10:00:00Z');
const NEWER = image('CREATING', '2026-12-08T10:00:05Z');

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/** Each replica's store: one in-process store for all, or a Redis client each. */
const stores: Array<[string, () => () => Promise<SharedState>]> = [
  [
    'in-process',
    () => {
      const one = new MemoryState({ maxEntries: 100, isControlKey: (key) => keys.isControlKey(key) });
      return () => Promise.resolve(one);
    },
  ],
  ['Redis', () => () => openRedisStore(500)],
];

/** A replica's own Redis client, each command given `timeoutMs`. */
async function openRedisStore(timeoutMs: number): Promise<SharedState> {
  const store = new RedisState({
    url: redis.url,
    timeoutMs,
    maxEntries: 100,
    isControlKey: (key) => keys.isControlKey(key),
    logger,
  });
  await store.connect(2_000);
  return store;
}

/** A replica's watches on `store`, polling every `intervalMs`, its leases lasting `leaseMs`. */
function registryOn(store: SharedState, intervalMs: number, leaseMs = settings.watchLeaseMs): SharedWatchRegistry {
  const state: GatewayState = { store, keys, settings: { ...settings, watchLeaseMs: leaseMs } };
  return new SharedWatchRegistry({ state, intervalMs, maxImages: 10, logger, scrub: (text) => text });
}

function watch(registry: SharedWatchRegistry, read: () => Promise<AnyImageModel | null>) {
  return registry.watch({ instance, id: ID, credentialKey: CREDENTIAL, read });
}

/** The next event, or undefined when none comes within `ms`. */
async function nextEvent(events: AsyncIterator<WatchEvent>, ms = TIMING_SLACK_MS): Promise<WatchEvent | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const none = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  const result = await Promise.race([events.next().then((r) => (r.done ? undefined : r.value)), none]);
  clearTimeout(timer);
  return result;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(stores)('a stale leader, %s', (_name, storeFactory) => {
  const opened: SharedState[] = [];
  const registries: SharedWatchRegistry[] = [];
  afterAll(async () => {
    for (const registry of registries) registry.close();
    await Promise.all([...new Set(opened)].map((store) => store.close()));
  });

  it('cannot publish, nor overwrite the last state, once another replica holds the lease', async () => {
    const storeOfReplica = storeFactory();
    const replica = async () => {
      const store = await storeOfReplica();
      opened.push(store);
      const registry = registryOn(store, 60_000);
      registries.push(registry);
      return { store, registry };
    };

    // A leads; its first read hangs, as on a slow upstream.
    const a = await replica();
    let answerA!: (image: AnyImageModel) => void;
    const eventsA = watch(a.registry, () => new Promise((resolve) => (answerA = resolve)));
    await until(async () => (await a.store.getMany([LEASE]))[0] !== undefined, "A's lease");

    // A's lease runs out (a pause longer than the lease), and B takes it and publishes the newer state.
    await a.store.set(LEASE, 'nobody', 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const b = await replica();
    const eventsB = watch(b.registry, () => Promise.resolve(NEWER));
    expect((await nextEvent(eventsB))?.image?.status).toBe('CREATING');
    expect((await nextEvent(eventsA))?.image?.status).toBe('CREATING');

    // A's read comes back now, with the older state.
    answerA(OLDER);
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Nobody hears it, and a subscriber who joins later (on a third replica) is given the newer state.
    expect(await nextEvent(eventsA, 200)).toBeUndefined();
    expect(await nextEvent(eventsB, 200)).toBeUndefined();
    const c = await replica();
    const eventsC = watch(c.registry, () => new Promise(() => undefined));
    expect((await nextEvent(eventsC))?.image?.status).toBe('CREATING');
    const [kept] = await c.store.getMany([LAST]);
    expect(kept).toContain('CREATING');
    expect(kept).not.toContain('QUEUED');
  });
});

describe('a leader whose Redis blinks', () => {
  const FENCE = keys.control('fence', instance.config.name, ID, CREDENTIAL);
  const opened: SharedState[] = [];
  const registries: SharedWatchRegistry[] = [];
  afterAll(async () => {
    for (const registry of registries) registry.close();
    await Promise.all(opened.map((store) => store.close()));
  });

  it('leads again with a fencing token the other replicas accept, not with its in-process one', async () => {
    const leaseMs = 600;
    const replica = async () => {
      const store = await openRedisStore(100);
      opened.push(store);
      const registry = registryOn(store, 100, leaseMs);
      registries.push(registry);
      return registry;
    };
    // Every read is a change: a leader publishes every 100 ms or so.
    const read = () => Promise.resolve(image('QUEUED', new Date().toISOString()));
    // Earlier terms have used fencing tokens up to 5.
    await redis.command('SET', FENCE, '5', 'PX', '600000');
    const a = await replica();
    watch(a, read);
    await until(async () => (await redis.command('GET', LEASE)).includes('-'), "A's lease");
    const b = await replica();
    // B reads as well: after the blink, whichever replica takes the lease must be heard.
    const eventsB = watch(b, read);
    expect(await nextEvent(eventsB)).toBeDefined();

    // Redis answers nobody for 400 ms: A falls back to an in-process lease (fencing token 1), then Redis is back.
    await redis.command('CLIENT', 'PAUSE', '400', 'ALL');
    await new Promise((resolve) => setTimeout(resolve, 600));
    // B hears a leader again within a lease period or two (A, or B itself once A's old lease has run out):
    // events under a token B accepts, not A's in-process one.
    for (let i = 0; i < 3; i += 1) await nextEvent(eventsB, 100); // what was under way
    const heard = await nextEvent(eventsB, 5 * leaseMs);
    expect(heard?.image?.status).toBe('QUEUED');
  });
});
