// The time one upstream call may take, every attempt and every wait between
// attempts included: the client's timeout (IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS),
// cut shorter by the caller's deadline when it has one. All attempts share one
// abort signal that fires at that moment (or when the caller's signal does),
// so each attempt gets what is left, and a hung upstream costs the budget
// once, not once per attempt.

import { setTimeout as sleep } from 'node:timers/promises';
import type { CallScope } from './scope.js';

export class CallDeadline {
  /** Aborts at the deadline (reason: a TimeoutError) or with the caller's signal. */
  readonly signal: AbortSignal;
  /** The whole call's budget, ms, as given to it. */
  readonly budgetMs: number;
  /** Epoch ms. */
  private readonly at: number;
  /**
   * Held for as long as the call: AbortSignal.any keeps its sources only
   * weakly (Node 20), and a timeout signal nothing else holds is collected
   * before it fires, leaving the call without a deadline.
   */
  private readonly timeout: AbortSignal;

  constructor(timeoutMs: number, scope: CallScope, now = Date.now()) {
    this.at = Math.min(now + timeoutMs, scope.deadline ?? Infinity);
    this.budgetMs = Math.max(0, this.at - now);
    this.timeout = this.budgetMs > 0 ? AbortSignal.timeout(this.budgetMs) : AbortSignal.abort(timeoutReason());
    this.signal = scope.signal ? AbortSignal.any([this.timeout, scope.signal]) : this.timeout;
  }

  remainingMs(now = Date.now()): number {
    return Math.max(0, this.at - now);
  }
}

/** What AbortSignal.timeout aborts with. */
function timeoutReason(): DOMException {
  return new DOMException('The call deadline has passed', 'TimeoutError');
}

/**
 * Waits at least `ms` (a timer may fire a millisecond early; Retry-After says
 * "no sooner"); false when the signal aborts first.
 */
export async function waitFor(ms: number, signal: AbortSignal): Promise<boolean> {
  const until = performance.now() + ms;
  try {
    for (let left = ms; left > 0; left = until - performance.now()) await sleep(Math.ceil(left), undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
