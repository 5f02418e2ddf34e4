// A client that stops waiting stops the gateway's work for it: the upstream
// call its operation is waiting on is aborted while the upstream still holds
// it, and the access log records the operation as cancelled (499). The same
// outcome from every way in, one table: an HTTP client that hangs up, a
// WebSocket client that sends `complete`, a WebSocket that closes.

import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { gatedGatewaySuite, SLOW_QUERY, type GatedModelArts } from '../support/gated-emulator.js';
import type { TestGateway } from '../support/gateway.js';
import { connectWs, record, webSocketUrl } from '../support/ws.js';

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
  const suite = gatedGatewaySuite();

  it.each(WAYS)(
    '$name: the upstream call is aborted while the upstream holds it; the access line says 499',
    async (way) => {
      const { gw, gated } = await suite.gated({
        // Far away: only the client's going can end the call in time.
        IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS: '60000',
        IMAGE_GATEWAY_REQUEST_TIMEOUT_MS: '60000',
      });
      await way.startThenStop(gw, gated);
      await waitFor(
        () => logsOf(gw).some((line) => line.msg === 'upstream call' && line.outcome === 'aborted'),
        'the upstream call ends as aborted while the emulator still holds it',
      );
      await waitFor(() => logsOf(gw).some((line) => line.msg === 'request'), 'the access line');
      const access = logsOf(gw).filter((line) => line.msg === 'request');
      expect(access).toMatchObject([{ operationName: 'Slow', status: 499, outcome: 'cancelled', upstreamCalls: 1 }]);
    },
  );
});

/** A raw graphql-transport-ws socket, acknowledged: the test chooses the ids and the timing of each message. */
async function rawSocket(gw: TestGateway): Promise<{
  socket: WebSocket;
  send(message: object): void;
  closed: Promise<{ code: number; reason: string }>;
}> {
  const socket = new WebSocket(webSocketUrl(gw.url), 'graphql-transport-ws');
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (data: Buffer) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'connection_ack') resolve();
    });
  });
  return { socket, send: (message) => socket.send(JSON.stringify(message)), closed };
}

describe('operation ids a client stops and reuses', () => {
  const suite = gatedGatewaySuite();

  it('an id reused while its stopped operation still finishes closes the socket with 4409, as a duplicate id does', async () => {
    const { gw, gated } = await suite.gated();
    const ws = await rawSocket(gw);
    ws.send({ type: 'subscribe', id: 'x', payload: { query: SLOW_QUERY } });
    await gated.arrived;
    // Back to back: the first operation is still finishing when the second arrives.
    ws.send({ type: 'complete', id: 'x' });
    ws.send({ type: 'subscribe', id: 'x', payload: { query: '{ __typename }' } });
    expect(await ws.closed).toEqual({ code: 4409, reason: 'Subscriber for x already exists' });
    await waitFor(() => logsOf(gw).some((line) => line.msg === 'request'), "the first operation's access line");
    const access = logsOf(gw).filter((line) => line.msg === 'request');
    expect(access).toMatchObject([{ operationName: 'Slow', status: 499, outcome: 'cancelled' }]);
  });

  it('an operation stopped while the rate limit is asked, then refused by it, still ends: its access line says 499', async () => {
    const gw = await suite.plain({ IMAGE_GATEWAY_RATE_LIMIT: '1' });
    const ws = await rawSocket(gw);
    const answered = new Promise<void>((resolve) =>
      ws.socket.on('message', (data: Buffer) => {
        if ((JSON.parse(String(data)) as { type: string }).type === 'complete') resolve();
      }),
    );
    ws.send({ type: 'subscribe', id: 'first', payload: { query: 'query First { __typename }' } });
    await answered;
    // Past the limit, and stopped before the limit's answer comes back.
    ws.send({ type: 'subscribe', id: 'second', payload: { query: 'query Second { __typename }' } });
    ws.send({ type: 'complete', id: 'second' });
    await waitFor(
      () => logsOf(gw).filter((line) => line.msg === 'request').length === 2,
      'an access line for each operation',
    );
    const access = logsOf(gw).filter((line) => line.msg === 'request');
    expect(access.map((line) => [line.status, line.outcome])).toEqual([
      [101, 'success'],
      [499, 'cancelled'],
    ]);
    ws.socket.close();
  });
});
