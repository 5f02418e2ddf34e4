// Whether an upstream call is tried again, decided from the last attempt's
// outcome and nothing else that is hidden: a pure function, so every rule
// below is a line of a table a test can read.
//
//   last outcome                     idempotent call          other call
//   401, the authenticator can       refresh credentials,     same
//     refresh (once per call)          then again at once
//   429 or 503 with Retry-After      again after it, if that  stop
//                                      fits the budget
//   429, 502, 503, 504               again after a backoff    stop
//   no answer (unreachable)          again after a backoff    stop
//   anything else                    stop                     stop
//   (retries are counted: at most `maxRetries`, the 401 repeat aside)
//
// Every wait must end before the call's deadline: when it would not, the call
// stops at once with what it has (a 429 then reaches the client as
// RATE_LIMITED with its retryAfter, rather than after a wait that cannot end
// in an answer). A timeout is never retried: it means the budget is spent.
//
// Only idempotent calls (GET, or marked so) are repeated after a failure: a
// POST that got no answer may have been carried out. A 401 is repeated for
// any method, once, and only when the authenticator obtained fresh
// credentials: the upstream refused the request before doing anything.
//
// 500 is not retried: unlike 502/503/504 (a gateway or proxy in front of the
// upstream, or an upstream that says it is temporarily unavailable) it usually
// means this request hit a bug and would fail the same way again.

import type { AttemptOutcome } from './attempt.js';
import { retryAfterMs } from './response.js';

/** Statuses after which an idempotent call is tried again. */
export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Why a retry was scheduled. */
export type RetryReason = 'status' | 'retry-after' | 'unreachable';

/** What the client does after an attempt. */
export type NextStep =
  { action: 'stop' } | { action: 'refresh-credentials' } | { action: 'retry'; delayMs: number; reason: RetryReason };

/** What the policy knows of the call besides the last outcome. */
export interface RetryState {
  /** Safe to repeat after a failure (GET, or marked idempotent). */
  idempotent: boolean;
  /** Retries made so far (0 after the first attempt). */
  retriesMade: number;
  /** Most retries allowed (IMAGE_GATEWAY_UPSTREAM_RETRIES). */
  maxRetries: number;
  /** The authenticator can refresh after a 401, and this call has not had it do so yet. */
  canRefreshCredentials: boolean;
  /** What is left of the call's budget, ms. */
  remainingMs: number;
}

const STOP: NextStep = { action: 'stop' };

/** The step after `outcome`; `random` (0 ≤ x < 1) spreads the backoff. */
export function nextStep(outcome: AttemptOutcome, state: RetryState, random: () => number = Math.random): NextStep {
  switch (outcome.kind) {
    case 'response': {
      const { status } = outcome.response;
      if (status === 401 && state.canRefreshCredentials) return { action: 'refresh-credentials' };
      if (!RETRYABLE_STATUS.has(status)) return STOP;
      const asked = retryAfterMs(outcome.response);
      return asked === undefined
        ? waitThenRetry(state, backoffMs(state.retriesMade + 1, random), 'status')
        : waitThenRetry(state, asked, 'retry-after');
    }
    case 'unreachable':
      return waitThenRetry(state, backoffMs(state.retriesMade + 1, random), 'unreachable');
    case 'timeout':
    case 'aborted':
    case 'oversized':
    case 'circuit-open':
      return STOP;
  }
}

/** A retry after `delayMs`, when the call may have one and the wait ends within the budget. */
function waitThenRetry(state: RetryState, delayMs: number, reason: RetryReason): NextStep {
  if (!state.idempotent || state.retriesMade >= state.maxRetries) return STOP;
  if (delayMs >= state.remainingMs) return STOP;
  return { action: 'retry', delayMs, reason };
}

const BACKOFF_FIRST_MS = 50;
const BACKOFF_FACTOR = 3;
const BACKOFF_MAX_MS = 1_000;

/**
 * The wait before retry number `retry` (1, 2, …): 50 ms, tripled each time,
 * at most 1 s, times a random 1–2 so that calls that failed together do not
 * all come back together.
 */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * BACKOFF_FACTOR ** (retry - 1) * (1 + random()));
}
