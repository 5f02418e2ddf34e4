// The access log: one JSON line per HTTP request (probes and scrapes aside),
// written when its response ends, and one per operation on a GraphQL
// WebSocket, written when it ends.
//
// The line is built from a fixed list of fields, never from the request
// itself: no headers, no query string (a GET's variables travel there), no
// variables, no document. The operation name is the one text a client
// chooses: it is cut to MAX_NAME characters and scrubbed of configured secrets.

import type { Logger } from '../logger.js';
import type { RequestOutcome } from './metrics.js';

const MAX_NAME = 200;

/** One access-log line's fields. */
export interface AccessLogLine {
  requestId: string;
  /** `websocket`: an operation on a GraphQL WebSocket (absent: an HTTP request). */
  transport?: 'websocket';
  method: string;
  /** The path alone, without the query string. */
  path: string;
  /**
   * The HTTP status sent; 499 when the client went away first. On a WebSocket:
   * 101 (its upgrade's), or 499 when the client stopped the operation first.
   */
  status: number;
  durationMs: number;
  /** Upstream attempts the request made (a retry is another). */
  upstreamCalls: number;
  /** GraphQL requests only. */
  operationName?: string | null;
  operationType?: string;
  outcome?: RequestOutcome;
  /** `extensions.code` of each error in the response (GraphQL requests only). */
  errorCodes?: string[];
  /** The authenticated caller's id, when client authentication names one. */
  caller?: string;
  /** The trace the request's span belongs to, when tracing is on. */
  traceId?: string;
}

export function writeAccessLog(logger: Logger, line: AccessLogLine, scrub: (text: string) => string): void {
  // Rewritten in place (the line is built for this call alone): no second object per request.
  line.durationMs = Math.round(line.durationMs * 10) / 10;
  if (typeof line.operationName === 'string') line.operationName = clean(line.operationName, scrub);
  if (line.caller !== undefined) line.caller = clean(line.caller, scrub);
  logger.info(line, 'request');
}

function clean(text: string, scrub: (text: string) => string): string {
  return scrub(text.length > MAX_NAME ? text.slice(0, MAX_NAME) : text);
}
