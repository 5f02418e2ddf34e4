// The one way the gateway talks to a cloud API.
//
// One UpstreamClient per configured source instance, living as long as the
// gateway: it owns an undici keep-alive connection pool to the endpoint, signs
// every attempt (through the instance's Authenticator), puts a timeout on
// every call, retries idempotent reads after transient failures, and trips a
// circuit breaker when the endpoint keeps failing so that requests fail fast
// instead of piling up behind a dead upstream.
//
// Why the retry loop sits above signing rather than in the dispatcher (undici's
// RetryAgent): Alibaba's V3 signature carries a one-time nonce and Keystone
// tokens can be refreshed between attempts, so each attempt must be signed
// anew.
//
// The client returns every HTTP response, whatever its status: what a 400 or
// 404 means is the vendor's business, decided in the source's api.ts. It
// throws UpstreamError only when there is no usable response at all
// (timeout, connection failure, open circuit, oversized body).

import CircuitBreaker from 'opossum';
import pRetry, { AbortError } from 'p-retry';
import { Pool } from 'undici';
import { ErrorCode, UpstreamError } from '../errors.js';
import type { Logger } from '../logger.js';
import { buildQuery, type QueryParams } from './paths.js';
import type { CallScope } from './scope.js';

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
  /** Returns the full header set to send (the request's headers plus credentials). */
  authenticate(request: OutgoingRequest): Promise<Record<string, string>> | Record<string, string>;
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
  /** Sent as a JSON body. */
  json?: unknown;
  headers?: Record<string, string>;
  /** Safe to repeat after a transient failure; defaults to true for GET only. */
  idempotent?: boolean;
  /** A name for logs (`GetImage`, `showImage`). */
  operation?: string;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text (every API here answers JSON or an error page). */
  text: string;
}

export interface UpstreamClientOptions {
  provider: string;
  region: string;
  /** The instance's name, for logs. */
  instance: string;
  /** Base URL; its path, if any, prefixes every call's path. */
  endpoint: string;
  timeoutMs: number;
  retries: number;
  authenticator: Authenticator;
  logger: Logger;
  /** Called by close(), after the pool: releases what the authenticator holds. */
  onClose?: () => Promise<void> | void;
  /** Most open connections to the endpoint (default 32). */
  connections?: number;
  /** Largest body accepted from the upstream, bytes (default 16 MiB). */
  maxResponseBytes?: number;
  breaker?: {
    /** Calls in the rolling window before the breaker may open (default 20). */
    volumeThreshold?: number;
    /** Failure percentage that opens it (default 50). */
    errorThresholdPercentage?: number;
    /** How long it stays open before letting one trial call through, ms (default 10 s). */
    resetTimeoutMs?: number;
  };
}

/** Statuses after which an idempotent read is tried again. */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/** Thrown inside the breaker for responses that count as endpoint failures; unwrapped outside. */
class FailedResponse extends Error {
  constructor(readonly response: UpstreamResponse) {
    super(`upstream answered HTTP ${response.status}`);
  }
}

export class UpstreamClient {
  readonly provider: string;
  readonly region: string;
  private readonly pool: Pool;
  private readonly origin: URL;
  private readonly basePath: string;
  private readonly breaker: CircuitBreaker<[() => Promise<UpstreamResponse>], UpstreamResponse>;

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
    this.breaker = new CircuitBreaker((attempt: () => Promise<UpstreamResponse>) => attempt(), {
      timeout: false,
      volumeThreshold: options.breaker?.volumeThreshold ?? 20,
      errorThresholdPercentage: options.breaker?.errorThresholdPercentage ?? 50,
      resetTimeout: options.breaker?.resetTimeoutMs ?? 10_000,
      rollingCountTimeout: 10_000,
      // Only the endpoint's own failures count: transport errors, timeouts, 5xx.
      errorFilter: (error: unknown) => !(error instanceof FailedResponse) && !isTransportFailure(error),
    });
  }

  /** Sends a call; see the file comment for what throws and what returns. */
  async request(call: UpstreamCall, scope: CallScope = {}): Promise<UpstreamResponse> {
    const idempotent = call.idempotent ?? call.method === 'GET';
    let refreshed = false;
    const run = async (): Promise<UpstreamResponse> => {
      const sent: { headers: Record<string, string> } = { headers: {} };
      let attempt = 0;
      const response = await pRetry(
        () => {
          attempt += 1;
          scope.onAttempt?.({ operation: call.operation, attempt });
          return this.attemptThroughBreaker(call, idempotent, sent);
        },
        {
          retries: idempotent ? this.options.retries : 0,
          minTimeout: 50,
          maxTimeout: 1_000,
          factor: 3,
          randomize: true,
        },
      ).catch((error: unknown) => {
        if (error instanceof FailedResponse) return error.response;
        throw error;
      });
      // A Keystone token may expire between two calls: fetch a new one and repeat once.
      if (response.status === 401 && !refreshed && this.options.authenticator.refreshAfterUnauthorized) {
        refreshed = true;
        if (await this.options.authenticator.refreshAfterUnauthorized(sent.headers)) return run();
      }
      return response;
    };
    return run();
  }

  private async attemptThroughBreaker(
    call: UpstreamCall,
    idempotent: boolean,
    sent: { headers: Record<string, string> },
  ): Promise<UpstreamResponse> {
    try {
      return await this.breaker.fire(() => this.attempt(call, idempotent, sent));
    } catch (error) {
      if ((error as { code?: string }).code === 'EOPENBREAKER') {
        throw new AbortError(
          this.error(
            ErrorCode.UPSTREAM_UNAVAILABLE,
            `${this.label()} is failing repeatedly; calls are paused (circuit open)`,
          ),
        );
      }
      if (error instanceof FailedResponse) {
        if (idempotent && RETRYABLE_STATUS.has(error.response.status)) throw error;
        throw new AbortError(error);
      }
      if (idempotent && isTransportFailure(error)) {
        throw error; // transport failure or timeout: worth another try
      }
      // Anything else (a refused Keystone password, a bad body) would fail the same way again.
      throw error instanceof AbortError ? error : new AbortError(error as Error);
    }
  }

  private async attempt(
    call: UpstreamCall,
    idempotent: boolean,
    sent: { headers: Record<string, string> },
  ): Promise<UpstreamResponse> {
    const body = call.json === undefined ? undefined : Buffer.from(JSON.stringify(call.json), 'utf8');
    const query = buildQuery(call.query);
    const path = this.basePath + call.path;
    const baseHeaders: Record<string, string> = { accept: 'application/json', ...(call.headers ?? {}) };
    if (body) baseHeaders['content-type'] = 'application/json';
    const headers = await this.options.authenticator.authenticate({
      method: call.method,
      host: this.origin.host,
      path,
      query,
      headers: baseHeaders,
      body,
    });
    sent.headers = headers;
    const started = performance.now();
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let status = 0;
    try {
      const response = await this.pool.request({
        method: call.method,
        path: query ? `${path}?${query}` : path,
        headers,
        body,
        signal,
      });
      status = response.statusCode;
      const text = await readLimited(response.body, this.options.maxResponseBytes ?? 16 * 1024 * 1024);
      const result: UpstreamResponse = { status, headers: response.headers, text };
      if (status >= 500 || (idempotent && status === 429)) throw new FailedResponse(result);
      return result;
    } catch (error) {
      if (error instanceof FailedResponse || error instanceof UpstreamError) throw error;
      if (signal.aborted) {
        throw this.error(
          ErrorCode.UPSTREAM_TIMEOUT,
          `${this.label()} did not answer within ${this.options.timeoutMs} ms`,
        );
      }
      throw this.error(
        ErrorCode.UPSTREAM_UNAVAILABLE,
        `${this.label()} could not be reached (${describeTransportError(error)})`,
      );
    } finally {
      this.options.logger.debug(
        {
          provider: this.provider,
          instance: this.options.instance,
          operation: call.operation,
          method: call.method,
          path: call.path,
          status,
          ms: Math.round(performance.now() - started),
        },
        'upstream call',
      );
    }
  }

  private label(): string {
    return `${this.provider} ${this.options.instance}`;
  }

  private error(code: ErrorCode, message: string): UpstreamError {
    return new UpstreamError(message, { code, provider: this.provider, region: this.region || undefined });
  }

  async close(): Promise<void> {
    this.breaker.shutdown();
    await this.pool.close();
    await this.options.onClose?.();
  }
}

function isTransportFailure(error: unknown): boolean {
  return (
    error instanceof UpstreamError &&
    (error.details.code === ErrorCode.UPSTREAM_TIMEOUT || error.details.code === ErrorCode.UPSTREAM_UNAVAILABLE)
  );
}

/** A short, secret-free description of a socket-level failure. */
function describeTransportError(error: unknown): string {
  const code = (error as { code?: string })?.code;
  return typeof code === 'string' ? code : 'connection failed';
}

async function readLimited(body: AsyncIterable<Buffer>, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      throw new UpstreamError(`upstream response exceeds ${limit} bytes`, { code: ErrorCode.UPSTREAM_BAD_RESPONSE });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * UPSTREAM_BAD_RESPONSE for an answer we cannot read; `what` says what came
 * instead. The body itself is never echoed: it may hold secrets.
 */
export function badResponseError(
  response: UpstreamResponse,
  source: { provider: string; region?: string; requestId?: string },
  what: string,
): UpstreamError {
  return new UpstreamError(`${source.provider} answered HTTP ${response.status} with ${what}`, {
    code: ErrorCode.UPSTREAM_BAD_RESPONSE,
    provider: source.provider,
    region: source.region || undefined,
    upstreamStatus: response.status,
    requestId: source.requestId,
  });
}

/** Reads a JSON body or throws UPSTREAM_BAD_RESPONSE. */
export function parseJsonBody(response: UpstreamResponse, provider: string, region?: string): unknown {
  try {
    return JSON.parse(response.text);
  } catch {
    throw badResponseError(response, { provider, region }, 'a body that is not JSON');
  }
}

/** The first value of a response header. */
export function headerValue(response: UpstreamResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
