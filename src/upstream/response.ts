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
