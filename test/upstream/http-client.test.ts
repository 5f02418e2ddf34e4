// The upstream client against a loopback emulator: which outcomes are tried
// again (counted at the server), that every attempt is signed anew, the
// once-after-401 credential refresh, and the circuit breaker: it opens after a
// burst of endpoint failures, then fails fast without reaching the upstream,
// lets one trial through after its pause, and a healthy answer closes it;
// the upstream rate limit (a pacer): a burst reaches the upstream one interval
// apart, retries included, a slot past the deadline is refused with nothing
// sent, and a caller that goes away stops waiting; and the observer that
// hears each attempt, retry, paced attempt and breaker change.

import { afterEach, describe, expect, it } from 'vitest';
import { nextStep, backoffMs, type RetryState } from '../../src/upstream/retry-policy.js';
import type { Fault } from '../../src/sandbox/index.js';
import type { AttemptOutcome } from '../../src/upstream/attempt.js';
import type {
  AttemptInfo,
  BreakerChange,
  PacingInfo,
  RetryInfo,
  UpstreamObserver,
} from '../../src/upstream/http-client.js';
import type { RunningEmulator } from '../../src/sandbox/index.js';
import { clientUnderTest, rejection, stopAll, testPacer } from '../support/upstream.js';
import { expectWithin, TIMING_SLACK_MS } from '../support/timing.js';

afterEach(stopAll);

const GET = { method: 'GET', path: '/v1/things/1', operation: 'ShowThing' } as const;
const POST = { method: 'POST', path: '/v1/things', json: { name: 'x' }, operation: 'CreateThing' } as const;

describe('retry decisions, counted at the server', () => {
  it('a 503 to a GET is tried `retries` more times, then the last response is returned', async () => {
    const { client, upstream } = await clientUnderTest({ retries: 2 });
    upstream.injectFault({ status: 503, times: Infinity, body: { error: 'busy' } });
    const response = await client.request(GET);
    expect(response.status).toBe(503);
    expect(JSON.parse(response.text)).toEqual({ error: 'busy' });
    expect(upstream.calls().map((c) => c.status)).toEqual([503, 503, 503]);
  });

  it('a 502, then success: the retry answers', async () => {
    const { client, upstream } = await clientUnderTest({ retries: 2 });
    upstream.injectFault({ status: 502 });
    expect((await client.request(GET)).status).toBe(200);
    expect(upstream.calls().map((c) => c.status)).toEqual([502, 200]);
  });

  it('a 503 to a POST is not repeated, unless the call is marked idempotent', async () => {
    const { client, upstream } = await clientUnderTest({ retries: 2 });
    upstream.injectFault({ status: 503, times: Infinity });
    expect((await client.request(POST)).status).toBe(503);
    expect(upstream.calls()).toHaveLength(1);
    upstream.resetCalls();
    expect((await client.request({ ...POST, idempotent: true })).status).toBe(503);
    expect(upstream.calls()).toHaveLength(3);
  });

  it.each([400, 403, 404, 409, 500])('HTTP %i is returned at once, not retried', async (status) => {
    const { client, upstream } = await clientUnderTest({ retries: 2 });
    upstream.injectFault({ status, times: Infinity });
    expect((await client.request(GET)).status).toBe(status);
    expect(upstream.calls()).toHaveLength(1);
  });

  it('no answer at all (the connection hung up) is retried for a GET, then UPSTREAM_UNAVAILABLE', async () => {
    const { client, upstream } = await clientUnderTest({ retries: 2 });
    upstream.injectFault({ hangUp: true, times: Infinity });
    const error = await rejection(client.request(GET));
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'TEST' });
    expect(error.message).toMatch(/could not be reached/);
    expect(upstream.calls().map((c) => c.status)).toEqual([0, 0, 0]);
  });

  it('a hang-up to a POST is not repeated (it may have been carried out)', async () => {
    const { client, upstream } = await clientUnderTest({ retries: 2 });
    upstream.injectFault({ hangUp: true, times: Infinity });
    expect((await rejection(client.request(POST))).extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(upstream.calls()).toHaveLength(1);
  });

  it('every attempt is signed anew (a nonce is never sent twice)', async () => {
    const { client, upstream, signed } = await clientUnderTest({ retries: 2 });
    upstream.injectFault({ status: 503, times: 2 });
    expect((await client.request(GET)).status).toBe(200);
    expect(signed).toHaveLength(3);
    const nonces = upstream.calls().map((c) => c.headers['x-test-nonce']);
    expect(new Set(nonces).size).toBe(3);
  });

  it('an oversized body is UPSTREAM_BAD_RESPONSE, not retried', async () => {
    const { client, upstream } = await clientUnderTest({ retries: 2, maxResponseBytes: 1_000 });
    upstream.injectFault({ status: 200, body: 'x'.repeat(5_000), times: Infinity });
    const error = await rejection(client.request(GET));
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'TEST' });
    expect(upstream.calls()).toHaveLength(1);
  });
});

describe('a 401 and fresh credentials (Keystone)', () => {
  function refreshingAuthenticator(refreshes: boolean) {
    let token = 'token-1';
    const refusedHeaders: Array<Readonly<Record<string, string>>> = [];
    return {
      refusedHeaders,
      authenticator: {
        authenticate: (request: { headers: Record<string, string> }) => ({ ...request.headers, 'x-auth-token': token }),
        async refreshAfterUnauthorized(sent: Readonly<Record<string, string>>) {
          refusedHeaders.push(sent);
          token = 'token-2';
          return refreshes;
        },
      },
    };
  }

  it('is repeated once with the new token, for a POST too', async () => {
    const { authenticator, refusedHeaders } = refreshingAuthenticator(true);
    const { client, upstream } = await clientUnderTest({ retries: 0, authenticator });
    upstream.injectFault({ status: 401 });
    expect((await client.request(POST)).status).toBe(200);
    expect(upstream.calls().map((c) => [c.status, c.headers['x-auth-token']])).toEqual([
      [401, 'token-1'],
      [200, 'token-2'],
    ]);
    expect(refusedHeaders.map((h) => h['x-auth-token'])).toEqual(['token-1']);
  });

  it('only once: a second 401 is returned', async () => {
    const { authenticator, refusedHeaders } = refreshingAuthenticator(true);
    const { client, upstream } = await clientUnderTest({ retries: 2, authenticator });
    upstream.injectFault({ status: 401, times: Infinity });
    expect((await client.request(GET)).status).toBe(401);
    expect(upstream.calls()).toHaveLength(2);
    expect(refusedHeaders).toHaveLength(1);
  });

  it('not repeated when the authenticator got nothing new', async () => {
    const { authenticator } = refreshingAuthenticator(false);
    const { client, upstream } = await clientUnderTest({ retries: 2, authenticator });
    upstream.injectFault({ status: 401, times: Infinity });
    expect((await client.request(GET)).status).toBe(401);
    expect(upstream.calls()).toHaveLength(1);
  });
});

describe('the retry policy, as a table', () => {
  const response = (status: number, headers: Record<string, string> = {}): AttemptOutcome => ({
    kind: 'response',
    response: { status, headers, text: '' },
  });
  const read: RetryState = {
    idempotent: true,
    retriesMade: 0,
    maxRetries: 2,
    canRefreshCredentials: false,
    remainingMs: 10_000,
  };
  const write: RetryState = { ...read, idempotent: false };
  const half = () => 0.5;

  it.each<[string, string, AttemptOutcome, RetryState]>([
    ['503, read', 'retry', response(503), read],
    ['503, write', 'stop', response(503), write],
    ['503, retries used up', 'stop', response(503), { ...read, retriesMade: 2 }],
    ['429, read', 'retry', response(429), read],
    ['500, read', 'stop', response(500), read],
    ['404, read', 'stop', response(404), read],
    ['401, cannot refresh', 'stop', response(401), read],
    ['401, can refresh, write', 'refresh-credentials', response(401), { ...write, canRefreshCredentials: true }],
    ['unreachable, read', 'retry', { kind: 'unreachable', reason: 'ECONNRESET' }, read],
    ['unreachable, write', 'stop', { kind: 'unreachable', reason: 'ECONNRESET' }, write],
    ['oversized, read', 'stop', { kind: 'oversized', limitBytes: 1 }, read],
    ['circuit open, read', 'stop', { kind: 'circuit-open' }, read],
    ['timeout, read (the budget is spent)', 'stop', { kind: 'timeout' }, read],
    ['aborted by the caller, read', 'stop', { kind: 'aborted' }, read],
    ['503, a backoff longer than what is left', 'stop', response(503), { ...read, remainingMs: 60 }],
    ['429, Retry-After: 5 within 10 s left', 'retry', response(429, { 'retry-after': '5' }), read],
    ['429, Retry-After: 120 with 10 s left', 'stop', response(429, { 'retry-after': '120' }), read],
    ['503, Retry-After: 120 with 10 s left', 'stop', response(503, { 'retry-after': '120' }), read],
    ['429, Retry-After: 5, write', 'stop', response(429, { 'retry-after': '5' }), write],
  ])('%s → %s', (_name, action, outcome, state) => {
    expect(nextStep(outcome, state, half).action).toBe(action);
  });

  it('waits what Retry-After says, not the backoff', () => {
    expect(nextStep(response(429, { 'retry-after': '5' }), read, half)).toEqual({
      action: 'retry',
      delayMs: 5_000,
      reason: 'retry-after',
    });
    expect(nextStep(response(503), read, half)).toEqual({ action: 'retry', delayMs: 75, reason: 'status' });
  });

  it('backs off 50 ms × 3ⁿ, times 1–2, at most 1 s', () => {
    expect(backoffMs(1, () => 0)).toBe(50);
    expect(backoffMs(2, () => 0.5)).toBe(225);
    expect(backoffMs(3, () => 0.999)).toBeLessThan(900);
    expect(backoffMs(4, () => 0.5)).toBe(1_000);
  });
});

describe('the circuit breaker', () => {
  // Small numbers so that a burst opens it: 4 attempts in the window, more than half failed.
  const breaker = { volumeThreshold: 4, errorThresholdPercentage: 50, resetTimeoutMs: 300 };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** A client whose breaker the fault has just opened: 4 calls reached the upstream and failed. */
  async function openedBreaker(fault: Fault) {
    const under = await clientUnderTest({ retries: 0, breaker });
    under.upstream.injectFault({ ...fault, times: Infinity });
    for (let i = 0; i < 4; i++) await under.client.request(GET).catch(() => undefined);
    expect(under.upstream.calls()).toHaveLength(4);
    return under;
  }

  it('after a burst of 5xx the next calls fail fast with UPSTREAM_UNAVAILABLE and reach no upstream', async () => {
    const { client, upstream } = await openedBreaker({ status: 503 });
    // Ten calls: with 2 retries, backing off at an open circuit costs at least 200 ms a call, 2 s in all.
    const began = performance.now();
    for (let i = 0; i < 10; i++) {
      const error = await rejection(client.request(GET));
      expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'TEST' });
      expect(error.message).toMatch(/circuit open/);
    }
    expectWithin(performance.now() - began, 0); // fast: no attempt, no backoff
    expect(upstream.calls()).toHaveLength(4); // zero requests after the burst
  });

  it('transport failures open it too', async () => {
    const { client, upstream } = await openedBreaker({ hangUp: true });
    expect((await rejection(client.request(GET))).message).toMatch(/circuit open/);
    expect(upstream.calls()).toHaveLength(4);
  });

  it('a retrying GET stops at the open circuit instead of spending its retries', async () => {
    // A pause longer than the backoffs, so that no retry comes back as the trial, and a budget for them.
    const { client, upstream } = await clientUnderTest({
      timeoutMs: 10_000,
      retries: 5,
      breaker: { ...breaker, resetTimeoutMs: 10_000 },
    });
    upstream.injectFault({ status: 503, times: Infinity });
    const error = await rejection(client.request(GET));
    expect(error.message).toMatch(/circuit open/);
    expect(upstream.calls()).toHaveLength(4);
  });

  it('after the reset time, a healthy upstream answers the trial call and closes it', async () => {
    const { client, upstream } = await openedBreaker({ status: 503 });
    upstream.clearFaults();
    await sleep(breaker.resetTimeoutMs + 50);
    expect((await client.request(GET)).status).toBe(200); // the trial
    for (let i = 0; i < 3; i++) expect((await client.request(GET)).status).toBe(200);
    expect(upstream.calls().map((c) => c.status)).toEqual([503, 503, 503, 503, 200, 200, 200, 200]);
  });

  it('a failed trial opens it again', async () => {
    const { client, upstream } = await openedBreaker({ status: 503 });
    await sleep(breaker.resetTimeoutMs + 50);
    expect((await client.request(GET)).status).toBe(503); // the trial, still failing
    expect((await rejection(client.request(GET))).message).toMatch(/circuit open/);
    expect(upstream.calls()).toHaveLength(5);
  });

  it('while the trial is out, other calls fail fast rather than wait for it', async () => {
    const { client, upstream } = await openedBreaker({ status: 503 });
    upstream.clearFaults();
    // The trial takes longer than the bound below: a call that waited for it fails the bound.
    upstream.injectFault({ delayMs: 1.5 * TIMING_SLACK_MS }); // within the client's 2 s budget
    await sleep(breaker.resetTimeoutMs + 50);
    const trial = client.request(GET);
    await sleep(20);
    const began = performance.now();
    expect((await rejection(client.request(GET))).message).toMatch(/circuit open/);
    expectWithin(performance.now() - began, 0);
    expect((await trial).status).toBe(200);
    expect(upstream.calls()).toHaveLength(5);
  });

  // 429 is a healthy upstream throttling us: it must reach the client as RATE_LIMITED
  // with its Retry-After, not become UPSTREAM_UNAVAILABLE for every call (see breaker.ts).
  it('429 does not open it: every throttled call still reaches the upstream and returns its 429', async () => {
    const { client, upstream } = await clientUnderTest({ retries: 0, breaker });
    upstream.injectFault({ status: 429, times: Infinity });
    for (let i = 0; i < 10; i++) expect((await client.request(GET)).status).toBe(429);
    expect(upstream.calls()).toHaveLength(10);
  });

  it('4xx answers do not open it', async () => {
    const { client, upstream } = await clientUnderTest({ retries: 0, breaker });
    upstream.injectFault({ status: 404, times: Infinity });
    for (let i = 0; i < 10; i++) expect((await client.request(GET)).status).toBe(404);
    expect(upstream.calls()).toHaveLength(10);
  });
});

describe('the upstream rate limit (a pacer)', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** When each call reached the upstream, in order (the emulator's clock is this process's). */
  const arrivals = (upstream: RunningEmulator) =>
    upstream
      .calls()
      .map((c) => c.startedAt)
      .sort((a, b) => a - b);
  /** The gaps between consecutive arrivals. */
  const gaps = (at: number[]) => at.slice(1).map((t, i) => t - at[i]);

  it('a burst of concurrent calls reaches the upstream one interval apart, and every call is answered', async () => {
    const interval = 200;
    const { client, upstream } = await clientUnderTest({ pacer: testPacer(interval), timeoutMs: 5_000 });
    const responses = await Promise.all(Array.from({ length: 6 }, () => client.request(GET)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const at = arrivals(upstream);
    expect(at).toHaveLength(6);
    // Lower bounds only, and loose: a late timer may bring one send closer to the next, never by half an interval.
    for (const gap of gaps(at)) expect(gap).toBeGreaterThanOrEqual(interval / 2);
    expect(at[5] - at[0]).toBeGreaterThanOrEqual(5 * interval - interval / 2);
  });

  it('every attempt takes a slot: retries are paced too', async () => {
    const interval = 500;
    const pacer = testPacer(interval);
    const { client, upstream } = await clientUnderTest({ pacer, retries: 2, timeoutMs: 5_000 });
    upstream.injectFault({ status: 503, times: 2 });
    expect((await client.request(GET)).status).toBe(200);
    expect(upstream.calls().map((c) => c.status)).toEqual([503, 503, 200]);
    expect(pacer.answers.map((a) => a.granted)).toEqual([true, true, true]);
    // The backoffs alone (50–100 ms, then 150–300 ms) would have sent them closer.
    for (const gap of gaps(arrivals(upstream))) expect(gap).toBeGreaterThanOrEqual(0.8 * interval);
  });

  it('a call whose slot would come after its deadline fails at once with RATE_LIMITED, sending nothing', async () => {
    const pacer = testPacer(5_000);
    const { client, upstream } = await clientUnderTest({ pacer, timeoutMs: 2_000 });
    expect((await client.request(GET)).status).toBe(200); // the slot now; the next is 5 s away
    const attempts: unknown[] = [];
    const error = await rejection(client.request(GET, { onAttempt: (record) => attempts.push(record) }));
    // Not a timeout: it did not wait for a slot it could not use.
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', provider: 'TEST' });
    expect([4, 5]).toContain(error.extensions.retryAfter);
    expect(error.message).toContain('IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT');
    expect(attempts).toEqual([]);
    expect(upstream.calls()).toHaveLength(1);
    // It took no slot: the next caller who can wait is offered the one it was refused, not the one after.
    expect(pacer.answers.map((a) => a.granted)).toEqual([true, false]);
    expect((await pacer.reserve(10_000)).waitMs).toBeLessThanOrEqual(5_000);
  });

  it('a slot more than half the time left away is refused: the attempt needs the rest', async () => {
    const pacer = testPacer(1_000);
    const { client, upstream } = await clientUnderTest({ pacer, timeoutMs: 1_500 });
    expect((await client.request(GET)).status).toBe(200); // the slot now; the next is 1 s away, of 1.5 s
    const error = await rejection(client.request(GET));
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1 });
    expect(upstream.calls()).toHaveLength(1);
    expect(pacer.answers.map((a) => a.granted)).toEqual([true, false]);
  });

  it('a caller that goes away stops waiting for its slot, and nothing is sent', async () => {
    const { client, upstream } = await clientUnderTest({ pacer: testPacer(5_000), timeoutMs: 10_000 });
    expect((await client.request(GET)).status).toBe(200);
    const caller = new AbortController();
    const began = performance.now();
    const waiting = rejection(client.request(GET, { signal: caller.signal }));
    await sleep(50);
    caller.abort();
    const error = await waiting;
    expectWithin(performance.now() - began, 50); // its slot was 5 s away
    expect(error.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toMatch(/cancelled/);
    expect(upstream.calls()).toHaveLength(1);
  });

  it('a retry that gets no slot in time ends with the answer the upstream last gave', async () => {
    const pacer = testPacer(5_000);
    const { client, upstream } = await clientUnderTest({ pacer, retries: 2, timeoutMs: 2_000 });
    upstream.injectFault({ status: 503, body: { code: 'Busy' } });
    const response = await client.request(GET);
    expect(response.status).toBe(503);
    expect(JSON.parse(response.text)).toEqual({ code: 'Busy' });
    expect(upstream.calls()).toHaveLength(1);
    expect(pacer.answers.map((a) => a.granted)).toEqual([true, false]);
  });

  it('the observer hears each attempt that waited, and each refusal; not one that went at once', async () => {
    const paced: PacingInfo[] = [];
    const { client } = await clientUnderTest({
      pacer: testPacer(300),
      timeoutMs: 5_000,
      observer: { paced: (info) => paced.push(info) },
    });
    await Promise.all([client.request(GET), client.request(GET), client.request(GET)]);
    // A caller's deadline 100 ms away, with the next slot about 300 ms off.
    await rejection(client.request(GET, { deadline: Date.now() + 100 }));
    expect(paced.map(({ waitMs: _, ...info }) => info)).toEqual(
      ['waited', 'waited', 'refused'].map((outcome) => ({
        provider: 'TEST',
        instance: 'test:default',
        operation: 'ShowThing',
        attempt: 1,
        outcome,
      })),
    );
    expect(paced[0].waitMs).toBeGreaterThan(0);
    expect(paced[1].waitMs).toBeGreaterThan(paced[0].waitMs);
    expect(paced[2].waitMs).toBeGreaterThan(100);
  });
});

describe('the observer and breakerState()', () => {
  function recordingObserver() {
    const attempts: AttemptInfo[] = [];
    const retries: RetryInfo[] = [];
    const changes: BreakerChange[] = [];
    const observer: UpstreamObserver = {
      attemptFinished: (info) => attempts.push(info),
      retryScheduled: (info) => retries.push(info),
      breakerChanged: (change) => changes.push(change),
    };
    return { observer, attempts, retries, changes };
  }

  it('hears every attempt and every retry, as the server saw them', async () => {
    const { observer, attempts, retries } = recordingObserver();
    const { client, upstream } = await clientUnderTest({ retries: 2, observer });
    upstream.injectFault({ status: 503, times: 2 });
    expect((await client.request(GET)).status).toBe(200);
    expect(attempts.map(({ durationMs: _, ...info }) => info)).toEqual(
      [503, 503, 200].map((status, i) => ({
        provider: 'TEST',
        instance: 'test:default',
        operation: 'ShowThing',
        method: 'GET',
        attempt: i + 1,
        status,
        outcome: 'response',
      })),
    );
    expect(attempts.every((a) => a.durationMs >= 0)).toBe(true);
    expect(retries.map((r) => [r.attempt, r.status, r.reason])).toEqual([
      [1, 503, 'status'],
      [2, 503, 'status'],
    ]);
    expect(retries.every((r) => r.delayMs >= 50 && r.delayMs <= 1_000)).toBe(true);
    expect(upstream.calls().map((c) => c.status)).toEqual([503, 503, 200]);
  });

  it('says how an attempt without a response ended, with status 0', async () => {
    const { observer, attempts, retries } = recordingObserver();
    const { client, upstream } = await clientUnderTest({ timeoutMs: 200, retries: 1, observer });
    upstream.injectFault({ hangUp: true });
    upstream.injectFault({ delayMs: 500 });
    await rejection(client.request(GET));
    expect(attempts.map((a) => [a.outcome, a.status])).toEqual([
      ['unreachable', 0],
      ['timeout', 0],
    ]);
    expect(retries.map((r) => r.reason)).toEqual(['unreachable']);
  });

  it('reports the refresh after a 401 as a retry', async () => {
    const { observer, retries } = recordingObserver();
    const authenticator = {
      authenticate: (request: { headers: Record<string, string> }) => request.headers,
      refreshAfterUnauthorized: async () => true,
    };
    const { client, upstream } = await clientUnderTest({ retries: 0, observer, authenticator });
    upstream.injectFault({ status: 401 });
    expect((await client.request(GET)).status).toBe(200);
    expect(retries.map((r) => [r.status, r.reason, r.delayMs])).toEqual([[401, 'unauthorized', 0]]);
  });

  it('follows the breaker: open, a refused attempt, half-open for the trial, closed', async () => {
    const { observer, attempts, changes } = recordingObserver();
    const breaker = { volumeThreshold: 4, errorThresholdPercentage: 50, resetTimeoutMs: 300 };
    const { client, upstream } = await clientUnderTest({ retries: 0, breaker, observer });
    expect(client.breakerState()).toBe('closed');
    upstream.injectFault({ status: 503, times: 4 });
    for (let i = 0; i < 4; i++) await client.request(GET);
    expect(client.breakerState()).toBe('open');
    await rejection(client.request(GET));
    expect(attempts.at(-1)).toMatchObject({ outcome: 'circuit-open', status: 0 });
    await new Promise((resolve) => setTimeout(resolve, breaker.resetTimeoutMs + 50));
    upstream.injectFault({ delayMs: 100 });
    const trial = client.request(GET);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.breakerState()).toBe('half-open');
    expect((await trial).status).toBe(200);
    expect(client.breakerState()).toBe('closed');
    expect(changes).toEqual(
      ['open', 'half-open', 'closed'].map((state) => ({ provider: 'TEST', instance: 'test:default', state })),
    );
    expect(upstream.calls()).toHaveLength(5);
  });
});
