// One UpstreamClient against one loopback emulator that answers 200 to
// everything unless a fault is injected, for tests of the client itself:
// the emulator records every request it received (count them), and the
// authenticator records every signing. `testPacer` is an upstream rate limit
// over the in-process store that records what it answered.

import { randomUUID } from 'node:crypto';
import { createLogger } from '../../src/logger.js';
import { serveEmulator, type RunningEmulator } from '../../src/sandbox/index.js';
import { MemoryState } from '../../src/state/index.js';
import {
  UpstreamClient,
  type Authenticator,
  type OutgoingRequest,
  type PacerSlot,
  type UpstreamClientOptions,
  type UpstreamPacer,
} from '../../src/upstream/http-client.js';

export interface ClientUnderTest {
  client: UpstreamClient;
  upstream: RunningEmulator;
  /** Every request the authenticator signed, in order. */
  signed: OutgoingRequest[];
}

const started: Array<() => Promise<void>> = [];

/** Starts an emulator and a client for it; `stopAll` stops both. */
export async function clientUnderTest(
  options: Partial<UpstreamClientOptions> & { authenticator?: Authenticator } = {},
): Promise<ClientUnderTest> {
  const upstream = await serveEmulator({ service: 'test', handle: () => ({ status: 200, body: { ok: true } }) });
  const signed: OutgoingRequest[] = [];
  // Like Alibaba's V3 signature: a fresh nonce per signing, so a retry that reused a signature shows at the server.
  const authenticator: Authenticator = options.authenticator ?? {
    authenticate(request) {
      signed.push(request);
      return { ...request.headers, 'x-test-nonce': randomUUID() };
    },
  };
  const client = new UpstreamClient({
    provider: 'TEST',
    region: 'test-1',
    instance: 'test:default',
    endpoint: upstream.url,
    timeoutMs: 2_000,
    retries: 2,
    logger: createLogger({ level: 'silent' }),
    ...options,
    authenticator,
  });
  started.push(async () => {
    await client.close();
    await upstream.close();
  });
  return { client, upstream, signed };
}

/** One slot every `intervalMs`, from the in-process store's pacer; `answers`: what each reserve() answered, in order. */
export function testPacer(intervalMs: number): UpstreamPacer & { answers: PacerSlot[] } {
  const store = new MemoryState({ maxEntries: 1, isControlKey: () => true });
  const answers: PacerSlot[] = [];
  return {
    callsPerSecond: 1000 / intervalMs,
    answers,
    async reserve(maxWaitMs) {
      const slot = await store.reserveSlot('test:pacer', intervalMs, maxWaitMs);
      answers.push(slot);
      return slot;
    },
  };
}

export async function stopAll(): Promise<void> {
  await Promise.all(started.splice(0).map((stop) => stop()));
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, got a result');
}
