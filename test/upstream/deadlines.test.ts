// Deadlines that hold: IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS is the budget of a
// whole upstream call, every attempt and every wait between them included,
// and a caller's deadline or signal only shortens it. Retry-After is waited
// out, never less, or not at all when it would pass the budget. Measured at a
// loopback emulator with injected faults, and end to end through the gateway.
//
// Time bounds: a bound here is "T plus 10%" plus SLACK_MS. SLACK_MS covers
// what is not the client's doing on a loaded 2-core machine: the abort timer
// firing late, the event loop busy with another test's server, the rejection
// reaching the test. It is far below what the broken behaviour costs (a
// second full attempt: another T = 300 ms), so the bounds still tell the two
// apart.

import { afterEach, describe, expect, it } from 'vitest';
import { MODELARTS_SEED, SANDBOX_HUAWEI } from '../../src/sandbox/index.js';
import type { AttemptRecord } from '../../src/upstream/scope.js';
import { retryAfterMs } from '../../src/upstream/response.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { clientUnderTest, rejection, stopAll } from '../support/upstream.js';

const T = 300;
const SLACK_MS = 100;
/** SLACK_MS plus a GraphQL request's own work on a loaded machine (measured: 60–130 ms at load 8). */
const GATEWAY_SLACK_MS = 300;
const GET = { method: 'GET', path: '/v1/things/1', operation: 'ShowThing' } as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(stopAll);

/** Runs `work` and says how long it took, ms. */
async function timed<R>(work: () => Promise<R>): Promise<{ result: R; ms: number }> {
  const began = performance.now();
  const result = await work();
  return { result, ms: performance.now() - began };
}

describe('the budget of a whole call', () => {
  it(`a hung upstream, T=${T} ms, 2 retries: UPSTREAM_TIMEOUT within T + 10%, after one attempt`, async () => {
    const { client, upstream } = await clientUnderTest({ timeoutMs: T, retries: 2 });
    upstream.injectFault({ delayMs: 2 * T, times: Infinity });
    const attempts: AttemptRecord[] = [];
    const { result: error, ms } = await timed(() =>
      rejection(client.request(GET, { onAttempt: (record) => attempts.push(record) })),
    );
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', provider: 'TEST' });
    expect(error.message).toContain(`within ${T} ms`);
    expect(ms).toBeGreaterThanOrEqual(T - 5);
    expect(ms).toBeLessThan(T * 1.1 + SLACK_MS);
    expect(attempts).toEqual([{ operation: 'ShowThing', attempt: 1 }]);
    // The emulator records a call when its delayed answer is written: wait for it, and see no other.
    await sleep(2 * T + 100);
    expect(upstream.calls()).toHaveLength(1);
  });

  it('later attempts get only what is left: a slow 503, then a hung retry, still end within T + 10%', async () => {
    const { client, upstream } = await clientUnderTest({ timeoutMs: T, retries: 2 });
    upstream.injectFault({ status: 503, delayMs: 150, body: { code: 'Busy' } }); // half the budget
    upstream.injectFault({ delayMs: 2 * T, times: Infinity }); // the retry hangs
    const attempts: AttemptRecord[] = [];
    const { result: response, ms } = await timed(() =>
      client.request(GET, { onAttempt: (record) => attempts.push(record) }),
    );
    // A per-attempt timeout would have ended at 150 + backoff + 300 ms.
    expect(ms).toBeLessThan(T * 1.1 + SLACK_MS);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
    // The retry ran out of budget: the call ends with the answer the upstream did give, not a timeout.
    expect(response.status).toBe(503);
    expect(JSON.parse(response.text)).toEqual({ code: 'Busy' });
    await sleep(2 * T + 100);
    const [first, second] = upstream.calls().sort((a, b) => a.startedAt - b.startedAt);
    expect(first.status).toBe(503);
    expect(second.startedAt).toBeGreaterThanOrEqual(first.endedAt);
    expect(upstream.calls()).toHaveLength(2);
  });

  it('a hang-up is retried within the budget, and each retry is another attempt', async () => {
    const { client, upstream } = await clientUnderTest({ timeoutMs: 2_000, retries: 2 });
    upstream.injectFault({ hangUp: true, times: 2 });
    const attempts: AttemptRecord[] = [];
    const response = await client.request(GET, { onAttempt: (record) => attempts.push(record) });
    expect(response.status).toBe(200);
    expect(attempts).toEqual([1, 2, 3].map((attempt) => ({ operation: 'ShowThing', attempt })));
    expect(upstream.calls()).toHaveLength(3);
  });

  it("the caller's deadline shortens the budget", async () => {
    const { client, upstream } = await clientUnderTest({ timeoutMs: 10_000, retries: 2 });
    upstream.injectFault({ delayMs: 2 * T, times: Infinity });
    const { result: error, ms } = await timed(() => rejection(client.request(GET, { deadline: Date.now() + T })));
    expect(error.extensions.code).toBe('UPSTREAM_TIMEOUT');
    expect(ms).toBeLessThan(T * 1.1 + SLACK_MS);
  });

  it('a deadline already past: UPSTREAM_TIMEOUT, nothing sent, no attempt counted', async () => {
    const { client, upstream } = await clientUnderTest();
    const attempts: AttemptRecord[] = [];
    const error = await rejection(
      client.request(GET, { deadline: Date.now() - 1, onAttempt: (record) => attempts.push(record) }),
    );
    expect(error.extensions.code).toBe('UPSTREAM_TIMEOUT');
    expect(attempts).toEqual([]);
    expect(upstream.calls()).toHaveLength(0);
  });

  it("the caller's signal aborts the call, waits included", async () => {
    const { client, upstream } = await clientUnderTest({ timeoutMs: 10_000, retries: 2 });
    upstream.injectFault({ status: 503, headers: { 'retry-after': '5' }, times: Infinity });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { result: response, ms } = await timed(() => client.request(GET, { signal: controller.signal }));
    // Stopped in the 5 s wait: the last answer, at once.
    expect(response.status).toBe(503);
    expect(ms).toBeLessThan(100 + SLACK_MS * 2);
    expect(upstream.calls()).toHaveLength(1);
  });

  it("a caller's signal that aborts mid-attempt: UPSTREAM_UNAVAILABLE (cancelled), not a timeout", async () => {
    const { client, upstream } = await clientUnderTest({ timeoutMs: 10_000 });
    upstream.injectFault({ delayMs: 2 * T, times: Infinity });
    const error = await rejection(client.request(GET, { signal: abortAfter(50) }));
    expect(error.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toMatch(/cancelled/);
  });
});

function abortAfter(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms);
  return controller.signal;
}

describe('Retry-After', () => {
  it('429 with Retry-After: 1 → the retry arrives at least 1 s after the first answer (at the server)', async () => {
    const { client, upstream } = await clientUnderTest({ timeoutMs: 5_000, retries: 2 });
    upstream.injectFault({ status: 429, headers: { 'retry-after': '1' } });
    expect((await client.request(GET)).status).toBe(200);
    const [first, second] = upstream.calls();
    expect(first.status).toBe(429);
    expect(second.startedAt - first.endedAt).toBeGreaterThanOrEqual(1_000);
    expect(second.startedAt - first.endedAt).toBeLessThan(1_000 + 500);
  });

  it('503 with Retry-After as an HTTP-date → the retry arrives no sooner than that date', async () => {
    const { client, upstream } = await clientUnderTest({ timeoutMs: 5_000, retries: 2 });
    // An HTTP-date has whole seconds: at least 1 s from now once truncated.
    const date = new Date(Date.now() + 2_000).toUTCString();
    upstream.injectFault({ status: 503, headers: { 'retry-after': date } });
    expect((await client.request(GET)).status).toBe(200);
    const [, second] = upstream.calls();
    // performance.timeOrigin + performance.now() is the epoch time; allow the two clocks 10 ms of drift.
    expect(performance.timeOrigin + second.startedAt).toBeGreaterThanOrEqual(Date.parse(date) - 10);
  });

  it('Retry-After: 120 with a 1 s budget → no retry at all: the 429 returns at once', async () => {
    const { client, upstream } = await clientUnderTest({ timeoutMs: 1_000, retries: 2 });
    upstream.injectFault({ status: 429, headers: { 'retry-after': '120' }, times: Infinity });
    const { result: response, ms } = await timed(() => client.request(GET));
    expect(response.status).toBe(429);
    expect(ms).toBeLessThan(SLACK_MS * 2);
    expect(upstream.calls()).toHaveLength(1);
  });

  it('reads both forms, for 429 and 503 only', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const answer = (status: number, value: string) => ({ status, headers: { 'retry-after': value }, text: '' });
    expect(retryAfterMs(answer(429, '120'), now)).toBe(120_000);
    expect(retryAfterMs(answer(503, ' 0 '), now)).toBe(0);
    expect(retryAfterMs(answer(429, 'Thu, 01 Jan 2026 00:00:30 GMT'), now)).toBe(30_000);
    expect(retryAfterMs(answer(429, 'Wed, 31 Dec 2025 23:00:00 GMT'), now)).toBe(0); // past: no wait
    expect(retryAfterMs(answer(429, 'soon'), now)).toBeUndefined();
    expect(retryAfterMs(answer(429, '-5'), now)).toBeUndefined();
    expect(retryAfterMs(answer(502, '5'), now)).toBeUndefined();
    expect(retryAfterMs({ status: 429, headers: {}, text: '' }, now)).toBeUndefined();
  });
});

describe('end to end through the gateway', () => {
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await gw?.stop();
    gw = undefined;
  });
  const IMAGE = MODELARTS_SEED.imageIds.docDetails;
  const imagePath = `/v1/${SANDBOX_HUAWEI.projectId}/images/${IMAGE}`;

  it('429 with Retry-After: 120 and a 1 s budget → RATE_LIMITED with retryAfter 120, one upstream call', async () => {
    gw = await startTestGateway({
      env: { IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS: '1000', IMAGE_GATEWAY_UPSTREAM_RETRIES: '2' },
    });
    gw.sandbox.modelarts.injectFault({
      pathPrefix: imagePath,
      status: 429,
      headers: { 'retry-after': '120' },
      body: { error_code: 'APIG.0308', error_msg: 'The throttling threshold has been reached' },
      times: Infinity,
    });
    const { result, ms } = await timed(() => gw!.query(`{ modelArtsImage(id: "${IMAGE}") { name } }`));
    expect(result.body.data).toEqual({ modelArtsImage: null });
    expect(result.body.errors?.[0]?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      provider: 'MODELARTS',
      upstreamStatus: 429,
      vendorCode: 'APIG.0308',
      retryAfter: 120,
    });
    expect(ms).toBeLessThan(1_000);
    expect(gw.sandbox.modelarts.calls().filter((c) => c.rawPath === imagePath)).toHaveLength(1);
  });

  it(`a hung ModelArts with IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS=${T} and 2 retries → UPSTREAM_TIMEOUT within T + 10%`, async () => {
    gw = await startTestGateway({
      env: { IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS: String(T), IMAGE_GATEWAY_UPSTREAM_RETRIES: '2' },
    });
    // A first query warms up what is not the upstream call (the first GraphQL request, the connection).
    await gw.query(`{ modelArtsImage(id: "${MODELARTS_SEED.imageIds.docRegistered}") { name } }`);
    gw.sandbox.modelarts.injectFault({ pathPrefix: imagePath, delayMs: 2 * T, times: Infinity });
    const { result, ms } = await timed(() => gw!.query(`{ modelArtsImage(id: "${IMAGE}") { name } }`));
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', provider: 'MODELARTS' });
    // Before the upstream call and after its error, the gateway parses, resolves and formats the
    // request over loopback HTTP: GATEWAY_SLACK_MS. The old client (3 attempts of T each) took over 3 T.
    expect(ms).toBeLessThan(T * 1.1 + GATEWAY_SLACK_MS);
    await sleep(2 * T + 100); // the emulator records the hung call when its delayed answer is written
    expect(gw.sandbox.modelarts.calls().filter((c) => c.rawPath === imagePath)).toHaveLength(1);
  });
});
