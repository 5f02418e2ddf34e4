// The one list of `extensions.code` values a frontend can rely on, and the
// error classes that carry them. Every upstream failure is turned into one of
// these in one place (src/upstream/http-client.ts for transport and HTTP
// status, each source's api.ts for its vendor's error body); resolvers throw
// them and Apollo reports them on the failing path only.

import { GraphQLError } from 'graphql';

/** The error codes in `extensions.code`. */
export const ErrorCode = {
  /** The request itself is wrong: a field, an id, a variable. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The upstream refused our credentials (HTTP 401, a bad signature, a bad token). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The credentials are valid but may not do this (HTTP 403, E-HPC NotAuthorized). */
  FORBIDDEN: 'FORBIDDEN',
  /**
   * Throttled, with `retryAfter` (seconds) when it is known when to come back: the upstream answered HTTP 429,
   * the caller passed IMAGE_GATEWAY_RATE_LIMIT (HTTP 429), or the upstream rate limit had no slot within the call's deadline.
   */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The upstream could not be reached, answered 5xx, or its circuit is open. */
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  /** The upstream did not answer within the timeout. */
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  /** The upstream answered something we cannot read (not JSON, wrong shape). */
  UPSTREAM_BAD_RESPONSE: 'UPSTREAM_BAD_RESPONSE',
  /** The upstream rejected the request for a reason not covered above (other 4xx). */
  UPSTREAM_ERROR: 'UPSTREAM_ERROR',
  /** No source instance is configured for what was asked (provider, region, project). */
  NOT_CONFIGURED: 'NOT_CONFIGURED',
  /** What a mutation acts on, or a subscription watches, does not exist (a query answers null instead). */
  NOT_FOUND: 'NOT_FOUND',
  /** A mutation conflicts with the current state (HTTP 409: an id already taken, a property not there to remove). */
  CONFLICT: 'CONFLICT',
  /** The document, or the JSON of its variables or extensions, nests past a limit the message names; refused before parsing. */
  MAX_DEPTH: 'MAX_DEPTH',
  /** A configured limit of the gateway was reached (subscriptions on one connection, images watched); `limit` names its setting. */
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  /** A bug in the gateway; the message is hidden from clients. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** What a gateway error carries besides its message; all of it ends up in `extensions`. */
interface GatewayErrorDetails {
  code: ErrorCode;
  /** MODELARTS | IMS | EHPC */
  provider?: string;
  region?: string;
  /** The vendor's own error code (`ModelArts.0104`, `IMG.0144`, `InvalidParams`, …). */
  vendorCode?: string;
  /** The vendor's request id, for support tickets. */
  requestId?: string;
  /** The upstream HTTP status, when there was one. */
  upstreamStatus?: number;
  /** For BAD_USER_INPUT: the input field at fault (`input.name`, `ids[3]`). */
  field?: string;
  /** Seconds to wait before trying again: the upstream's Retry-After on a 429 or 503, or how far the next slot of the upstream rate limit was. */
  retryAfter?: number;
  /** For LIMIT_EXCEEDED: the setting that was reached (`IMAGE_GATEWAY_WATCH_MAX_IMAGES`). */
  limit?: string;
}

/** A GraphQL error whose extensions follow the contract above. */
export class GatewayError extends GraphQLError {
  readonly details: GatewayErrorDetails;

  constructor(message: string, details: GatewayErrorDetails, options: { cause?: unknown } = {}) {
    const extensions: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(details)) if (value !== undefined) extensions[key] = value;
    super(message, { extensions, originalError: options.cause instanceof Error ? options.cause : undefined });
    this.details = details;
  }
}

/** A failure of an upstream call: transport, HTTP status or vendor error body. */
export class UpstreamError extends GatewayError {}

/** Bad input, reported before anything is sent upstream. */
export function badUserInput(message: string, field?: string): GatewayError {
  return new GatewayError(message, { code: ErrorCode.BAD_USER_INPUT, field });
}

/** The generic classification of an upstream HTTP status, before a source looks at the vendor's body. */
function codeForUpstreamStatus(status: number): ErrorCode {
  if (status === 400 || status === 422) return ErrorCode.BAD_USER_INPUT;
  if (status === 401) return ErrorCode.UNAUTHENTICATED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 408 || status === 504) return ErrorCode.UPSTREAM_TIMEOUT;
  if (status === 429) return ErrorCode.RATE_LIMITED;
  if (status >= 500) return ErrorCode.UPSTREAM_UNAVAILABLE;
  return ErrorCode.UPSTREAM_ERROR;
}

/** What a source read from a vendor's error response. */
interface VendorFailure {
  provider: string;
  region?: string;
  upstreamStatus: number;
  vendorCode?: string;
  vendorMessage?: string;
  requestId?: string;
  /** Overrides the classification by HTTP status (e.g. E-HPC's 407 NotAuthorized → FORBIDDEN). */
  code?: ErrorCode;
  field?: string;
  /** Whole seconds from the response's Retry-After (http-client's retryAfterSeconds). */
  retryAfter?: number;
}

/** An UpstreamError for a vendor's error response, with a message a person can act on. */
export function upstreamFailure(failure: VendorFailure): UpstreamError {
  const code = failure.code ?? codeForUpstreamStatus(failure.upstreamStatus);
  const detail = [failure.vendorCode, failure.vendorMessage].filter(Boolean).join(': ');
  const message = `${failure.provider} answered HTTP ${failure.upstreamStatus}${detail ? ` (${detail.slice(0, 500)})` : ''}`;
  return new UpstreamError(message, {
    code,
    provider: failure.provider,
    region: failure.region || undefined,
    vendorCode: failure.vendorCode,
    requestId: failure.requestId,
    upstreamStatus: failure.upstreamStatus,
    field: failure.field,
    retryAfter: failure.retryAfter,
  });
}
