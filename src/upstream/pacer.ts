// The upstream rate limit of one source instance (IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT,
// calls a second): what keeps the gateway, every replica of it together,
// under a vendor's quota rather than collecting its 429s.
//
// The client asks its pacer for a slot just before each attempt goes out, and
// the pacer (src/rate-limit/upstream.ts, over the shared state) hands slots
// out one interval apart, no burst. A slot ahead is waited for, as long as
// it comes within half the time the call has left (the attempt needs the
// rest: a slot at the deadline's very end would be spent on an attempt that
// times out, and still counted by the vendor) and the caller has not gone
// away: pacing, not refusing, so a burst of calls is spread out instead of
// failing. A slot that would come later is not taken, and the call fails at
// once with RATE_LIMITED and `retryAfter`, having sent nothing.
//
// What counts: every attempt, retries and the repeat after a 401 included,
// since the vendor counts each HTTP request. What does not: a Keystone token
// fetch (the Keystone authenticator's own pool, to another service, during
// signing), and an attempt the open circuit breaker refuses takes a slot it
// does not use (a slot is taken before the breaker's turn, the last step
// before sending). The slot is taken after signing: signing may wait on a
// token fetch, and a slot waited past would let this call go out later than
// its turn, closer to the next one than the interval.

import { waitFor, type CallDeadline } from './deadline.js';

/** What a pacer answered: a slot taken, `waitMs` from now; or none, the next free one `waitMs` away. */
export interface PacerSlot {
  granted: boolean;
  waitMs: number;
}

/** Hands out one source instance's slots (one pacer per instance, shared by its client's calls). */
export interface UpstreamPacer {
  /** Calls a second it lets through (a refusal's message names it). */
  readonly callsPerSecond: number;
  /** Takes the next slot when it is at most `maxWaitMs` away; otherwise takes nothing. */
  reserve(maxWaitMs: number): Promise<PacerSlot>;
}

/** What one attempt's turn came to: it may go (after `waitedMs`), it was refused, or its wait was cut short. */
export type PacedTurn =
  { kind: 'go'; waitedMs: number } | { kind: 'refused'; waitMs: number; remainingMs: number } | { kind: 'aborted' };

/** The share of a call's remaining time its attempt may spend waiting for a slot. */
export const MAX_WAIT_SHARE = 0.5;

/** Takes a slot for one attempt of a call and waits for it, within half the call's remaining time and its signal. */
export async function awaitTurn(pacer: UpstreamPacer, deadline: CallDeadline): Promise<PacedTurn> {
  const remainingMs = deadline.remainingMs();
  const slot = await pacer.reserve(remainingMs * MAX_WAIT_SHARE);
  if (!slot.granted) return { kind: 'refused', waitMs: slot.waitMs, remainingMs };
  if (slot.waitMs > 0 && !(await waitFor(slot.waitMs, deadline.signal))) return { kind: 'aborted' };
  // A wait of 0 still had to ask the store: the deadline may have passed meanwhile.
  return deadline.signal.aborted ? { kind: 'aborted' } : { kind: 'go', waitedMs: slot.waitMs };
}
