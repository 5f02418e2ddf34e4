// Node's connection limits, as configured: a client that trickles its headers
// or its body is answered 408 and cut off; an idle keep-alive connection
// closes after its timeout, and not before, even when the pause between two
// requests is longer than the headers timeout; an oversized head gets 431.
// Time bounds have generous margins: the machine may be loaded.

import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const HEADERS_TIMEOUT_MS = 1_000;
const RECEIVE_TIMEOUT_MS = 2_000;
const KEEP_ALIVE_TIMEOUT_MS = 2_500;
/** Slack for Node's once-a-second check and a loaded machine. */
const SLACK_MS = 5_000;

let gw: TestGateway;
let target: URL;
beforeAll(async () => {
  gw = await startTestGateway({
    env: {
      IMAGE_GATEWAY_HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      IMAGE_GATEWAY_HTTP_RECEIVE_TIMEOUT_MS: String(RECEIVE_TIMEOUT_MS),
      IMAGE_GATEWAY_HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
      IMAGE_GATEWAY_HTTP_MAX_HEADER_BYTES: '8192',
    },
  });
  target = new URL(gw.url);
});
afterAll(async () => {
  await gw?.stop();
});

interface Trickled {
  /** What the server sent before it closed the connection. */
  answer: string;
  /** Milliseconds from the first byte sent to the close. */
  closedAfterMs: number;
  /** Bytes of `text` sent by then. */
  sent: number;
}

/** Sends `head` at once, then `text` one byte every `everyMs`, until the server closes the connection. */
function trickle(head: string, text: string, everyMs: number): Promise<Trickled> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(target.port), target.hostname);
    const started = performance.now();
    let answer = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => {}); // a write racing the server's close: the close below reports
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, closedAfterMs: performance.now() - started, sent });
    });
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (sent >= text.length) {
          clearInterval(timer);
          socket.destroy();
          reject(new Error('the server let the whole slow request through'));
          return;
        }
        socket.write(text[sent]);
        sent += 1;
      }, everyMs);
    });
  });
}

describe('slow clients are cut off', () => {
  it('headers trickled a byte every 100 ms → 408 and closed after the headers timeout', async () => {
    // 300 bytes of header at 10 bytes/s would take 30 s.
    const result = await trickle(
      `POST /graphql HTTP/1.1\r\nHost: ${target.host}\r\n`,
      `x-slow: ${'a'.repeat(300)}`,
      100,
    );
    expect(result.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(result.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS * 0.9);
    expect(result.closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS);
  });

  it('a body trickled a byte every 100 ms → 408 and closed after the receive timeout', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'p'.repeat(300) } });
    const head =
      `POST /graphql HTTP/1.1\r\nHost: ${target.host}\r\ncontent-type: application/json\r\n` +
      `content-length: ${body.length}\r\n\r\n`;
    const result = await trickle(head, body, 100);
    expect(result.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(result.closedAfterMs).toBeGreaterThanOrEqual(RECEIVE_TIMEOUT_MS * 0.9);
    expect(result.closedAfterMs).toBeLessThan(RECEIVE_TIMEOUT_MS + SLACK_MS);
    expect(result.sent).toBeLessThan(body.length);
  });

  it('a request head over the header limit → 431', async () => {
    const response = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-big': 'b'.repeat(10_000) },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(431);
  });
});

describe('a normal keep-alive client is not', () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  afterAll(() => agent.destroy());

  function query(): Promise<{ status: number; body: string; reusedSocket: boolean; keepAlive: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST' },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body,
              reusedSocket: req.reusedSocket,
              keepAlive: String(res.headers['keep-alive']),
            }),
          );
        },
      );
      req.on('error', reject);
      req.setHeader('content-type', 'application/json');
      req.end(JSON.stringify({ query: '{ __typename }' }));
    });
  }

  it('pauses longer than the headers timeout between requests keep the connection', async () => {
    const first = await query();
    expect(first).toMatchObject({ status: 200, reusedSocket: false, keepAlive: 'timeout=2' });
    await new Promise((resolve) => setTimeout(resolve, HEADERS_TIMEOUT_MS + 500));
    const second = await query();
    expect(second).toMatchObject({ status: 200, reusedSocket: true });
    expect(JSON.parse(second.body)).toEqual({ data: { __typename: 'Query' } });
  });

  it('an idle connection closes after the keep-alive timeout, not before', async () => {
    const socket = net.connect(Number(target.port), target.hostname);
    socket.on('error', () => {});
    let answered = 0;
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now() - answered)));
    socket.on('data', () => (answered ||= performance.now()));
    const body = JSON.stringify({ query: '{ __typename }' });
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: ${target.host}\r\ncontent-type: application/json\r\n` +
        `content-length: ${body.length}\r\n\r\n${body}`,
    );
    const idleMs = await closed;
    expect(answered).toBeGreaterThan(0);
    expect(idleMs).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS * 0.9);
    // Node closes an idle socket on a timer (plus its own second of grace): a tighter bound than the checks above.
    expect(idleMs).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS + 2_500);
  });
});
