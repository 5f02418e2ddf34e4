// An upstream's HTTP answer as the sources see it, and the helpers they read
// it with. Imported through http-client.ts, the upstream client's one public
// import point.

import { ErrorCode, UpstreamError } from '../errors.js';

/** An HTTP answer, whatever its status: what a 400 or 404 means is the source's business. */
export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text (every API here answers JSON or an error page). */
  text: string;
}

/** The first value of a response header. */
export function headerValue(response: UpstreamResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads a JSON body or throws UPSTREAM_BAD_RESPONSE. */
export function parseJsonBody(response: UpstreamResponse, provider: string, region?: string): unknown {
  try {
    return JSON.parse(response.text);
  } catch {
    throw badResponseError(response, { provider, region }, 'a body that is not JSON');
  }
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

/** The statuses whose Retry-After means "try again then" (RFC 9110 §10.2.3). */
const RETRY_AFTER_STATUS: ReadonlySet<number> = new Set([429, 503]);

/**
 * How long a 429 or 503 asks us to wait, ms: `Retry-After` as delta-seconds
 * (`120`) or an HTTP-date (`Fri, 31 Dec 1999 23:59:59 GMT`, 0 once past).
 * Undefined for other statuses, or without a readable header.
 */
export function retryAfterMs(response: UpstreamResponse, now = Date.now()): number | undefined {
  if (!RETRY_AFTER_STATUS.has(response.status)) return undefined;
  const value = headerValue(response, 'retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP-date names its day and month; Date.parse alone would also take "-5" as a year.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Retry-After in whole seconds, for `extensions.retryAfter`; see retryAfterMs. */
export function retryAfterSeconds(response: UpstreamResponse, now = Date.now()): number | undefined {
  const ms = retryAfterMs(response, now);
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}
