// What an upstream client tells whoever watches it: each attempt as it ends,
// each retry as it is scheduled, each attempt its rate limit held back
// (pacer.ts), each change of its circuit breaker. Metrics
// (Prometheus) and traces (OpenTelemetry) hang here; the client itself knows
// no metrics library. Attempts and retries come with the call's scope, so an
// observer can tell which request they served (its trace context). Observers
// are called on the call's own path: keep them cheap, and do not throw.

import type { AttemptOutcome } from './attempt.js';
import type { BreakerState } from './breaker.js';
import type { RetryReason } from './retry-policy.js';
import type { CallScope } from './scope.js';

/** One attempt as it ended. */
export interface AttemptInfo {
  provider: string;
  /** The source instance's name (`modelarts:cn-north-4`). */
  instance: string;
  /** The operation's name (`ShowImage`, `ListImages`). */
  operation: string | undefined;
  method: string;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  /** The HTTP status; 0 when there was no response. */
  status: number;
  /** How it ended: 'response' (any status), 'timeout', 'aborted', 'unreachable', 'oversized', 'circuit-open'. */
  outcome: AttemptOutcome['kind'];
  /** From sending to the whole body read (about 0 for 'circuit-open'). */
  durationMs: number;
}

/** A retry the client is about to wait for; `info` is the attempt it follows. */
export interface RetryInfo extends AttemptInfo {
  delayMs: number;
  /** The retry policy's reason, or 'unauthorized': a 401 after which the authenticator got fresh credentials. */
  reason: RetryReason | 'unauthorized';
}

/** An attempt the instance's upstream rate limit held back: it waited for its slot, or got none in time. */
export interface PacingInfo {
  provider: string;
  instance: string;
  operation: string | undefined;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  /** 'waited': a slot ahead was taken and waited for; 'refused': none came within the call's deadline, nothing was sent. */
  outcome: 'waited' | 'refused';
  /** How long until the slot (the wait, or how far the next free slot was when refused), ms. */
  waitMs: number;
}

export interface BreakerChange {
  provider: string;
  instance: string;
  state: BreakerState;
}

/** Hooks an UpstreamClient calls; every one is optional. */
export interface UpstreamObserver {
  attemptFinished?(info: AttemptInfo, scope: CallScope): void;
  retryScheduled?(info: RetryInfo, scope: CallScope): void;
  /** Not called for an attempt whose slot was free at once, nor when the instance has no rate limit. */
  paced?(info: PacingInfo, scope: CallScope): void;
  breakerChanged?(change: BreakerChange): void;
}
