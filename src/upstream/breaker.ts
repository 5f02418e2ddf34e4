// The circuit breaker of one upstream endpoint (cockatiel's, over a sampling
// window). When most recent attempts failed, attempts stop reaching the
// endpoint for a while and fail fast instead of piling up behind a dead
// upstream; after that pause one trial attempt is let through, and its outcome
// closes the breaker or opens it again.
//
// What counts as the endpoint failing: no answer (connection failure,
// timeout) and 5xx answers. Everything else the endpoint answered counts as it
// working: a 4xx is about the request. That includes 429: a throttling
// upstream is healthy and asking us to slow down. The retry policy honours
// its Retry-After and the client is told RATE_LIMITED with when to come back;
// opening the breaker instead would turn a limit the vendor puts on one
// account or operation into UPSTREAM_UNAVAILABLE for every call to the
// endpoint, and lose the Retry-After.
//
// An oversized body is an answer too, so it counts as the endpoint working,
// and so does a call the caller abandoned (cockatiel has no "neither").
// A thrown error never reaches the breaker: signing happens before it, and
// sendAttempt does not throw.

import {
  BrokenCircuitError,
  CircuitState,
  SamplingBreaker,
  circuitBreaker,
  handleWhenResult,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import type { AttemptOutcome } from './attempt.js';

/** The breaker's state: closed (normal), open (failing fast), half-open (one trial attempt out). */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** When the breaker opens and how long it stays open. */
export interface BreakerOptions {
  /** Attempts within the window before the breaker may open (default 20). */
  volumeThreshold?: number;
  /** Share of failed attempts within the window that opens it, percent, 1–99 (default 50). */
  errorThresholdPercentage?: number;
  /** How long it stays open before letting one trial attempt through, ms (default 10 s). */
  resetTimeoutMs?: number;
}

/** The window over which failures are counted. */
const WINDOW_MS = 10_000;

const CIRCUIT_OPEN: AttemptOutcome = { kind: 'circuit-open' };

/** Whether an outcome says the endpoint itself is failing. */
export function isEndpointFailure(outcome: AttemptOutcome): boolean {
  switch (outcome.kind) {
    case 'response':
      return outcome.response.status >= 500;
    case 'timeout':
    case 'unreachable':
      return true;
    case 'aborted':
    case 'oversized':
    case 'circuit-open':
      return false;
  }
}

export class UpstreamBreaker {
  private readonly policy: CircuitBreakerPolicy;

  /** `onChange` hears every change of state (to open, half-open, closed). */
  constructor(options: BreakerOptions = {}, onChange?: (state: BreakerState) => void) {
    const volumeThreshold = options.volumeThreshold ?? 20;
    this.policy = circuitBreaker(
      handleWhenResult((outcome) => isEndpointFailure(outcome as AttemptOutcome)),
      {
        halfOpenAfter: options.resetTimeoutMs ?? 10_000,
        breaker: new SamplingBreaker({
          threshold: (options.errorThresholdPercentage ?? 50) / 100,
          duration: WINDOW_MS,
          // cockatiel asks for a rate: `volumeThreshold` attempts per window.
          minimumRps: volumeThreshold / (WINDOW_MS / 1000),
        }),
      },
    );
    if (onChange) this.policy.onStateChange((state) => onChange(breakerState(state)));
  }

  /** Runs one attempt, or answers 'circuit-open' without running it. */
  async run(attempt: () => Promise<AttemptOutcome>): Promise<AttemptOutcome> {
    // While the trial attempt is out, cockatiel would hold every other call
    // until it ends (up to a whole timeout); they fail fast instead.
    if (this.policy.state === CircuitState.HalfOpen) return CIRCUIT_OPEN;
    try {
      return await this.policy.execute(attempt);
    } catch (error) {
      if (error instanceof BrokenCircuitError) return CIRCUIT_OPEN;
      throw error;
    }
  }

  /** 'open' until the first attempt after the pause, which becomes the trial. */
  state(): BreakerState {
    return breakerState(this.policy.state);
  }
}

function breakerState(state: CircuitState): BreakerState {
  switch (state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.HalfOpen:
      return 'half-open';
    case CircuitState.Open:
    case CircuitState.Isolated: // held open by hand; the client never does
      return 'open';
  }
}
