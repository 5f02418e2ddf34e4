// The emulators' call record is bounded: `npm start` serves the sandbox for as
// long as it runs, so the record keeps only the latest calls (in order), and
// memory does not grow with every request ever answered. The count of calls
// is kept apart, so it stays right however many the record drops.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDED_CALLS_KEPT, serveEmulator, type RunningEmulator } from '../../src/sandbox/emulator.js';

const KEEP = 3;
let server: RunningEmulator;

beforeAll(async () => {
  server = await serveEmulator({ service: 'record', handle: () => ({ status: 204 }) }, '127.0.0.1', 0, {
    keepCalls: KEEP,
  });
});
afterAll(async () => {
  await server.close();
});

describe('the call record', () => {
  it('keeps the latest calls, oldest first, and no more than it is told to', async () => {
    for (let i = 1; i <= 2 * KEEP + 2; i += 1) {
      const response = await fetch(`${server.url}/call/${i}`);
      expect(response.status).toBe(204);
      const paths = server.calls().map((call) => call.rawPath);
      const first = Math.max(1, i - KEEP + 1);
      expect(paths).toEqual(Array.from({ length: i - first + 1 }, (_, k) => `/call/${first + k}`));
    }
    server.resetCalls();
    expect(server.calls()).toEqual([]);
  });

  it('counts every call apart from the record, and a reset zeroes the count', async () => {
    server.resetCalls();
    for (let i = 0; i < 2 * KEEP + 1; i += 1) await fetch(`${server.url}/counted`);
    expect(server.calls()).toHaveLength(KEEP);
    expect(server.callCount()).toBe(2 * KEEP + 1);
    server.resetCalls();
    expect(server.callCount()).toBe(0);
  });

  it('keeps by default far more than any test makes between resets', () => {
    expect(RECORDED_CALLS_KEPT).toBeGreaterThanOrEqual(10_000);
  });
});

describe('a round trip like a cloud’s (latencyMs, serve.ts --latency)', () => {
  it('answers every call no sooner than the latency, and still answers it', async () => {
    const LATENCY_MS = 60;
    const slow = await serveEmulator({ service: 'slow', handle: () => ({ status: 204 }) }, '127.0.0.1', 0, {
      latencyMs: LATENCY_MS,
    });
    try {
      for (let i = 0; i < 2; i += 1) {
        const started = performance.now();
        const response = await fetch(`${slow.url}/slow`);
        expect(response.status).toBe(204);
        // A timer may fire up to a millisecond early.
        expect(performance.now() - started).toBeGreaterThanOrEqual(LATENCY_MS - 1);
      }
      expect(slow.callCount()).toBe(2);
    } finally {
      await slow.close();
    }
  });
});
