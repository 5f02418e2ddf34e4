// The one way the gateway talks to a cloud API, and the one module the
// sources and authenticators import from the upstream client.
//
// One UpstreamClient per configured source instance, living as long as the
// gateway: it owns an undici keep-alive connection pool to the endpoint, signs
// every attempt (through the instance's Authenticator), gives each call one
// time budget that its attempts and the waits between them share
// (deadline.ts), retries idempotent reads after transient failures, honouring
// Retry-After (retry-policy.ts), and trips a circuit breaker when the endpoint
// keeps failing so that calls fail fast instead of piling up behind a dead
// upstream (breaker.ts). An optional pacer spaces the instance's attempts
// under its upstream rate limit, shared across replicas (pacer.ts). An
// optional observer hears of every attempt, retry, paced attempt and breaker
// change (observer.ts), for metrics and traces.
//
// One attempt ends as a value (attempt.ts: a response, a timeout, no
// connection, an oversized body, or the breaker's refusal); the loop in
// `request` asks the retry policy what that value calls for, and turns the
// last one into the result.
//
// Why the retry loop sits above signing rather than in the dispatcher (undici's
// RetryAgent): Alibaba's V3 signature carries a one-time nonce and Keystone
// tokens can be refreshed between attempts, so each attempt is signed anew.
//
// The client returns every HTTP response, whatever its status: what a 400 or
// 404 means is the vendor's business, decided in the source's api.ts. It
// throws UpstreamError only when there is no usable response at all
// (timeout, connection failure, open circuit, oversized body, a caller that
// gave up), and passes on
// what the authenticator throws (a Keystone that refuses our password).

import { Pool } from 'undici';
import { ErrorCode, UpstreamError } from '../errors.js';
import type { Logger } from '../logger.js';
import { abortedOutcome, sendAttempt, type AttemptOutcome, type SignedRequest } from './attempt.js';
import { UpstreamBreaker, type BreakerOptions, type BreakerState } from './breaker.js';
import { CallDeadline, waitFor } from './deadline.js';
import type { AttemptInfo, UpstreamObserver } from './observer.js';
import { awaitTurn, type UpstreamPacer } from './pacer.js';
import { buildQuery, type QueryParams } from './paths.js';
import type { UpstreamResponse } from './response.js';
import { nextStep } from './retry-policy.js';
import type { CallScope } from './scope.js';

export { badResponseError, headerValue, parseJsonBody, retryAfterSeconds, type UpstreamResponse } from './response.js';
export type { AttemptRecord, CallerCredentials, CallScope } from './scope.js';
export type { BreakerOptions, BreakerState } from './breaker.js';
export type { AttemptInfo, BreakerChange, PacingInfo, RetryInfo, UpstreamObserver } from './observer.js';
export type { PacerSlot, UpstreamPacer } from './pacer.js';

/** What an authenticator sees of a request about to be sent. */
export interface OutgoingRequest {
  method: string;
  /** host[:port] */
  host: string;
  /** Encoded path, including the endpoint's base path. */
  path: string;
  /** Canonical query string, as sent, without `?`. */
  query: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** Adds credentials to a request. One per source instance. */
export interface Authenticator {
  /**
   * Returns the full header set to send (the request's headers plus
   * credentials). `scope` is the call's: a passthrough authenticator takes the
   * caller's own credentials from it. What it throws ends the call before
   * anything is sent.
   */
  authenticate(request: OutgoingRequest, scope?: CallScope): Promise<Record<string, string>> | Record<string, string>;
  /**
   * Called once after an HTTP 401, with the headers the refused attempt sent
   * (so that a token another call already replaced is not replaced again).
   * Returns true when it obtained fresh credentials (a new Keystone token) and
   * the call is worth repeating once.
   */
  refreshAfterUnauthorized?(sentHeaders: Readonly<Record<string, string>>): Promise<boolean>;
}

export interface UpstreamCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the endpoint, already encoded (see paths.ts buildPath). */
  path: string;
  query?: QueryParams;
  /** Sent as a JSON body, as `application/json` unless `headers` name another content type. */
  json?: unknown;
  headers?: Record<string, string>;
  /** Safe to repeat after a transient failure; defaults to true for GET only. */
  idempotent?: boolean;
  /** A name for logs (`GetImage`, `showImage`). */
  operation?: string;
}

export interface UpstreamClientOptions {
  provider: string;
  region: string;
  /** The instance's name, for logs. */
  instance: string;
  /** Base URL; its path, if any, prefixes every call's path. */
  endpoint: string;
  /**
   * The budget of one whole call, ms: every attempt and every wait between
   * attempts (IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS).
   */
  timeoutMs: number;
  /** Most retries of an idempotent call after a transient failure. */
  retries: number;
  authenticator: Authenticator;
  logger: Logger;
  /** Called by close(), after the pool: releases what the authenticator holds. */
  onClose?: () => Promise<void> | void;
  /** Most open connections to the endpoint (default 32). */
  connections?: number;
  /** Largest body accepted from the upstream, bytes (default 16 MiB). */
  maxResponseBytes?: number;
  /** When the circuit breaker opens (see breaker.ts). */
  breaker?: BreakerOptions;
  /** Told of every attempt, retry, paced attempt and breaker change (metrics, traces). */
  observer?: UpstreamObserver;
  /** The instance's upstream rate limit (IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT); absent: none, and no attempt waits. */
  pacer?: UpstreamPacer;
}

const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export class UpstreamClient {
  readonly provider: string;
  readonly region: string;
  private readonly pool: Pool;
  private readonly origin: URL;
  private readonly basePath: string;
  private readonly breaker: UpstreamBreaker;

  constructor(private readonly options: UpstreamClientOptions) {
    this.provider = options.provider;
    this.region = options.region;
    this.origin = new URL(options.endpoint);
    this.basePath = this.origin.pathname.replace(/\/+$/, '');
    this.pool = new Pool(this.origin.origin, {
      connections: options.connections ?? 32,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 60_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    this.breaker = new UpstreamBreaker(options.breaker, (state) =>
      options.observer?.breakerChanged?.({ provider: this.provider, instance: options.instance, state }),
    );
  }

  /**
   * Sends a call; see the file comment for what throws and what returns.
   * `scope` lends it the caller's deadline (which can only shorten the
   * budget), abort signal, and attempt counting.
   */
  async request(call: UpstreamCall, scope: CallScope = {}): Promise<UpstreamResponse> {
    const deadline = new CallDeadline(this.options.timeoutMs, scope);
    try {
      return await this.attempts(call, scope, deadline);
    } finally {
      deadline.release();
    }
  }

  /** The attempts of one call, within its deadline: the retry loop. */
  private async attempts(call: UpstreamCall, scope: CallScope, deadline: CallDeadline): Promise<UpstreamResponse> {
    const { authenticator, retries, pacer } = this.options;
    const idempotent = call.idempotent ?? call.method === 'GET';
    let retriesMade = 0;
    let refreshed = false;
    // A retry cut short by the end of the budget says nothing new about the
    // upstream: the call then ends with the last answer it did give (a 503 with
    // its vendor code and request id), not with a timeout.
    let lastAnswer: AttemptOutcome | undefined;
    // The attempt before this one: what a retry that gets no slot of the rate limit in time ends with.
    let previous: AttemptOutcome | undefined;
    for (let attempt = 1; ; attempt++) {
      const request = await this.sign(call, scope);
      // Nothing is sent, and the breaker learns nothing, once the time is up or the caller gave up.
      if (deadline.signal.aborted) return this.settle(abortedOutcome(deadline.signal), deadline);
      if (pacer) {
        // The instance's rate limit: a slot, waited for, as close to sending as can be (pacer.ts).
        const turn = await awaitTurn(pacer, deadline);
        if (turn.kind === 'refused') {
          this.reportPacing(call, scope, attempt, 'refused', turn.waitMs);
          if (!previous) throw this.rateLimited(pacer, turn.waitMs, turn.remainingMs);
        }
        if (turn.kind !== 'go') return this.settle(previous ?? abortedOutcome(deadline.signal), deadline);
        if (turn.waitedMs > 0) this.reportPacing(call, scope, attempt, 'waited', turn.waitedMs);
      }
      const started = performance.now();
      const outcome = await this.breaker.run(() => {
        scope.onAttempt?.({ operation: call.operation, attempt });
        return sendAttempt(
          this.pool,
          request,
          deadline.signal,
          this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        );
      });
      const info = this.reportAttempt(call, scope, attempt, outcome, performance.now() - started);
      previous = outcome;
      if (outcome.kind === 'response') lastAnswer = outcome;
      const step = nextStep(outcome, {
        idempotent,
        retriesMade,
        maxRetries: retries,
        canRefreshCredentials: !refreshed && authenticator.refreshAfterUnauthorized !== undefined,
        remainingMs: deadline.remainingMs(),
      });
      switch (step.action) {
        case 'stop':
          return this.settle(outcome.kind === 'timeout' ? (lastAnswer ?? outcome) : outcome, deadline);
        case 'refresh-credentials':
          // A Keystone token may expire between two calls: fetch a new one and repeat once.
          refreshed = true;
          if (!(await authenticator.refreshAfterUnauthorized?.(request.headers))) return this.settle(outcome, deadline);
          this.options.observer?.retryScheduled?.({ ...info, delayMs: 0, reason: 'unauthorized' }, scope);
          break;
        case 'retry':
          retriesMade += 1;
          this.options.observer?.retryScheduled?.({ ...info, delayMs: step.delayMs, reason: step.reason }, scope);
          if (!(await waitFor(step.delayMs, deadline.signal))) return this.settle(outcome, deadline);
          break;
      }
    }
  }

  /** The circuit breaker's state (readiness reports it). */
  breakerState(): BreakerState {
    return this.breaker.state();
  }

  async close(): Promise<void> {
    await this.pool.close();
    await this.options.onClose?.();
  }

  // Private: one attempt's request, and what the last outcome becomes.

  private async sign(call: UpstreamCall, scope: CallScope): Promise<SignedRequest> {
    const body = call.json === undefined ? undefined : Buffer.from(JSON.stringify(call.json), 'utf8');
    const query = buildQuery(call.query);
    const path = this.basePath + call.path;
    const headers: Record<string, string> = { accept: 'application/json', ...(call.headers ?? {}) };
    // A call may name its own media type for a JSON body (Glance's JSON-patch type).
    if (body && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    const signed = await this.options.authenticator.authenticate(
      { method: call.method, host: this.origin.host, path, query, headers, body },
      scope,
    );
    return { method: call.method, path: query ? `${path}?${query}` : path, headers: signed, body };
  }

  /** The response, or the UpstreamError for an attempt that ended without one. */
  private settle(outcome: AttemptOutcome, deadline: CallDeadline): UpstreamResponse {
    const label = `${this.provider} ${this.options.instance}`;
    switch (outcome.kind) {
      case 'response':
        return outcome.response;
      case 'timeout':
        throw this.error(
          ErrorCode.UPSTREAM_TIMEOUT,
          `${label} did not answer within ${Math.round(deadline.budgetMs)} ms`,
        );
      case 'aborted':
        throw this.error(ErrorCode.UPSTREAM_UNAVAILABLE, `${label} call was cancelled before it was answered`);
      case 'unreachable':
        throw this.error(ErrorCode.UPSTREAM_UNAVAILABLE, `${label} could not be reached (${outcome.reason})`);
      case 'oversized':
        throw this.error(ErrorCode.UPSTREAM_BAD_RESPONSE, `${label} answered more than ${outcome.limitBytes} bytes`);
      case 'circuit-open':
        throw this.error(
          ErrorCode.UPSTREAM_UNAVAILABLE,
          `${label} is failing repeatedly; calls are paused (circuit open)`,
        );
    }
  }

  private error(code: ErrorCode, message: string, retryAfter?: number): UpstreamError {
    return new UpstreamError(message, { code, provider: this.provider, region: this.region || undefined, retryAfter });
  }

  /** A first attempt the rate limit had no slot for within the call's deadline: nothing was sent. */
  private rateLimited(pacer: UpstreamPacer, waitMs: number, remainingMs: number): UpstreamError {
    // Whole seconds, as an upstream's Retry-After reaches `extensions.retryAfter` (at least 1: "now" would be no advice).
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    return this.error(
      ErrorCode.RATE_LIMITED,
      `${this.provider} ${this.options.instance}: no upstream call slot within half the ${Math.round(remainingMs)} ms this call had left ` +
        `(its upstream rate limit, IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT or the instance's rateLimit: ${pacer.callsPerSecond} calls a second); retry after ${retryAfter} s`,
      retryAfter,
    );
  }

  private reportPacing(
    call: UpstreamCall,
    scope: CallScope,
    attempt: number,
    outcome: 'waited' | 'refused',
    waitMs: number,
  ): void {
    this.options.observer?.paced?.(
      { provider: this.provider, instance: this.options.instance, operation: call.operation, attempt, outcome, waitMs },
      scope,
    );
  }

  /** Logs an attempt and tells the observer; returns what it told. */
  private reportAttempt(
    call: UpstreamCall,
    scope: CallScope,
    attempt: number,
    outcome: AttemptOutcome,
    ms: number,
  ): AttemptInfo {
    const info: AttemptInfo = {
      provider: this.provider,
      instance: this.options.instance,
      operation: call.operation,
      method: call.method,
      attempt,
      status: outcome.kind === 'response' ? outcome.response.status : 0,
      outcome: outcome.kind,
      durationMs: ms,
    };
    // Built only for a logger that writes it: an attempt per upstream call, most gateways log at info.
    if (this.options.logger.isLevelEnabled('debug')) {
      const { durationMs, ...logged } = info;
      this.options.logger.debug({ ...logged, path: call.path, ms: Math.round(durationMs) }, 'upstream call');
    }
    this.options.observer?.attemptFinished?.(info, scope);
    return info;
  }
}
