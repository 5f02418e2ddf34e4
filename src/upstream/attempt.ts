// One attempt of an upstream call: one HTTP exchange on the pool, turned into
// a value. Nothing the network or the upstream does makes it throw; the retry
// policy and the breaker decide from the value, and the client turns the last
// one into a response or an UpstreamError.

import type { Dispatcher } from 'undici';
import type { UpstreamResponse } from './response.js';

/** How one attempt ended. */
export type AttemptOutcome =
  /** An HTTP answer, whatever its status. */
  | { kind: 'response'; response: UpstreamResponse }
  /** No answer, read whole, before the call's deadline. */
  | { kind: 'timeout' }
  /** The caller's signal aborted the call (the client went away, the gateway is stopping). */
  | { kind: 'aborted' }
  /** No HTTP answer at all: refused, reset, hung up. `reason` is a socket error code (no secrets). */
  | { kind: 'unreachable'; reason: string }
  /** The body grew past the client's limit; the rest was not read. */
  | { kind: 'oversized'; limitBytes: number }
  /** The circuit breaker refused the attempt: nothing was sent. */
  | { kind: 'circuit-open' };

/** A signed request, ready for the wire. */
export interface SignedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/**
 * Sends one request and reads its answer, within `signal` (a call deadline's:
 * aborted with a TimeoutError when time is up) and `maxResponseBytes`.
 */
export async function sendAttempt(
  pool: Dispatcher,
  request: SignedRequest,
  signal: AbortSignal,
  maxResponseBytes: number,
): Promise<AttemptOutcome> {
  try {
    const answer = await pool.request({ ...request, signal });
    const text = await readUpTo(answer.body, maxResponseBytes);
    if (text === undefined) return { kind: 'oversized', limitBytes: maxResponseBytes };
    return { kind: 'response', response: { status: answer.statusCode, headers: answer.headers, text } };
  } catch (error) {
    if (signal.aborted) return abortedOutcome(signal);
    return { kind: 'unreachable', reason: socketErrorCode(error) };
  }
}

/** What an aborted signal means: time ran out (its reason is a TimeoutError), or the caller gave up. */
export function abortedOutcome(signal: AbortSignal): AttemptOutcome {
  return (signal.reason as { name?: unknown } | undefined)?.name === 'TimeoutError'
    ? { kind: 'timeout' }
    : { kind: 'aborted' };
}

/** The body as text; undefined (and the stream destroyed) once it passes `limit` bytes. */
async function readUpTo(body: AsyncIterable<Buffer>, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) return undefined; // leaving the loop destroys the stream
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A short, secret-free description of a socket-level failure. */
function socketErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'connection failed';
}
