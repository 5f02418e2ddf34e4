// A client that stops waiting stops the gateway's work for it: the upstream
// call its operation is waiting on is aborted while the upstream still holds
// it, and the access log records the operation as cancelled (499). The same
// outcome from every way in, one table: an HTTP client that hangs up, a
// WebSocket client that sends `complete`, a WebSocket that closes.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { gatedModelArts, SLOW_QUERY, type GatedModelArts } from '../support/gated-emulator.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { connectWs, record } from '../support/ws.js';

interface Way {
  name: string;
  /** Sends the slow query, waits until the upstream holds its call, then stops waiting for the answer. */
  startThenStop(gw: TestGateway, gated: GatedModelArts): Promise<void>;
}

const WAYS: Way[] = [
  {
    name: 'HTTP: the client hangs up',
    async startThenStop(gw, gated) {
      const hangUp = new AbortController();
      const request = fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: SLOW_QUERY }),
        signal: hangUp.signal,
      }).catch(() => 'hung up');
      await gated.arrived;
      hangUp.abort();
      expect(await request).toBe('hung up');
    },
  },
  {
    name: 'WebSocket: the client sends complete',
    async startThenStop(gw, gated) {
      const ws = connectWs(gw.url);
      try {
        const operation = record(ws.client, SLOW_QUERY);
        await gated.arrived;
        operation.unsubscribe();
        expect(await operation.ended).toEqual({ kind: 'complete' });
        // The socket stays open: only the operation was stopped.
        await waitFor(() => logsOf(gw).some((line) => line.msg === 'upstream call'), 'the upstream call ends');
      } finally {
        await ws.dispose();
      }
    },
  },
  {
    name: 'WebSocket: the socket closes',
    async startThenStop(gw, gated) {
      const ws = connectWs(gw.url);
      const operation = record(ws.client, SLOW_QUERY);
      await gated.arrived;
      await ws.dispose();
      await operation.ended;
    },
  },
];

type LogLine = Record<string, unknown> & { msg?: string };
const logsOf = (gw: TestGateway): LogLine[] => gw.logs.map((line) => JSON.parse(line) as LogLine);

async function waitFor(check: () => boolean, what: string, withinMs = 10_000): Promise<void> {
  const until = performance.now() + withinMs;
  while (!check()) {
    if (performance.now() > until) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a client that stops waiting', () => {
  let sandbox: Sandbox;
  let gated: GatedModelArts | undefined;
  let gw: TestGateway | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterEach(async () => {
    await gw?.stop();
    gw = undefined;
    gated?.release();
    await gated?.close();
    gated = undefined;
  });
  afterAll(() => sandbox.stop());

  it.each(WAYS)(
    '$name: the upstream call is aborted while the upstream holds it; the access line says 499',
    async (way) => {
      gated = await gatedModelArts(sandbox);
      gw = await startTestGateway({
        env: {
          MODELARTS_ENDPOINT: gated.url,
          // Far away: only the client's going can end the call in time.
          IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS: '60000',
          IMAGE_GATEWAY_REQUEST_TIMEOUT_MS: '60000',
        },
      });
      await way.startThenStop(gw, gated);
      await waitFor(
        () => logsOf(gw!).some((line) => line.msg === 'upstream call' && line.outcome === 'aborted'),
        'the upstream call ends as aborted while the emulator still holds it',
      );
      await waitFor(() => logsOf(gw!).some((line) => line.msg === 'request'), 'the access line');
      const access = logsOf(gw).filter((line) => line.msg === 'request');
      expect(access).toMatchObject([{ operationName: 'Slow', status: 499, outcome: 'cancelled', upstreamCalls: 1 }]);
    },
  );
});
