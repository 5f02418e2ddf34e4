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
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly callerSignal: AbortSignal | undefined;

  /**
   * One controller and one timer per call, released by `release()` when the
   * call ends: not AbortSignal.timeout and AbortSignal.any, which Node 20
   * builds on weak references and a FinalizationRegistry (a timeout signal
   * nothing holds may be collected before it fires) and which stay alive,
   * with their timer, for the whole budget after a fast call has returned.
   */
  constructor(timeoutMs: number, scope: CallScope, now = Date.now()) {
    this.at = Math.min(now + timeoutMs, scope.deadline ?? Infinity);
    this.budgetMs = Math.max(0, this.at - now);
    this.signal = this.controller.signal;
    this.callerSignal = scope.signal;
    if (this.callerSignal?.aborted) {
      this.controller.abort(this.callerSignal.reason);
    } else if (this.budgetMs <= 0) {
      this.controller.abort(timeoutReason());
    } else {
      this.timer = setTimeout(() => this.controller.abort(timeoutReason()), this.budgetMs);
      // The call's deadline must not keep the process alive.
      this.timer.unref();
      this.callerSignal?.addEventListener('abort', this.followCaller, { once: true });
    }
  }

  remainingMs(now = Date.now()): number {
    return Math.max(0, this.at - now);
  }

  /** The call has ended: its timer and its listener on the caller's signal go. Idempotent. */
  release(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.followCaller);
  }

  private readonly followCaller = (): void => {
    this.controller.abort(this.callerSignal?.reason);
  };
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
