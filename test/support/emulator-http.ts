// Test plumbing shared by the emulator tests: serve an emulator for one test
// (closed after it), and send a request to it over raw HTTP, exactly as given
// (path, query and headers untouched), reading the whole answer.

import http from 'node:http';
import { afterEach } from 'vitest';
import { serveEmulator, type Emulator, type RunningEmulator } from '../../src/sandbox/emulator.js';

/** An answer read whole; `json` is the parsed body, or undefined when it is empty or not JSON. */
export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

/** Sends `method target` to the server at `url` with exactly these headers (plus content-length for a body). */
export function rawSend(
  url: string,
  method: string,
  target: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const outgoing = { ...headers };
    if (body !== undefined) outgoing['content-length'] = String(Buffer.byteLength(body));
    const req = http.request({ host: u.hostname, port: u.port, method, path: target, headers: outgoing }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/**
 * A `start` for a test file: creates an emulator with `create`, serves it, and
 * closes every server it started after each test. Call it at the top level of
 * the file (it registers an afterEach hook).
 */
export function emulatorStarter<A extends unknown[], E extends Emulator>(
  create: (...args: A) => E,
): (...args: A) => Promise<{ emulator: E; server: RunningEmulator }> {
  const started: RunningEmulator[] = [];
  afterEach(async () => {
    while (started.length > 0) await started.pop()?.close();
  });
  return async (...args) => {
    const emulator = create(...args);
    const server = await serveEmulator(emulator);
    started.push(server);
    return { emulator, server };
  };
}
