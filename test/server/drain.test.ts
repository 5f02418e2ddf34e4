// Health and draining. /healthz is liveness; /readyz is readiness: 200 while
// serving, 503 while starting or draining, with each source's breaker. On
// SIGTERM the built gateway turns /readyz 503, refuses new connections, lets a
// slow in-flight request finish with 200, and exits 0. In process: what a
// drain step gets, and what the shutdown timeout cuts.

import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { Drain } from '../../src/server/drain.js';
import { readiness } from '../../src/server/health.js';
import { ensureBuilt, spawnBuiltGateway, stopAll } from '../support/built-gateway.js';
import { gatedGatewaySuite, gatedModelArts, SLOW_QUERY, type GatedModelArts } from '../support/gated-emulator.js';
import { expectWithin } from '../support/timing.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 20 ms until it returns true; fails after `withinMs`. */
async function eventually(check: () => Promise<boolean>, what: string, withinMs = 10_000): Promise<void> {
  const until = performance.now() + withinMs;
  while (!(await check())) {
    if (performance.now() > until) throw new Error(`not within ${withinMs} ms: ${what}`);
    await sleep(20);
  }
}

/** Whether a new TCP connection to the URL's port is refused. */
function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

function post(url: string, query: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
}

describe('readiness', () => {
  it('503 while starting and draining, 200 while serving; the breakers in the body', async () => {
    const drain = new Drain(1_000, createLogger({ level: 'silent' }));
    const breakers = [{ provider: 'IMS', instance: 'ims:r1', region: 'r1', state: 'closed' as const }];
    expect(readiness(drain.state, breakers)).toEqual({
      status: 503,
      body: { status: 'starting', sources: [{ name: 'ims:r1', provider: 'IMS', region: 'r1', breaker: 'closed' }] },
    });
    drain.serving();
    expect(readiness(drain.state, breakers)).toMatchObject({ status: 200, body: { status: 'ready' } });
    let release!: () => void;
    drain.add('held', () => new Promise<void>((resolve) => (release = resolve)));
    const drained = drain.run();
    expect(readiness(drain.state, breakers)).toMatchObject({ status: 503, body: { status: 'draining' } });
    drain.serving(); // a drain is not undone
    expect(drain.state).toBe('draining');
    release();
    await drained;
    expect(readiness(drain.state, breakers)).toMatchObject({ status: 503, body: { status: 'stopped' } });
  });
});

describe('SIGTERM to the built gateway', () => {
  let sandbox: Sandbox;
  let gated: GatedModelArts | undefined;
  beforeAll(async () => {
    ensureBuilt();
    sandbox = await startSandbox();
  }, 240_000);
  afterEach(async () => {
    gated?.release();
    await stopAll();
    await gated?.close();
    gated = undefined;
  });
  afterAll(() => sandbox.stop());

  it('readiness 503, new connections refused, the slow request answered 200, exit 0', async () => {
    gated = await gatedModelArts(sandbox);
    const gateway = await spawnBuiltGateway({ ...sandbox.env, MODELARTS_ENDPOINT: gated.url, LOG_LEVEL: 'info' });
    const readyz = gateway.metricsUrl.replace(/\/metrics$/, '/readyz');
    expect((await fetch(readyz)).status).toBe(200);
    expect(await refused(gateway.url)).toBe(false);

    const slow = post(gateway.url, SLOW_QUERY);
    await gated.arrived;
    gateway.child.kill('SIGTERM');

    await eventually(async () => (await fetch(readyz)).status === 503, '/readyz answers 503');
    expect(await (await fetch(readyz)).json()).toMatchObject({ status: 'draining' });
    await eventually(() => refused(gateway.url), 'a new connection is refused');
    // The slow request is still waiting upstream: nothing has answered it yet.
    expect(gateway.lines.some((line) => line.includes('"operationName":"Slow"'))).toBe(false);

    gated.release();
    const response = await slow;
    expect(response.status).toBe(200);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toEqual({ data: { modelArtsImage: { name: expect.any(String) } } });

    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    const messages = gateway.lines.map((line) =>
      line.startsWith('{') ? (JSON.parse(line) as { msg: string }).msg : line,
    );
    expect(messages).toEqual(expect.arrayContaining(['shutting down', 'draining', 'drained']));
    const access = gateway.lines.filter((line) => line.includes('"msg":"request"')).map((line) => JSON.parse(line));
    expect(access).toMatchObject([{ operationName: 'Slow', status: 200, outcome: 'success' }]);
    // Nothing is left listening.
    expect(await refused(gateway.url)).toBe(true);
    expect(await refused(gateway.metricsUrl)).toBe(true);
  });
});

describe('the shutdown timeout, and drain steps', () => {
  const suite = gatedGatewaySuite();

  it('a request still running after IMAGE_GATEWAY_SHUTDOWN_TIMEOUT_MS is cut, and its upstream call cancelled', async () => {
    const timeoutMs = 300;
    const { gw, gated } = await suite.gated({
      IMAGE_GATEWAY_SHUTDOWN_TIMEOUT_MS: String(timeoutMs),
      IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS: '20000',
      IMAGE_GATEWAY_REQUEST_TIMEOUT_MS: '20000',
    });
    const slow = post(gw.url, SLOW_QUERY).then(
      (response) => response.status,
      () => 'cut' as const,
    );
    await gated.arrived;
    const began = performance.now();
    await gw.gateway.stop();
    const ms = performance.now() - began;
    expect(ms).toBeGreaterThanOrEqual(timeoutMs - 5);
    expectWithin(ms, timeoutMs);
    expect(await slow).toBe('cut');
    await eventually(
      async () =>
        gw.logs.some((line) => line.includes('"msg":"upstream call"') && line.includes('"outcome":"aborted"')),
      'the upstream call ends as aborted',
    );
    const access = gw.logs.map((line) => JSON.parse(line)).filter((line) => line.msg === 'request');
    expect(access).toMatchObject([{ operationName: 'Slow', status: 499, outcome: 'cancelled', upstreamCalls: 1 }]);
  });

  it('a drain step runs when the drain begins, with a deadline at the shutdown timeout; one that hangs is left behind', async () => {
    const gw = await suite.plain({ IMAGE_GATEWAY_SHUTDOWN_TIMEOUT_MS: '200' });
    const calls: Array<{ stateAtStart: string; deadlineAbortedAfterMs?: number }> = [];
    gw.gateway.drain.add('subscriptions', (deadline) => {
      const began = performance.now();
      calls.push({ stateAtStart: gw.gateway.drain.state });
      deadline.addEventListener('abort', () => (calls[0].deadlineAbortedAfterMs = performance.now() - began));
      return new Promise<void>(() => undefined); // never ends
    });
    const began = performance.now();
    await gw.gateway.stop();
    const ms = performance.now() - began;
    expect(calls).toHaveLength(1);
    expect(calls[0].stateAtStart).toBe('draining');
    expect(calls[0].deadlineAbortedAfterMs).toBeGreaterThanOrEqual(195);
    expect(ms).toBeGreaterThanOrEqual(200 + 2_000 - 5);
    expectWithin(ms, 200 + 2_000);
    expect(gw.logs.some((line) => line.includes('drain steps still running'))).toBe(true);
    await expect(post(gw.url, '{ __typename }')).rejects.toThrow();
  });
});
