// Several gateway processes (`node dist/src/main.js`) in front of ONE
// upstream (the sandbox's emulators, started here, whose recorded calls are
// the count) and one real Redis (test/support/redis.ts):
//
//   - three replicas watching one image make the upstream reads of one poller,
//     and every subscriber gets every change;
//   - the leader killed, the next change still reaches every other subscriber
//     within one lease period (1000 ms here) plus one poll interval;
//   - with the cache on, a delete through one replica makes the next read on
//     another answer null;
//   - caller A's cached answer is never served to caller B (passthrough: each
//     caller's own token reaches the cloud; the calls and their tokens are
//     counted), while A's answer is shared by both replicas;
//   - the rate limit holds summed across replicas;
//   - the upstream rate limit holds summed across replicas: concurrent load
//     on two of them reaches the upstream at most limit (+1 at a window's
//     edge) calls in any one second, and every request is answered (its call
//     waited for its turn);
//   - no Redis key, value or channel holds a secret, and every key has a TTL;
//   - Redis killed under load fails no request, /readyz says degraded (200),
//     and the replicas rejoin when it is back.

import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELARTS_SEED, SANDBOX_HUAWEI, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { PollBackoff } from '../../src/watch/index.js';
import { ensureBuilt, spawnBuiltGateway, stopAll, type BuiltGateway } from '../support/built-gateway.js';
import { startRedis, type TestRedis } from '../support/redis.js';
import { report } from '../support/verbose.js';
import { connectWs, record, type RecordedSubscription, type TestWsClient } from '../support/ws.js';

const LEASE_MS = 1_000;
const INTERVAL_MS = 100;
const ALICE = 'MIIalice-iam-token-5f0c3a2b9d8e7f6a5b4c3d2e1f0a9b8c';
const BOB = 'MIIbob-iam-token-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e';
const BOB_PROJECT = '7d6c5b4a39281706f5e4d3c2b1a09f8e';
const RATE_LIMIT = 10;
const UPSTREAM_RATE_LIMIT = 5;

const WATCH = `subscription ($id: ID!) { imageChanged(id: $id) { id status vendorStatus } }`;
const NODE = `query ($id: ID!) { node(id: $id) { id ... on Image { name status } } }`;
const IMS = `query ($id: ID!) { imsImage(id: $id) { id name } }`;
const DELETE = `mutation ($input: DeleteImageInput!) { deleteImage(input: $input) { deletedId } }`;

let redis: TestRedis;
let sandbox: Sandbox;
let trio: BuiltGateway[];
const sockets: TestWsClient[] = [];

function imsImage(id: string, status: string, owner = SANDBOX_HUAWEI.projectId, name = `replicated-${status}`) {
  return {
    id,
    name,
    owner,
    visibility: 'private',
    status,
    created_at: '2024-05-01T10:00:00Z',
    updated_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    container_format: 'bare',
    disk_format: 'qcow2',
    tags: [],
    protected: false,
  };
}

async function query(gw: BuiltGateway, document: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-auth-token': token } : {}) },
    body: JSON.stringify({ query: document, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

/** IMS calls that read `nativeId` (a GET of it, or an id=in: list naming it). */
const readsOf = (nativeId: string) =>
  sandbox.ims
    .calls()
    .filter(
      (call) =>
        call.method === 'GET' &&
        (call.rawPath.includes(nativeId) || (call.query.id ?? []).some((v) => v.includes(nativeId))),
    );

/** The id the gateway gives an IMS image. */
async function globalIdOf(gw: BuiltGateway, nativeId: string, token?: string): Promise<string> {
  const res = await query(gw, IMS, { id: nativeId }, token);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.imsImage.id as string;
}

/** Most reads one poller makes in `ms` (the backoff has no jitter), counting the first. */
function onePollerReads(ms: number): number {
  const backoff = new PollBackoff(INTERVAL_MS);
  let waited = 0;
  let reads = 1;
  for (;;) {
    waited += backoff.next();
    if (waited > ms) return reads;
    reads += 1;
  }
}

function replicaEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...sandbox.env,
    IMAGE_GATEWAY_REDIS_URL: redis.url,
    IMAGE_GATEWAY_WATCH_LEASE_MS: String(LEASE_MS),
    IMAGE_GATEWAY_WATCH_INTERVAL_MS: String(INTERVAL_MS),
    IMAGE_GATEWAY_CACHE_TTL_MS: '60000',
    IMAGE_GATEWAY_UPSTREAM_RETRIES: '0',
    LOG_LEVEL: 'debug',
    ...extra,
  };
}

beforeAll(async () => {
  redis = await startRedis();
  sandbox = await startSandbox({
    modelarts: { projectTokens: { [ALICE]: SANDBOX_HUAWEI.projectId, [BOB]: BOB_PROJECT } },
    ims: { projectTokens: { [ALICE]: SANDBOX_HUAWEI.projectId, [BOB]: BOB_PROJECT } },
  });
  ensureBuilt();
  trio = await Promise.all([0, 1, 2].map(() => spawnBuiltGateway(replicaEnv())));
});
afterAll(async () => {
  await Promise.all(sockets.map((ws) => ws.dispose()));
  await stopAll();
  await sandbox?.stop();
  await redis?.stop();
});

describe('one poller per image across three replicas', () => {
  const nativeId = randomUUID();
  let id: string;
  let subs: RecordedSubscription[];

  it('makes the upstream reads of one poller, and every subscriber gets every change', async () => {
    sandbox.ims.emulator.seedImage(imsImage(nativeId, 'queued'));
    id = await globalIdOf(trio[0], nativeId);
    sandbox.resetCalls();
    const started = performance.now();
    subs = trio.map((gw) => {
      const ws = connectWs(gw.url);
      sockets.push(ws);
      return record(ws.client, WATCH, { id });
    });
    for (const sub of subs) expect((await sub.next()).data?.imageChanged.status).toBe('QUEUED');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const reads = readsOf(nativeId).length;
    const bound = onePollerReads(performance.now() - started);
    report(
      `three replicas watching one image: ${reads} reads in ${Math.round(performance.now() - started)} ms (one poller: at most ${bound})`,
    );
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(reads).toBeLessThanOrEqual(bound);

    sandbox.ims.emulator.seedImage(imsImage(nativeId, 'saving'));
    for (const sub of subs) {
      expect((await sub.next((r) => r.data?.imageChanged.status === 'CREATING')).data?.imageChanged.vendorStatus).toBe(
        'saving',
      );
    }
  }, 60_000);

  it('the leader killed, the next change reaches every other subscriber within one lease period plus one poll interval', async () => {
    const leaders = trio.filter((gw) => gw.lines.some((line) => line.includes('"msg":"watch leader"')));
    expect(leaders).toHaveLength(1);
    const [leader] = leaders;
    const others = trio.map((gw, index) => ({ gw, sub: subs[index] })).filter(({ gw }) => gw !== leader);
    const killedAt = performance.now();
    leader.child.kill('SIGKILL');
    await leader.exited;
    sandbox.ims.emulator.seedImage(imsImage(nativeId, 'uploading'));
    const arrivals = await Promise.all(
      others.map(async ({ sub }) => {
        await sub.next((r) => r.data?.imageChanged.vendorStatus === 'uploading');
        return performance.now() - killedAt;
      }),
    );
    report(`after the leader's death, the change arrived in ${arrivals.map(Math.round).join(' and ')} ms`);
    // Scheduling slack on a shared machine: 300 ms.
    for (const ms of arrivals) expect(ms).toBeLessThanOrEqual(LEASE_MS + INTERVAL_MS + 300);
    // One of the survivors leads now.
    expect(others.filter(({ gw }) => gw.lines.some((line) => line.includes('"msg":"watch leader"')))).toHaveLength(1);

    sandbox.ims.emulator.seedImage(imsImage(nativeId, 'active'));
    for (const { sub } of others) expect(await sub.ended).toEqual({ kind: 'complete' });
    trio = others.map(({ gw }) => gw);
  }, 60_000);
});

describe('the shared cache', () => {
  it('a delete through one replica makes the next read on another answer null', async () => {
    const [a, b] = trio;
    const nativeId = randomUUID();
    sandbox.ims.emulator.seedImage(imsImage(nativeId, 'active', SANDBOX_HUAWEI.projectId, 'to-delete'));
    const id = await globalIdOf(a, nativeId);
    expect((await query(b, NODE, { id })).body.data.node.name).toBe('to-delete');
    sandbox.resetCalls();
    // Cached: read on one replica, answered by the other without a call.
    expect((await query(a, NODE, { id })).body.data.node.name).toBe('to-delete');
    expect(readsOf(nativeId)).toHaveLength(0);
    expect((await query(a, DELETE, { input: { id } })).body.errors).toBeUndefined();
    sandbox.resetCalls();
    expect((await query(b, NODE, { id })).body.data.node).toBeNull();
    expect(readsOf(nativeId).length).toBeGreaterThan(0);
  });

  it("never serves caller A's cached answer to caller B (passthrough: each carries their own token)", async () => {
    const pair = await Promise.all(
      [0, 1].map(() =>
        spawnBuiltGateway(replicaEnv({ IMS_AUTH: 'passthrough', IMAGE_GATEWAY_REDIS_PREFIX: 'igw-pt:' })),
      ),
    );
    const nativeId = randomUUID();
    sandbox.ims.emulator.seedImage(imsImage(nativeId, 'active', SANDBOX_HUAWEI.projectId, 'alice-only'));
    sandbox.resetCalls();
    const aliceRead = await query(pair[0], IMS, { id: nativeId }, ALICE);
    expect(aliceRead.body.data.imsImage.name).toBe('alice-only');
    expect(readsOf(nativeId).map((call) => call.headers['x-auth-token'])).toEqual([ALICE]);

    // Alice again, on the other replica: from the shared cache.
    sandbox.resetCalls();
    expect((await query(pair[1], IMS, { id: nativeId }, ALICE)).body.data.imsImage.name).toBe('alice-only');
    expect(readsOf(nativeId)).toHaveLength(0);

    // Bob, on either replica: his own read, with his own token, and the cloud's answer to him.
    for (const gw of pair) {
      sandbox.resetCalls();
      expect((await query(gw, IMS, { id: nativeId }, BOB)).body.data.imsImage).toBeNull();
      // A miss for him (the list call, then the GET of an id the list left out): every call with his token.
      const tokens = readsOf(nativeId).map((call) => call.headers['x-auth-token']);
      expect(tokens.length).toBeGreaterThan(0);
      expect(new Set(tokens)).toEqual(new Set([BOB]));
    }
    for (const gw of pair) {
      gw.child.kill('SIGKILL');
      await gw.exited;
    }
  }, 120_000);
});

describe('caller rate limits across replicas', () => {
  it(`holds ${RATE_LIMIT} a minute summed across two replicas`, async () => {
    const pair = await Promise.all(
      [0, 1].map(() =>
        spawnBuiltGateway(
          replicaEnv({ IMAGE_GATEWAY_RATE_LIMIT: String(RATE_LIMIT), IMAGE_GATEWAY_REDIS_PREFIX: 'igw-rl:' }),
        ),
      ),
    );
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 6; i += 1) {
      statuses.push((await query(pair[i % 2], '{ __typename }')).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(RATE_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    expect(statuses.slice(0, RATE_LIMIT).every((s) => s === 200)).toBe(true);
    for (const gw of pair) {
      gw.child.kill('SIGKILL');
      await gw.exited;
    }
  }, 120_000);
});

describe('the upstream rate limit across replicas', () => {
  it(`holds ${UPSTREAM_RATE_LIMIT} calls a second summed across two replicas, and every request is answered`, async () => {
    const pair = await Promise.all(
      [0, 1].map(() =>
        spawnBuiltGateway(
          replicaEnv({
            IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT: String(UPSTREAM_RATE_LIMIT),
            // Every read goes upstream.
            IMAGE_GATEWAY_CACHE_TTL_MS: '0',
            IMAGE_GATEWAY_REDIS_PREFIX: 'igw-ul:',
          }),
        ),
      ),
    );
    const ids = Object.values(MODELARTS_SEED.imageIds);
    const perReplica = 8;
    sandbox.resetCalls();
    // Both replicas at once, each with `perReplica` requests in flight: 16 calls, 3 s of turns at 5 a second.
    const results = await Promise.all(
      pair.flatMap((gw, r) =>
        Array.from({ length: perReplica }, (_, i) =>
          query(gw, `query ($id: ID!) { modelArtsImage(id: $id) { id name } }`, {
            id: ids[(r * perReplica + i) % ids.length],
          }),
        ),
      ),
    );
    for (const result of results) {
      expect(result.status).toBe(200);
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data.modelArtsImage.name).toBeTruthy();
    }
    const at = sandbox.modelarts
      .calls()
      .map((call) => call.startedAt)
      .sort((a, b) => a - b);
    expect(at).toHaveLength(2 * perReplica);
    // The most calls the upstream saw in any one second (a window starting at each call).
    const busiest = Math.max(...at.map((start) => at.filter((t) => t >= start && t <= start + 1_000).length));
    report(
      `${at.length} upstream calls from two replicas over ${Math.round(at[at.length - 1] - at[0])} ms, at most ${busiest} in one second ` +
        `(gaps ${at
          .slice(1)
          .map((t, i) => Math.round(t - at[i]))
          .join(' ')} ms)`,
    );
    expect(busiest).toBeLessThanOrEqual(UPSTREAM_RATE_LIMIT + 1);
    for (const gw of pair) {
      gw.child.kill('SIGKILL');
      await gw.exited;
    }
  }, 60_000);
});

describe('what Redis holds', () => {
  it('no key, value or channel name holds a secret, and every key has a TTL', async () => {
    // Something in every kind of key: a cached read, a watch (lease, fence, last state, channel) in flight.
    const nativeId = randomUUID();
    sandbox.ims.emulator.seedImage(imsImage(nativeId, 'queued'));
    const id = await globalIdOf(trio[0], nativeId);
    const ws = connectWs(trio[0].url);
    sockets.push(ws);
    const sub = record(ws.client, WATCH, { id });
    await sub.next();

    const secrets = [
      ...Object.entries(sandbox.env)
        .filter(([name]) => /(_SK|SECRET|TOKEN|PASSWORD|_AK|ACCESS_KEY)/.test(name))
        .map(([, value]) => value),
      ALICE,
      BOB,
    ].filter((value) => value.length >= 8);
    expect(secrets.length).toBeGreaterThanOrEqual(3);

    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const keys = await client.keys('*');
      expect(keys.length).toBeGreaterThan(5);
      const channels = await client.pubSubChannels();
      expect(channels.length).toBeGreaterThan(0);
      const texts: string[] = [...keys, ...channels];
      for (const key of keys) {
        // A key may expire between KEYS and here (an upstream pacer's lives one interval): it had its TTL.
        const type = await client.type(key);
        if (type === 'none') continue;
        expect(type).toBe('string');
        texts.push((await client.get(key)) ?? '');
        const ttl = await client.pTTL(key);
        if (ttl !== -2) expect(ttl).toBeGreaterThan(0); // -2: gone meanwhile; -1 would be no TTL
      }
      report(`scanned ${keys.length} keys and ${channels.length} channels`);
      for (const secret of secrets) {
        for (const text of texts) expect(text.includes(secret), `a Redis key or value holds a secret`).toBe(false);
      }
    } finally {
      await client.close();
      sub.unsubscribe();
    }
  });
});

describe('Redis killed under load', () => {
  it('fails no request, /readyz stays 200 and says degraded, and the replicas rejoin when it is back', async () => {
    const nativeId = randomUUID();
    sandbox.ims.emulator.seedImage(imsImage(nativeId, 'active'));
    const id = await globalIdOf(trio[0], nativeId);
    const failures: unknown[] = [];
    let answered = 0;
    let running = true;
    const load = trio.map(async (gw) => {
      while (running) {
        const res = await query(gw, NODE, { id }).catch((error: unknown) => ({
          status: 0,
          body: { data: undefined, errors: [error] },
        }));
        if (res.status !== 200 || res.body.errors || res.body.data?.node?.id !== id) failures.push(res);
        answered += 1;
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await redis.stop({ abruptly: true });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const readyz = await fetch(trio[0].url.replace(/\/graphql$/, '/readyz'));
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toMatchObject({ state: { store: 'redis', status: 'degraded' } });
    running = false;
    await Promise.all(load);
    report(`${answered} requests while Redis died, ${failures.length} failed`);
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(10);
    // Warned once per outage (a command past its deadline on a busy machine is one too, ended by the next answer).
    for (const gw of trio) {
      const warnings = gw.lines.filter((l) => l.includes('Redis does not answer')).length;
      const rejoins = gw.lines.filter((l) => l.includes('Redis answers again')).length;
      expect(warnings).toBeGreaterThanOrEqual(1);
      expect(warnings).toBe(rejoins + 1);
    }

    await redis.restart();
    for (const gw of trio) {
      await expect
        .poll(async () => (await (await fetch(gw.url.replace(/\/graphql$/, '/readyz'))).json()).state.status, {
          timeout: 10_000,
        })
        .toBe('up');
    }
  }, 60_000);
});
