// Subscription.imageChanged end to end: the real gateway over WebSocket
// (graphql-ws's own client on `ws`) against the sandbox. A notebook saved as
// an image goes INIT → CREATING → ACTIVE on the emulator's clock; the
// emulator records every GET, so the number of upstream reads is counted, not
// guessed.

import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/ids.js';
import { EHPC_SEED, IMS_SEED_IDS, MODELARTS_SEED, SANDBOX_HUAWEI } from '../../src/sandbox/index.js';
import { PollBackoff } from '../../src/watch/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { report } from '../support/verbose.js';
import { connectWs, record, webSocketUrl, type RecordedSubscription, type TestWsClient } from '../support/ws.js';

const WATCH = `subscription Watch($id: ID!) {
  imageChanged(id: $id) { id provider nativeId status vendorStatus updatedAt }
}`;
const SAVE = `mutation Save($input: SaveNotebookAsImageInput!) {
  saveNotebookAsImage(input: $input) { image { id nativeId status } }
}`;

const INTERVAL_MS = 100;
/** Fast saves: INIT, then CREATING, then ACTIVE, each phase this long. */
const PHASE_MS = 1000;

/**
 * Most reads the backoff allows in a phase of `phaseMs` in which nothing
 * changes, counting the one that sees the next phase: waits grow 100, 200,
 * 400 ms…, and a read is never earlier than its schedule (each wait starts
 * after the previous read), so a phase sees at most this many.
 */
function readsWithin(phaseMs: number): number {
  const backoff = new PollBackoff(INTERVAL_MS);
  let waited = 0;
  let reads = 0;
  while (waited < phaseMs) {
    waited += backoff.next();
    reads += 1;
  }
  return reads;
}
/** The first read, then each phase's: the bound of one poller on a save, whatever the number of subscribers. */
const MAX_READS_PER_SAVE = 1 + readsWithin(PHASE_MS) + readsWithin(PHASE_MS);

const clients: TestWsClient[] = [];
function client(gw: TestGateway): TestWsClient {
  const created = connectWs(gw.url);
  clients.push(created);
  return created;
}
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
});

/** A client whose socket is open and acknowledged, so that subscribing costs no handshake. */
async function connected(gw: TestGateway): Promise<TestWsClient> {
  const created = client(gw);
  const ping = record(created.client, '{ __typename }');
  expect(await ping.ended).toEqual({ kind: 'complete' });
  return created;
}

async function save(gw: TestGateway, name: string): Promise<{ id: string; nativeId: string }> {
  const result = await gw.query(SAVE, { input: { notebookId: MODELARTS_SEED.notebookIds[0], name, tag: 'v1' } });
  expect(result.body.errors).toBeUndefined();
  expect(result.body.data.saveNotebookAsImage.image.status).toBe('QUEUED');
  return result.body.data.saveNotebookAsImage.image;
}

const imagePath = (gw: TestGateway, nativeId: string) =>
  `/v1/${gw.sandbox.env.HUAWEICLOUD_SDK_PROJECT_ID}/images/${nativeId}`;
/** ModelArts GETs of one image, as the emulator received them. */
const imageGets = (gw: TestGateway, nativeId: string) =>
  gw.sandbox.modelarts.calls().filter((call) => call.method === 'GET' && call.rawPath === imagePath(gw, nativeId))
    .length;

const statusesOf = (sub: RecordedSubscription) => sub.results.map((r) => r.data?.imageChanged?.status ?? 'error');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a save followed live', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      env: { IMAGE_GATEWAY_WATCH_INTERVAL_MS: String(INTERVAL_MS) },
      sandbox: { modelarts: { saveDelaysMs: { creating: PHASE_MS, active: PHASE_MS } } },
    });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('sends QUEUED, CREATING, ACTIVE, then completes, in as many reads as the backoff allows', async () => {
    const ws = await connected(gw);
    const image = await save(gw, 'watched-once');
    const sub = record(ws.client, WATCH, { id: image.id });
    expect(await sub.ended).toEqual({ kind: 'complete' });
    expect(statusesOf(sub)).toEqual(['QUEUED', 'CREATING', 'ACTIVE']);
    expect(sub.results.map((r) => r.data!.imageChanged.vendorStatus)).toEqual(['INIT', 'CREATING', 'ACTIVE']);
    for (const result of sub.results) {
      expect(result.errors).toBeUndefined();
      expect(result.data!.imageChanged).toMatchObject({
        id: image.id,
        provider: 'MODELARTS',
        nativeId: image.nativeId,
      });
    }
    const [queued, creating, active] = sub.results.map((r) => Date.parse(r.data!.imageChanged.updatedAt));
    expect(queued < creating && creating < active).toBe(true);

    const reads = imageGets(gw, image.nativeId);
    report(`one subscriber: ${reads} GETs (bound ${MAX_READS_PER_SAVE})`);
    expect(reads).toBeGreaterThanOrEqual(3);
    expect(reads).toBeLessThanOrEqual(MAX_READS_PER_SAVE);
    // Completed: the poller is gone and reads no more.
    expect(gw.gateway.watch.size).toBe(0);
    await sleep(4 * INTERVAL_MS);
    expect(imageGets(gw, image.nativeId)).toBe(reads);
  });

  it('costs ten subscribers on ten connections the reads of one', async () => {
    const sockets = await Promise.all(Array.from({ length: 10 }, () => connected(gw)));
    const image = await save(gw, 'watched-by-ten');
    const subs = sockets.map((ws) => record(ws.client, WATCH, { id: image.id }));
    const ends = await Promise.all(subs.map((sub) => sub.ended));
    expect(ends).toEqual(Array(10).fill({ kind: 'complete' }));
    // One poller per subscriber would cost at least 3 reads each: 30.
    const reads = imageGets(gw, image.nativeId);
    report(`ten subscribers: ${reads} GETs (bound ${MAX_READS_PER_SAVE})`);
    expect(reads).toBeGreaterThanOrEqual(3);
    expect(reads).toBeLessThanOrEqual(MAX_READS_PER_SAVE);
    for (const sub of subs) expect(statusesOf(sub)).toEqual(['QUEUED', 'CREATING', 'ACTIVE']);
  });

  it('sends an upstream failure as an error on the subscription, scrubbed, and goes on to ACTIVE', async () => {
    const ws = await connected(gw);
    const image = await save(gw, 'watched-through-a-fault');
    const sub = record(ws.client, WATCH, { id: image.id });
    await sub.next();
    gw.sandbox.modelarts.injectFault({
      pathPrefix: imagePath(gw, image.nativeId),
      method: 'GET',
      status: 500,
      body: { error_code: 'ModelArts.0001', error_msg: `signature with ${SANDBOX_HUAWEI.sk} refused` },
    });
    expect(await sub.ended).toEqual({ kind: 'complete' });
    const statuses = statusesOf(sub);
    expect(statuses[0]).toBe('QUEUED');
    expect(statuses[1]).toBe('error');
    // After the error, the image again (QUEUED when the read came before CREATING), then on to ACTIVE.
    expect(['QUEUED', 'CREATING', 'ACTIVE'].filter((s) => statuses.slice(2).includes(s))).toEqual(statuses.slice(2));
    expect(statuses.at(-1)).toBe('ACTIVE');

    const failed = sub.results[1];
    expect(failed.data).toBeNull();
    expect(failed.errors).toHaveLength(1);
    expect(failed.errors![0]).toMatchObject({
      path: ['imageChanged'],
      extensions: {
        code: 'UPSTREAM_UNAVAILABLE',
        provider: 'MODELARTS',
        upstreamStatus: 500,
        vendorCode: 'ModelArts.0001',
      },
    });
    expect(failed.errors![0].message).toContain('[redacted]');
    expect(JSON.stringify(sub.results)).not.toContain(SANDBOX_HUAWEI.sk);
    expect(gw.logs.join('\n')).not.toContain(SANDBOX_HUAWEI.sk);

    // The connection lived through it.
    expect([ws.connections, ws.closes]).toEqual([1, []]);
    const after = record(ws.client, '{ __typename }');
    expect(await after.ended).toEqual({ kind: 'complete' });
    expect(after.results).toEqual([{ data: { __typename: 'Query' } }]);
  });
});

describe('watching, on saves that take a minute', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      env: {
        IMAGE_GATEWAY_WATCH_INTERVAL_MS: String(INTERVAL_MS),
        IMAGE_GATEWAY_WS_MAX_SUBSCRIPTIONS: '2',
        IMAGE_GATEWAY_WATCH_MAX_IMAGES: '3',
      },
      sandbox: { modelarts: { saveDelaysMs: { creating: 60_000, active: 60_000 } } },
    });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('stops polling when the last subscriber leaves', async () => {
    const image = await save(gw, 'left-alone');
    const subs = [client(gw), client(gw), client(gw)].map((ws) => record(ws.client, WATCH, { id: image.id }));
    for (const sub of subs) expect((await sub.next()).data.imageChanged.status).toBe('QUEUED');
    expect(gw.gateway.watch.size).toBe(1);
    subs[0].unsubscribe();
    subs[1].unsubscribe();
    await sleep(3 * INTERVAL_MS);
    expect(gw.gateway.watch.size).toBe(1); // one subscriber left: still watched
    const whileWatched = imageGets(gw, image.nativeId);
    expect(whileWatched).toBeGreaterThan(1);
    subs[2].unsubscribe();
    await expect.poll(() => gw.gateway.watch.size).toBe(0);
    const atStop = imageGets(gw, image.nativeId);
    // A poller left running would read again within 100 + 200 + 400 ms.
    await sleep(8 * INTERVAL_MS);
    expect(imageGets(gw, image.nativeId)).toBe(atStop);
  });

  it('refuses a subscription past IMAGE_GATEWAY_WS_MAX_SUBSCRIPTIONS on that connection only', async () => {
    const image = await save(gw, 'many-on-one-socket');
    const ws = client(gw);
    const first = record(ws.client, WATCH, { id: image.id });
    const second = record(ws.client, WATCH, { id: image.id });
    await first.next();
    await second.next();
    const third = record(ws.client, WATCH, { id: image.id });
    const refused = await third.ended;
    expect(refused.kind).toBe('error');
    expect(refused.kind === 'error' && refused.error).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('IMAGE_GATEWAY_WS_MAX_SUBSCRIPTIONS'),
        extensions: { code: 'LIMIT_EXCEEDED', limit: 'IMAGE_GATEWAY_WS_MAX_SUBSCRIPTIONS' },
      }),
    ]);
    // Another connection is not affected, and this one takes a subscription again once one ends.
    const elsewhere = record(client(gw).client, WATCH, { id: image.id });
    await elsewhere.next();
    second.unsubscribe();
    const again = record(ws.client, WATCH, { id: image.id });
    expect((await again.next()).data.imageChanged.status).toBe('QUEUED');
    expect([ws.connections, ws.closes]).toEqual([1, []]);
    for (const sub of [first, again, elsewhere]) sub.unsubscribe();
    await expect.poll(() => gw.gateway.watch.size).toBe(0);
  });

  it('refuses a new image past IMAGE_GATEWAY_WATCH_MAX_IMAGES, and still lets subscribers join a watched one', async () => {
    const images = [await save(gw, 'limit-a'), await save(gw, 'limit-b'), await save(gw, 'limit-c')];
    const watching = images.map((image) => record(client(gw).client, WATCH, { id: image.id }));
    for (const sub of watching) await sub.next();
    expect(gw.gateway.watch.size).toBe(3);

    const fourth = await save(gw, 'limit-d');
    const refused = record(client(gw).client, WATCH, { id: fourth.id });
    expect(await refused.ended).toEqual({ kind: 'complete' });
    expect(refused.results).toEqual([
      {
        errors: [
          expect.objectContaining({
            message: expect.stringContaining('IMAGE_GATEWAY_WATCH_MAX_IMAGES'),
            path: ['imageChanged'],
            extensions: { code: 'LIMIT_EXCEEDED', limit: 'IMAGE_GATEWAY_WATCH_MAX_IMAGES' },
          }),
        ],
      },
    ]);
    expect(imageGets(gw, fourth.nativeId)).toBe(0);

    const joining = record(client(gw).client, WATCH, { id: images[0].id });
    expect((await joining.next()).data.imageChanged.nativeId).toBe(images[0].nativeId);
    for (const sub of [...watching, joining]) sub.unsubscribe();
    await expect.poll(() => gw.gateway.watch.size).toBe(0);
  });

  it('sends a deleted image once more as DELETED with no vendor status, then completes', async () => {
    const image = await save(gw, 'deleted-while-watched');
    const sub = record(client(gw).client, WATCH, { id: image.id });
    const queued = await sub.next();
    const deleted = await fetch(`${gw.sandbox.modelarts.url}${imagePath(gw, image.nativeId)}`, {
      method: 'DELETE',
      headers: { 'x-auth-token': SANDBOX_HUAWEI.token },
    });
    expect(deleted.status).toBe(200);
    expect(await sub.ended).toEqual({ kind: 'complete' });
    expect(sub.results).toEqual([
      queued,
      { data: { imageChanged: { ...queued.data.imageChanged, status: 'DELETED', vendorStatus: null } } },
    ]);
  });

  it('answers an id that names no image with NOT_FOUND, then completes', async () => {
    const instance = gw.gateway.sources.configs().find((c) => c.provider === 'MODELARTS')!;
    const id = encodeGlobalId({
      provider: 'MODELARTS',
      region: instance.region,
      project: instance.project,
      nativeId: randomUUID(),
    });
    const sub = record(client(gw).client, WATCH, { id });
    expect(await sub.ended).toEqual({ kind: 'complete' });
    expect(sub.results).toEqual([
      {
        errors: [expect.objectContaining({ path: ['imageChanged'], extensions: { code: 'NOT_FOUND', field: 'id' } })],
        data: null,
      },
    ]);
  });

  it('answers a bad id with BAD_USER_INPUT, and the connection goes on', async () => {
    const ws = client(gw);
    const sub = record(ws.client, WATCH, { id: 'not-a-global-id' });
    expect(await sub.ended).toEqual({ kind: 'complete' });
    expect(sub.results).toEqual([
      {
        errors: [
          expect.objectContaining({ path: ['imageChanged'], extensions: { code: 'BAD_USER_INPUT', field: 'id' } }),
        ],
      },
    ]);
    const next = record(ws.client, WATCH, { id: (await save(gw, 'after-a-bad-id')).id });
    expect((await next.next()).data.imageChanged.status).toBe('QUEUED');
    next.unsubscribe();
    expect([ws.connections, ws.closes]).toEqual([1, []]);
  });

  it('follows an image of any source: IMS and E-HPC too', async () => {
    const ims = await gw.query('query($id: ID!) { imsImage(id: $id) { id } }', { id: IMS_SEED_IDS.queued });
    const failed = await gw.query('query($id: ID!) { imsImage(id: $id) { id } }', { id: IMS_SEED_IDS.killed });
    const ehpc = await gw.query('query($id: String!) { ehpcImage(imageId: $id) { id } }', {
      id: EHPC_SEED.helloContainer,
    });
    const ws = client(gw).client;

    const queued = record(ws, WATCH, { id: ims.body.data.imsImage.id });
    expect((await queued.next()).data.imageChanged).toMatchObject({
      provider: 'IMS',
      status: 'QUEUED',
      vendorStatus: 'queued',
    });
    queued.unsubscribe();

    const killed = record(ws, WATCH, { id: failed.body.data.imsImage.id });
    expect(await killed.ended).toEqual({ kind: 'complete' });
    expect(killed.results.map((r) => r.data.imageChanged.status)).toEqual(['FAILED']);

    // E-HPC's status is only in GetImage and its updatedAt only in ListImages: each poll reads both,
    // so a change of status alone (updatedAt as it was) is seen.
    gw.sandbox.ehpc.resetCalls();
    const ehpcWatch = record(ws, WATCH, { id: ehpc.body.data.ehpcImage.id });
    const creating = (await ehpcWatch.next()).data.imageChanged;
    expect(creating).toMatchObject({ provider: 'EHPC', status: 'CREATING', vendorStatus: 'Creating' });
    expect(creating.updatedAt).toEqual(expect.any(String));
    const actions = gw.sandbox.ehpc.calls().map((call) => call.headers['x-acs-action']);
    expect(actions).toContain('GetImage');
    expect(actions).toContain('ListImages');
    const stored = gw.sandbox.ehpc.emulator.images().find((image) => image.ImageId === EHPC_SEED.helloContainer)!;
    gw.sandbox.ehpc.emulator.seedImage({ ...stored, Status: 'Available' });
    expect(await ehpcWatch.ended).toEqual({ kind: 'complete' });
    expect(ehpcWatch.results.map((r) => [r.data.imageChanged.status, r.data.imageChanged.updatedAt])).toEqual([
      ['CREATING', creating.updatedAt],
      ['ACTIVE', creating.updatedAt],
    ]);
  });
});

describe('the WebSocket endpoint', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('answers queries too, with the limits and error codes of HTTP; errors never close the connection', async () => {
    const ws = client(gw);
    const run = async (query: string) => {
      const sub = record(ws.client, query);
      return { end: await sub.ended, results: sub.results };
    };
    const query = await run('{ images(first: 1) { edges { node { provider } } } }');
    expect(query).toEqual({
      end: { kind: 'complete' },
      results: [{ data: { images: { edges: [expect.anything()] } } }],
    });

    const syntax = await run('subscription { imageChanged(id: "x") { id ');
    expect(syntax.end).toEqual({
      kind: 'error',
      error: [expect.objectContaining({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } })],
    });
    const invalid = await run('subscription { imageChanged(id: "x") { noSuchField } }');
    expect(invalid.end).toEqual({
      kind: 'error',
      error: [
        expect.objectContaining({
          message: expect.stringContaining('noSuchField'),
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        }),
      ],
    });
    // graphql-armor's alias limit (100), as over HTTP.
    const aliases = Array.from({ length: 101 }, (_, i) => `a${i}: id`).join(' ');
    const armored = await run(`subscription { imageChanged(id: "x") { ${aliases} } }`);
    expect(armored.end).toEqual({
      kind: 'error',
      error: [
        expect.objectContaining({
          message: expect.stringMatching(/aliases/i),
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxAliases' },
        }),
      ],
    });
    // graphql-js's token limit (10 000), as over HTTP.
    const tokens = await run(`{ ${Array.from({ length: 10_001 }, () => '__typename').join(' ')} }`);
    expect(tokens.end).toEqual({
      kind: 'error',
      error: [expect.objectContaining({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } })],
    });
    // The pre-parse nesting guard, as over HTTP: a 5,000-deep document never reaches graphql-js's parser.
    const deep = await run(`{ ${'a { '.repeat(5_000)}b${' }'.repeat(5_000)} }`);
    expect(deep.end).toEqual({
      kind: 'error',
      error: [expect.objectContaining({ message: expect.stringMatching(/limit/i), extensions: { code: 'MAX_DEPTH' } })],
    });
    expect([ws.connections, ws.closes]).toEqual([1, []]);
  });

  it('refuses upgrades on any other path, and subscriptions over HTTP', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const socket = new WebSocket(webSocketUrl(gw.url).replace(/\/graphql$/, '/other'), 'graphql-transport-ws');
      socket.on('unexpected-response', (_request, response) => {
        resolve(response.statusCode);
        socket.terminate();
      });
      socket.on('open', () => reject(new Error('upgraded on /other')));
      socket.on('error', () => undefined);
    });
    expect(status).toBe(404);

    const overHttp = await gw.query(WATCH, { id: 'x' });
    expect(overHttp.status).toBe(400);
    expect(overHttp.body.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('WebSocket'), extensions: { code: 'BAD_REQUEST' } }),
    ]);
  });
});

describe('messages only a server may send', () => {
  it.each(['connection_ack', 'next', 'error'])(
    'a client sending %s is closed with 4400 (a bad request), logged as JSON, and the gateway serves on',
    async (type) => {
      const gw = await startTestGateway();
      try {
        const close = await new Promise<{ code: number; reason: string }>((resolve, reject) => {
          const socket = new WebSocket(webSocketUrl(gw.url), 'graphql-transport-ws');
          socket.on('open', () => socket.send(JSON.stringify({ type, id: '1', payload: {} })));
          socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
          socket.on('error', reject);
        });
        expect(close).toEqual({ code: 4400, reason: 'Invalid message received' });
        for (const line of gw.logs) expect(() => JSON.parse(line) as unknown).not.toThrow();
        expect((await gw.query('{ __typename }')).body.data).toEqual({ __typename: 'Query' });
      } finally {
        await gw.stop();
      }
    },
  );
});

describe('stopping the gateway', () => {
  it('closes every socket with 1001 (going away) and refuses new ones meanwhile', async () => {
    const gw = await startTestGateway({
      sandbox: { modelarts: { saveDelaysMs: { creating: 60_000, active: 60_000 } } },
    });
    try {
      const image = await save(gw, 'watched-at-shutdown');
      const ws = client(gw);
      const sub = record(ws.client, WATCH, { id: image.id });
      await sub.next();
      await gw.gateway.closeWebSockets();
      expect([ws.connections, ws.closes]).toEqual([1, [{ code: 1001, reason: 'Going away' }]]);
      expect((await sub.ended).kind).toBe('error');
      expect(gw.gateway.watch.size).toBe(0);

      const late = connectWs(gw.url);
      clients.push(late);
      const refused = record(late.client, '{ __typename }');
      expect((await refused.ended).kind).toBe('error');
      expect(late.connections).toBe(0); // refused at the upgrade
      // HTTP still answers until stop().
      expect((await gw.query('{ __typename }')).body.data).toEqual({ __typename: 'Query' });
    } finally {
      await gw.stop();
    }
  });
});
