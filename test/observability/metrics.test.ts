// Prometheus metrics, scraped over HTTP before and after one request: the
// counters move by exactly what the request did, as the emulators recorded
// it (upstream attempts by provider, instance, operation and status), and
// by nothing else. Labels stay bounded (a thousand operation names fold into
// the cap) and hold no id, token or secret. IMAGE_GATEWAY_METRICS_PORT moves
// /metrics off the main port.

import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/ids.js';
import { MAX_OPERATION_NAMES, OPERATION_LABEL } from '../../src/observability/metrics.js';
import {
  EHPC_SANDBOX_REGISTRY_PASSWORD,
  EHPC_SEED,
  IMS_SEED_IDS,
  MODELARTS_SEED,
  SANDBOX_ALIBABA,
  SANDBOX_HUAWEI,
  type RecordedCall,
} from '../../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { moved, scrape, type Scrape } from '../support/prometheus.js';

const MA_ID = MODELARTS_SEED.imageIds.docDetails;
const IMS_ID = IMS_SEED_IDS.ubuntu2204;
const EHPC_ID = EHPC_SEED.documentedVm;
const THREE_SOURCES = `query ThreeSources($ma: ID!, $ims: ID!, $ehpc: String!) {
  modelArtsImage(id: $ma) { name }
  imsImage(id: $ims) { name }
  ehpcImage(imageId: $ehpc) { name }
}`;
const MA_PATH = `/v1/${SANDBOX_HUAWEI.projectId}/images/${MA_ID}`;

const REQUESTS = 'image_gateway_graphql_requests_total';
const UPSTREAM = 'image_gateway_upstream_requests_total';

/** The operation name the gateway gives the call an emulator recorded (its api.ts names them). */
function operationOf(provider: string, call: RecordedCall): string {
  if (provider === 'EHPC') return String(call.headers['x-acs-action']);
  const byId = /\/images\/[^/]+$/.test(call.rawPath);
  if (provider === 'MODELARTS') return byId ? 'ShowImage' : 'ListImage';
  return byId ? 'ShowImage' : 'ListImages';
}

/** Upstream attempts by `provider|instance|operation|status`, as the emulators recorded them. */
function recordedAttempts(gw: TestGateway): Map<string, number> {
  const counts = new Map<string, number>();
  const instances = Object.fromEntries(gw.gateway.sources.configs().map((c) => [c.provider, c.name]));
  const emulators = { MODELARTS: gw.sandbox.modelarts, IMS: gw.sandbox.ims, EHPC: gw.sandbox.ehpc };
  for (const [provider, emulator] of Object.entries(emulators)) {
    for (const call of emulator.calls()) {
      const key = [provider, instances[provider], operationOf(provider, call), String(call.status)].join('|');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** The same, as the metric moved between two scrapes (series that did not move left out). */
function meteredAttempts(before: Scrape, after: Scrape): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sample of after.samples.filter((s) => s.name === UPSTREAM)) {
    const { provider, instance, operation, status } = sample.labels;
    const delta = sample.value - before.value(UPSTREAM, sample.labels);
    if (delta !== 0) counts.set([provider, instance, operation, status].join('|'), delta);
  }
  return counts;
}

const metricsUrl = (gw: TestGateway) => gw.url.replace(/\/graphql$/, '/metrics');

describe('counters move by exactly what a request did', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw.stop());
  afterEach(() => {
    gw.sandbox.resetCalls();
    for (const emulator of [gw.sandbox.modelarts, gw.sandbox.ims, gw.sandbox.ehpc]) emulator.clearFaults();
  });

  it('a query over the three sources: one request, and the upstream attempts the emulators saw', async () => {
    const before = await scrape(metricsUrl(gw));
    const result = await gw.query(THREE_SOURCES, { ma: MA_ID, ims: IMS_ID, ehpc: EHPC_ID });
    expect(result.body.errors).toBeUndefined();
    const after = await scrape(metricsUrl(gw));

    const labels = { operation: 'ThreeSources', type: 'query', outcome: 'success' };
    expect(moved(before, after, REQUESTS)).toBe(1);
    expect(moved(before, after, REQUESTS, labels)).toBe(1);
    expect(moved(before, after, 'image_gateway_graphql_request_duration_seconds_count', labels)).toBe(1);
    expect(moved(before, after, 'image_gateway_graphql_errors_total')).toBe(0);
    expect(moved(before, after, 'image_gateway_upstream_retries_total')).toBe(0);

    const recorded = recordedAttempts(gw);
    expect([...recorded.keys()].map((key) => key.split('|')[0]).sort()).toEqual(['EHPC', 'IMS', 'MODELARTS']);
    expect(meteredAttempts(before, after)).toEqual(recorded);
    const attempts = [...recorded.values()].reduce((a, b) => a + b, 0);
    expect(moved(before, after, 'image_gateway_upstream_request_duration_seconds_count')).toBe(attempts);
    // One batch of one key per source's loader.
    expect(moved(before, after, 'image_gateway_dataloader_batch_size_count', { loader: 'modelarts.image' })).toBe(1);
    expect(moved(before, after, 'image_gateway_dataloader_batch_size_sum', { loader: 'modelarts.image' })).toBe(1);
    expect(moved(before, after, 'image_gateway_dataloader_batch_size_sum', { loader: 'ims.image' })).toBe(1);
  });

  it('a 503 then a 200: one retry (reason status), one attempt of each status', async () => {
    gw.sandbox.modelarts.injectFault({ pathPrefix: MA_PATH, status: 503, body: { error_code: 'ModelArts.0001' } });
    const before = await scrape(metricsUrl(gw));
    const result = await gw.query(`query Retried { modelArtsImage(id: "${MA_ID}") { name } }`);
    expect(result.body.data.modelArtsImage).not.toBeNull();
    const after = await scrape(metricsUrl(gw));

    const where = { provider: 'MODELARTS', instance: 'modelarts:cn-north-4', operation: 'ShowImage' };
    expect(moved(before, after, 'image_gateway_upstream_retries_total')).toBe(1);
    expect(moved(before, after, 'image_gateway_upstream_retries_total', { ...where, reason: 'status' })).toBe(1);
    expect(meteredAttempts(before, after)).toEqual(
      new Map([
        [`MODELARTS|modelarts:cn-north-4|ShowImage|503`, 1],
        [`MODELARTS|modelarts:cn-north-4|ShowImage|200`, 1],
      ]),
    );
    expect(meteredAttempts(before, after)).toEqual(recordedAttempts(gw));
    expect(moved(before, after, REQUESTS, { operation: 'Retried', outcome: 'success' })).toBe(1);
  });

  it('a failing source: a partial request, and its error counted by code', async () => {
    gw.sandbox.modelarts.injectFault({ pathPrefix: MA_PATH, status: 500, body: { error_code: 'ModelArts.9999' } });
    const before = await scrape(metricsUrl(gw));
    const result = await gw.query(
      `query Partial { modelArtsImage(id: "${MA_ID}") { name } imsImage(id: "${IMS_ID}") { name } }`,
    );
    expect(result.body.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    const after = await scrape(metricsUrl(gw));
    expect(moved(before, after, REQUESTS, { operation: 'Partial', type: 'query', outcome: 'partial' })).toBe(1);
    expect(moved(before, after, 'image_gateway_graphql_errors_total')).toBe(1);
    expect(moved(before, after, 'image_gateway_graphql_errors_total', { code: 'UPSTREAM_UNAVAILABLE' })).toBe(1);
    expect(moved(before, after, UPSTREAM, { provider: 'MODELARTS', status: '500' })).toBe(1);
  });

  it('a document that does not parse: an error request of unknown operation and type', async () => {
    const before = await scrape(metricsUrl(gw));
    const result = await gw.query('query Broken {');
    expect(result.status).toBe(200); // a request error under application/json (GraphQL over HTTP)
    const after = await scrape(metricsUrl(gw));
    const labels = { operation: OPERATION_LABEL.unknown, type: 'unknown', outcome: 'error' };
    expect(moved(before, after, REQUESTS, labels)).toBe(1);
    expect(moved(before, after, 'image_gateway_graphql_errors_total', { code: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
    expect(moved(before, after, UPSTREAM)).toBe(0);
  });

  it('nodes of 4 IMS and 3 ModelArts ids: one batch of each size per loader', async () => {
    const ids = [
      ...[IMS_SEED_IDS.docCentos, IMS_SEED_IDS.ubuntu2204, IMS_SEED_IDS.openEulerArm, IMS_SEED_IDS.centosAmd].map(
        (nativeId) => encodeGlobalId({ provider: 'IMS', region: 'cn-north-4', project: '', nativeId }),
      ),
      ...[
        MODELARTS_SEED.imageIds.docDetails,
        MODELARTS_SEED.imageIds.docRegistered,
        MODELARTS_SEED.imageIds.docSaved,
      ].map((nativeId) =>
        encodeGlobalId({ provider: 'MODELARTS', region: 'cn-north-4', project: SANDBOX_HUAWEI.projectId, nativeId }),
      ),
    ];
    const before = await scrape(metricsUrl(gw));
    const result = await gw.query(`query Many($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.nodes).toHaveLength(7);
    const after = await scrape(metricsUrl(gw));
    const batch = (loader: string, part: 'count' | 'sum') =>
      moved(before, after, `image_gateway_dataloader_batch_size_${part}`, { loader });
    expect([batch('ims.image', 'count'), batch('ims.image', 'sum')]).toEqual([1, 4]);
    expect([batch('modelarts.image', 'count'), batch('modelarts.image', 'sum')]).toEqual([1, 3]);
    expect(meteredAttempts(before, after)).toEqual(recordedAttempts(gw));
  });

  it('the process metrics appear once, whatever the number of gateways in the process', async () => {
    const other = await startTestGateway();
    try {
      for (const url of [metricsUrl(gw), metricsUrl(other)]) {
        const { text } = await scrape(url);
        expect(text.match(/^# TYPE process_cpu_user_seconds_total /gm)).toHaveLength(1);
        expect(text.match(/^# TYPE nodejs_eventloop_lag_seconds /gm)).toHaveLength(1);
      }
    } finally {
      await other.stop();
    }
  });
});

describe('labels are bounded and carry no ids, tokens or secrets', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw.stop());

  it(`1,000 distinct operation names: the first ${MAX_OPERATION_NAMES} are labels, the rest fold into ${OPERATION_LABEL.other}`, async () => {
    const names = Array.from({ length: 1000 }, (_, i) => `Operation${i}`);
    for (let i = 0; i < names.length; i += 50) {
      await Promise.all(names.slice(i, i + 50).map((name) => gw.query(`query ${name} { __typename }`)));
    }
    const { samples, value } = await scrape(metricsUrl(gw));
    const operations = new Set(samples.filter((s) => s.name === REQUESTS).map((s) => s.labels.operation));
    expect(operations.size).toBe(MAX_OPERATION_NAMES + 1);
    expect(value(REQUESTS, { operation: OPERATION_LABEL.other })).toBe(1000 - MAX_OPERATION_NAMES);
    expect(value(REQUESTS)).toBe(1000);
    // A name already labelled keeps its label past the cap.
    await gw.query(`query ${names[0]} { __typename }`);
    expect((await scrape(metricsUrl(gw))).value(REQUESTS, { operation: names[0] })).toBe(2);
  }, 120_000);

  it('no secret, token, key id, image id or request id anywhere in a scrape', async () => {
    const requestId = `req-${randomUUID()}`;
    const bearer = 'client-bearer-token-do-not-log-0123456789';
    await gw.query(
      THREE_SOURCES,
      { ma: MA_ID, ims: IMS_ID, ehpc: EHPC_ID },
      {
        'x-request-id': requestId,
        authorization: `Bearer ${bearer}`,
      },
    );
    await gw.query(`{ ehpcImage(imageId: "${EHPC_SEED.acrContainer}") { name } }`);
    // An operation named with the gateway's own access key id: a secret, so never a label.
    await gw.query(`query ${SANDBOX_HUAWEI.ak} { __typename }`);
    const { text, value } = await scrape(metricsUrl(gw));
    expect(value(REQUESTS, { operation: OPERATION_LABEL.other })).toBeGreaterThan(0);
    const forbidden = [
      SANDBOX_HUAWEI.ak,
      SANDBOX_HUAWEI.sk,
      SANDBOX_HUAWEI.token,
      SANDBOX_HUAWEI.projectId,
      SANDBOX_ALIBABA.accessKeyId,
      SANDBOX_ALIBABA.accessKeySecret,
      ...SANDBOX_ALIBABA.securityTokens,
      EHPC_SANDBOX_REGISTRY_PASSWORD,
      MA_ID,
      IMS_ID,
      EHPC_ID,
      EHPC_SEED.acrContainer,
      requestId,
      bearer,
    ];
    for (const value of forbidden) expect(text, value).not.toContain(value);
  });

  it('an open breaker: the state gauge says so, and readiness reports it but stays 200', async () => {
    gw.sandbox.modelarts.injectFault({ status: 500, body: { error_code: 'ModelArts.9999' }, times: Infinity });
    // Thirty distinct images: thirty failing attempts inside the breaker's window, past its minimum volume.
    const aliases = Array.from({ length: 30 }, (_, i) => `i${i}: modelArtsImage(id: "${randomUUID()}") { name }`);
    await gw.query(`query Flood { ${aliases.join(' ')} }`);
    gw.sandbox.modelarts.clearFaults();
    const after = await scrape(metricsUrl(gw));
    const breaker = (provider: string, state: string) =>
      after.value('image_gateway_upstream_circuit_breaker_state', { provider, state });
    expect([breaker('MODELARTS', 'open'), breaker('MODELARTS', 'closed'), breaker('MODELARTS', 'half-open')]).toEqual([
      1, 0, 0,
    ]);
    expect([breaker('IMS', 'closed'), breaker('EHPC', 'closed')]).toEqual([1, 1]);
    expect(after.value(UPSTREAM, { provider: 'MODELARTS', status: 'circuit_open' })).toBeGreaterThan(0);
    const ready = await fetch(gw.url.replace(/\/graphql$/, '/readyz'));
    expect(ready.status).toBe(200);
    const body = await ready.json();
    expect(body.sources.find((s: { provider: string }) => s.provider === 'MODELARTS')).toMatchObject({
      name: 'modelarts:cn-north-4',
      breaker: 'open',
    });
    expect(gw.logs.some((line) => line.includes('upstream circuit breaker opened'))).toBe(true);
  });
});

describe('IMAGE_GATEWAY_METRICS_PORT', () => {
  it('serves /metrics and the probes on their own port, and /metrics no longer on the main port', async () => {
    const gw = await startTestGateway({ env: { IMAGE_GATEWAY_METRICS_PORT: '0' } });
    const metricsAt = gw.gateway.metricsUrl!;
    try {
      expect(new URL(metricsAt).port).not.toBe(new URL(gw.url).port);
      await gw.query(`query OnItsPort { __typename }`);
      const { value } = await scrape(metricsAt);
      expect(value(REQUESTS, { operation: 'OnItsPort' })).toBe(1);
      expect(value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect((await fetch(metricsUrl(gw))).status).toBe(404);
      expect((await fetch(metricsAt.replace(/\/metrics$/, '/readyz'))).status).toBe(200);
      expect((await fetch(metricsAt.replace(/\/metrics$/, '/healthz'))).status).toBe(200);
      expect((await fetch(metricsAt.replace(/\/metrics$/, '/graphql'))).status).toBe(404);
      // The probes stay on the main port too.
      expect((await fetch(gw.url.replace(/\/graphql$/, '/readyz'))).status).toBe(200);
    } finally {
      await gw.stop();
    }
    await expect(fetch(metricsAt)).rejects.toThrow();
  });
});
