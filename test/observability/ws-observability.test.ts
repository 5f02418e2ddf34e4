// Operations on a GraphQL WebSocket are observed like HTTP requests: each one
// that ends writes exactly one access-log line (`transport: websocket`, the
// upgrade's method and path, status 101, or 499 when the client stopped it)
// and moves the request metrics by one, with its operation, type, outcome,
// error codes and its own upstream calls. Over a real socket (graphql-ws).

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccessLogLine } from '../../src/observability/access-log.js';
import { encodeGlobalId } from '../../src/ids.js';
import { MODELARTS_SEED, SANDBOX_HUAWEI } from '../../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { moved, scrape } from '../support/prometheus.js';
import { connectWs, record, type TestWsClient } from '../support/ws.js';

type AccessLine = AccessLogLine & { msg: string };

const MA_ID = MODELARTS_SEED.imageIds.docDetails;
const CREATING_ID = '55555555-0000-4000-8000-00000000c0de';
const REQUESTS = 'image_gateway_graphql_requests_total';
const ERRORS = 'image_gateway_graphql_errors_total';
const WATCH = `subscription Watch($id: ID!) { imageChanged(id: $id) { id status } }`;

let gw: TestGateway;
let ws: TestWsClient;
let seen = 0;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});
beforeEach(() => {
  ws = connectWs(gw.url);
  seen = gw.logs.length;
  gw.sandbox.resetCalls();
});
afterEach(async () => {
  await ws.dispose();
});

const metricsUrl = () => gw.url.replace(/\/graphql$/, '/metrics');
const modelArtsGid = (nativeId: string) =>
  encodeGlobalId({ provider: 'MODELARTS', region: SANDBOX_HUAWEI.region, project: SANDBOX_HUAWEI.projectId, nativeId });

/** The access-log lines written since the test began. */
const accessLines = (): AccessLine[] =>
  gw.logs
    .slice(seen)
    .map((line) => JSON.parse(line) as AccessLine)
    .filter((line) => line.msg === 'request');

/** Waits until `count` access-log lines were written since the test began (a line follows the last message). */
async function linesWritten(count: number): Promise<AccessLine[]> {
  for (let i = 0; i < 200 && accessLines().length < count; i += 1) await new Promise((r) => setTimeout(r, 10));
  return accessLines();
}

describe('operations over a WebSocket, observed', () => {
  it('a query: one line with its operation, outcome and upstream calls; the request counter moves by one', async () => {
    const before = await scrape(metricsUrl());
    const sub = record(ws.client, `query One($id: ID!) { modelArtsImage(id: $id) { name } }`, { id: MA_ID });
    expect(await sub.ended).toEqual({ kind: 'complete' });
    expect(sub.results[0].data).toEqual({ modelArtsImage: { name: expect.any(String) } });
    const lines = await linesWritten(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      transport: 'websocket',
      method: 'GET',
      path: '/graphql',
      status: 101,
      operationName: 'One',
      operationType: 'query',
      outcome: 'success',
      errorCodes: [],
      upstreamCalls: gw.sandbox.modelarts.calls().length,
      caller: 'anonymous',
    });
    expect(lines[0].upstreamCalls).toBe(1);
    expect(lines[0].requestId).toEqual(expect.any(String));
    const after = await scrape(metricsUrl());
    const labels = { operation: 'One', type: 'query', outcome: 'success' };
    expect(moved(before, after, REQUESTS, labels)).toBe(1);
  });

  it('a refused document: one line with the error code, the error counted, no upstream call', async () => {
    const before = await scrape(metricsUrl());
    const sub = record(ws.client, `query Broken { modelArtsImage(id: `);
    expect((await sub.ended).kind).toBe('error');
    const lines = await linesWritten(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      transport: 'websocket',
      status: 101,
      outcome: 'error',
      errorCodes: ['GRAPHQL_PARSE_FAILED'],
      upstreamCalls: 0,
    });
    expect(lines[0].operationName).toBeUndefined();
    const after = await scrape(metricsUrl());
    const labels = { operation: '__unknown__', outcome: 'error' };
    expect(moved(before, after, REQUESTS, labels)).toBe(1);
    const parseErrors = { code: 'GRAPHQL_PARSE_FAILED' };
    expect(moved(before, after, ERRORS, parseErrors)).toBe(1);
  });

  it('a document past the depth limit that the pre-parse scan lets through is MAX_DEPTH, as over HTTP', async () => {
    let inner = 'name';
    for (let i = 0; i < 17; i += 1) inner = `ofType { ${inner} }`;
    const sub = record(ws.client, `query Deep { __type(name: "Query") { fields { type { ${inner} } } } }`);
    const end = await sub.ended;
    expect(end).toEqual({
      kind: 'error',
      error: [
        {
          message: 'Query depth limit of 12 exceeded, found 21.',
          extensions: { code: 'MAX_DEPTH', limit: 'limits.maxDepth' },
        },
      ],
    });
    expect((await linesWritten(1))[0]).toMatchObject({ outcome: 'error', errorCodes: ['MAX_DEPTH'] });
  });

  it('a document whose operation cannot be chosen is refused with a code, and logged', async () => {
    const sub = record(ws.client, `query A { __typename } query B { __typename }`);
    const end = await sub.ended;
    expect(end.kind).toBe('error');
    const lines = await linesWritten(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ outcome: 'error', errorCodes: ['OPERATION_RESOLUTION_FAILURE'] });
  });

  it('a subscription that runs to its end: one line when it completes, type subscription, outcome success', async () => {
    const sub = record(ws.client, WATCH, { id: modelArtsGid(MA_ID) });
    expect(await sub.ended).toEqual({ kind: 'complete' });
    expect(sub.results.map((r) => r.data?.imageChanged.status)).toEqual(['ACTIVE']);
    const lines = await linesWritten(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      transport: 'websocket',
      status: 101,
      operationName: 'Watch',
      operationType: 'subscription',
      outcome: 'success',
    });
  });

  it('a subscription the client stops: no line while it runs, then one with 499 and outcome cancelled', async () => {
    gw.sandbox.modelarts.emulator.seedImage({
      id: CREATING_ID,
      name: 'watched',
      status: 'CREATING',
      type: 'DEDICATED',
    });
    const before = await scrape(metricsUrl());
    const sub = record(ws.client, WATCH, { id: modelArtsGid(CREATING_ID) });
    expect((await sub.next()).data?.imageChanged.status).toBe('CREATING');
    expect(accessLines()).toHaveLength(0);
    // A query in flight beside it is an operation, not a subscription: the gauge counts one.
    const path = `/v1/${SANDBOX_HUAWEI.projectId}/images/${MA_ID}`;
    gw.sandbox.modelarts.injectFault({ pathPrefix: path, delayMs: 1_000 });
    const slow = record(ws.client, `query Slow($id: ID!) { modelArtsImage(id: $id) { name } }`, { id: MA_ID });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await scrape(metricsUrl())).value('image_gateway_active_subscriptions')).toBe(1);
    expect(await slow.ended).toEqual({ kind: 'complete' });
    seen = gw.logs.length;
    sub.unsubscribe();
    const lines = await linesWritten(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      status: 499,
      operationName: 'Watch',
      operationType: 'subscription',
      outcome: 'cancelled',
      errorCodes: [],
    });
    const after = await scrape(metricsUrl());
    const labels = { operation: 'Watch', type: 'subscription', outcome: 'cancelled' };
    expect(moved(before, after, REQUESTS, labels)).toBe(1);
  });
});
