// A body past IMAGE_GATEWAY_MAX_BODY_BYTES gets its 413, and the client reads
// it: the gateway reads and discards the rest of the body (up to a bound)
// before answering and closing, instead of closing on a client still
// writing, which then sees its connection reset (EPIPE, ECONNRESET) and no
// answer at all. Sent over a raw socket, as a client posting 100,000
// variables would, with and without Content-Length.

import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discardBound } from '../../src/server/http.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const MAX_BODY_BYTES = 64 * 1024;

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ env: { IMAGE_GATEWAY_MAX_BODY_BYTES: String(MAX_BODY_BYTES) } });
});
afterAll(() => gw?.stop());

/** A query with `count` declared variables, and their values: well past the limit. */
function manyVariables(count: number): Buffer {
  const names = Array.from({ length: count }, (_, i) => `v${i}`);
  const query = `query(${names.map((name) => `$${name}: String`).join(', ')}) { __typename }`;
  return Buffer.from(
    JSON.stringify({ query, variables: Object.fromEntries(names.map((name) => [name, 'xxxxxxxxxxxxxxx'])) }),
  );
}

/** Writes the whole request on a raw socket and returns all it got back, or how the connection failed. */
function send(body: Buffer, chunked: boolean): Promise<{ response: string; failure?: string }> {
  const { port } = new URL(gw.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let response = '';
    let failure: string | undefined;
    socket.on('data', (chunk: Buffer) => (response += chunk.toString('utf8')));
    socket.on('error', (error: NodeJS.ErrnoException) => (failure = error.code ?? error.message));
    socket.on('close', () => resolve({ response, failure }));
    const head = [
      'POST /graphql HTTP/1.1',
      'host: 127.0.0.1',
      'content-type: application/json',
      chunked ? 'transfer-encoding: chunked' : `content-length: ${body.length}`,
      '',
      '',
    ].join('\r\n');
    socket.write(head);
    if (!chunked) {
      socket.end(body);
      return;
    }
    for (let offset = 0; offset < body.length; offset += 16 * 1024) {
      const piece = body.subarray(offset, offset + 16 * 1024);
      socket.write(`${piece.length.toString(16)}\r\n`);
      socket.write(piece);
      socket.write('\r\n');
    }
    socket.end('0\r\n\r\n');
  });
}

describe('a body past the limit', () => {
  const body = manyVariables(100_000);

  it('is well past the limit and within the discard bound (the case the bound is for)', () => {
    expect(body.length).toBeGreaterThan(10 * MAX_BODY_BYTES);
    expect(body.length).toBeLessThan(discardBound(MAX_BODY_BYTES));
  });

  it.each([
    ['with Content-Length', false],
    ['chunked', true],
  ])('%s: the client reads its 413, every time', async (_how, chunked) => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const { response, failure } = await send(body, chunked);
      expect(failure).toBeUndefined();
      expect(response.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
      expect(response.toLowerCase()).toContain('connection: close');
      expect(response).toContain('"code":"PAYLOAD_TOO_LARGE"');
    }
  });
});
