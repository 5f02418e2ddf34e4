// IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT in one process (the in-process pacer),
// end to end over HTTP against the sandbox: a burst of GraphQL requests
// reaches ModelArts one interval apart and every one is answered, the waits
// metered; a field whose slot would come after the request's deadline fails
// RATE_LIMITED with retryAfter, on its path only, sending nothing, and the
// refusal is metered, over HTTP and over WebSocket alike. Spacing is asserted
// by loose lower bounds only.
// Across replicas (Redis): test/state/replicas.test.ts.

import type { FormattedExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELARTS_SEED } from '../../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { moved, scrape } from '../support/prometheus.js';
import { connectWs } from '../support/ws.js';

const IDS = [
  MODELARTS_SEED.imageIds.docDetails,
  MODELARTS_SEED.imageIds.mindsporeAarch64,
  MODELARTS_SEED.imageIds.tensorflowTrain,
  MODELARTS_SEED.imageIds.teamDev,
];
const IMAGE = `query ($id: ID!) { modelArtsImage(id: $id) { id name } }`;
const WAITS = 'image_gateway_upstream_rate_limit_wait_seconds_count';
const REFUSALS = 'image_gateway_upstream_rate_limit_refusals_total';

const metricsUrl = (gw: TestGateway) => gw.url.replace(/\/graphql$/, '/metrics');
const modelArts = (gw: TestGateway) => {
  const instance = gw.gateway.sources.configs().find((c) => c.provider === 'MODELARTS')?.name ?? '';
  return { provider: 'MODELARTS', instance };
};

describe('2 calls a second', () => {
  const interval = 500;
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT: '2' } });
  });
  afterAll(() => gw?.stop());

  it('a burst of requests reaches the upstream one interval apart, every one answered, the waits metered', async () => {
    const before = await scrape(metricsUrl(gw));
    gw.sandbox.resetCalls();
    const results = await Promise.all(IDS.map((id) => gw.query(IMAGE, { id })));
    for (const result of results) {
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data.modelArtsImage.name).toBeTruthy();
    }
    const at = gw.sandbox.modelarts
      .calls()
      .map((call) => call.startedAt)
      .sort((a, b) => a - b);
    expect(at).toHaveLength(IDS.length);
    for (let i = 1; i < at.length; i += 1) expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(interval / 2);
    expect(at[at.length - 1] - at[0]).toBeGreaterThanOrEqual((at.length - 1) * interval - interval / 2);

    const after = await scrape(metricsUrl(gw));
    // The first went at once; every other one waited.
    expect(moved(before, after, WAITS, modelArts(gw))).toBe(IDS.length - 1);
    expect(moved(before, after, 'image_gateway_upstream_rate_limit_wait_seconds_sum', modelArts(gw))).toBeGreaterThan(
      0,
    );
    expect(moved(before, after, REFUSALS)).toBe(0);
  });
});

/** A query's result over one transport: GraphQL over HTTP, or graphql-ws on the same gateway. */
type Transport = 'HTTP' | 'WebSocket';
async function queryOver(
  transport: Transport,
  gw: TestGateway,
  query: string,
  variables: Record<string, unknown>,
): Promise<FormattedExecutionResult<Record<string, unknown>, unknown>> {
  if (transport === 'HTTP') return (await gw.query(query, variables)).body;
  const ws = connectWs(gw.url);
  try {
    for await (const result of ws.client.iterate<Record<string, unknown>>({ query, variables })) return result;
    throw new Error('the WebSocket operation completed without a result');
  } finally {
    await ws.dispose();
  }
}

describe.each<Transport>(['HTTP', 'WebSocket'])('1 call a second, requests of 1 s, over %s', (transport) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      env: { IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT: '1', IMAGE_GATEWAY_REQUEST_TIMEOUT_MS: '1000' },
    });
  });
  afterAll(() => gw?.stop());

  it('a field whose slot would come after the deadline fails RATE_LIMITED on its path only, sending nothing', async () => {
    const before = await scrape(metricsUrl(gw));
    gw.sandbox.resetCalls();
    // Three reads at once in one request: slots now, in 1 s and in 2 s; the third at least is past the deadline.
    const result = await queryOver(
      transport,
      gw,
      `query ($a: ID!, $b: ID!, $c: ID!) {
        a: modelArtsImage(id: $a) { id name }
        b: modelArtsImage(id: $b) { id name }
        c: modelArtsImage(id: $c) { id name }
      }`,
      { a: IDS[0], b: IDS[1], c: IDS[2] },
    );
    const errors = result.errors ?? [];
    const data = result.data ?? {};
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.length).toBeLessThanOrEqual(2);
    for (const error of errors) {
      expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', provider: 'MODELARTS' });
      expect(error.extensions?.retryAfter).toBeGreaterThanOrEqual(1);
      expect(error.message).toContain('IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT');
      expect(data[String(error.path?.[0])]).toBeNull();
    }
    const answered = Object.values(data).filter(Boolean);
    expect(answered.length).toBe(3 - errors.length);
    // What was refused sent nothing.
    expect(gw.sandbox.modelarts.calls()).toHaveLength(answered.length);
    const after = await scrape(metricsUrl(gw));
    expect(moved(before, after, REFUSALS, modelArts(gw))).toBe(errors.length);
  });
});
