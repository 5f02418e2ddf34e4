// What a caller lends each upstream call: the GraphQL request it serves.
//
// The upstream client is shared by every request of the gateway, but some
// things belong to one request: when it must be answered by, who is counting
// its calls (the `images` listing's budget, the access log), the trace its
// spans belong to, and, for sources that forward the caller's own
// credentials, whose they are. A CallScope
// carries them to the client; every field is optional, so a call made outside
// any request (a test, a start-up probe) passes none.

import type { Context } from '@opentelemetry/api';

/** One attempt the client sent upstream, as a scope is told of it. */
export interface AttemptRecord {
  /** The operation's name (`ShowImage`, `ListImages`). */
  operation: string | undefined;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
}

/** A credential of the caller's own, for sources that forward it instead of the gateway's (passthrough). */
export interface CallerCredentials {
  /** An IAM or Keystone token, sent as X-Auth-Token. */
  readonly token: string;
}

/** The request-side context of an upstream call. */
export interface CallScope {
  /**
   * Epoch ms by which the request must be answered: no attempt, retry or wait
   * may end later. It can only shorten the client's own budget (its timeout).
   */
  readonly deadline?: number;
  /**
   * Aborts every call of the scope (the client went away, the gateway is
   * stopping): UPSTREAM_UNAVAILABLE, or UPSTREAM_TIMEOUT when its reason is a
   * TimeoutError (an AbortSignal.timeout).
   */
  readonly signal?: AbortSignal;
  /**
   * Called once per attempt, just before it is sent (a retry is another
   * attempt). Not for what never reaches the upstream: an attempt the open
   * circuit breaker refuses, or a call whose deadline had already passed.
   */
  onAttempt?(record: AttemptRecord): void;
  /**
   * The caller's own credentials, when it sent any. Only an authenticator
   * made for them reads them (passthrough); the others sign with the
   * gateway's and ignore these.
   */
  readonly credentials?: CallerCredentials;
  /**
   * The OpenTelemetry context of the request's operation span: the client's
   * observer makes each attempt's span a child of it (src/observability/tracing.ts).
   */
  readonly traceContext?: Context;
}
