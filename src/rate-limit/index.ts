// Caller rate limits (IMAGE_GATEWAY_RATE_LIMIT requests a minute per caller):
// one runaway client holding a valid credential must not spend the whole
// account's cloud quota (ModelArts, IMS and E-HPC all throttle per account).
//
// A caller is the API key's name, the JWT's subject, or, when anonymous, the
// client's address. The window is fixed: a minute from the caller's first
// request in it (one INCR, with the minute's TTL set by the first), counted
// in the shared state, so across every replica with Redis and per process
// without it (and while Redis is away). Fixed rather than sliding: one
// atomic step per request and one small key per caller, at the price of
// allowing up to twice the limit across a window's edge.
//
// Past the limit: HTTP 429 with Retry-After, the GraphQL error RATE_LIMITED
// with `extensions.retryAfter` (seconds); over WebSocket, that operation's
// error.

import { GraphQLError } from 'graphql';
import type { Caller } from '../auth/index.js';
import { ErrorCode } from '../errors.js';
import type { GatewayState } from '../state/index.js';

// The other limit: upstream calls a second per source instance (IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT).
export { upstreamPacers } from './upstream.js';

const WINDOW_MS = 60_000;

/** What one request's `take` decided. */
export interface RateDecision {
  allowed: boolean;
  /** Seconds until the caller's window ends (when refused). */
  retryAfterSeconds: number;
}

export class CallerRateLimiter {
  constructor(
    private readonly state: GatewayState,
    /** Requests a minute per caller; 0: no limit. */
    private readonly perMinute: number,
  ) {}

  get enabled(): boolean {
    return this.perMinute > 0;
  }

  /** Counts one request of `callerKey` (see `callerKeyOf`) and says whether it may run. */
  async take(callerKey: string): Promise<RateDecision> {
    if (!this.enabled) return { allowed: true, retryAfterSeconds: 0 };
    const { value, ttlMs } = await this.state.store.increment(this.state.keys.control('rate', callerKey), WINDOW_MS);
    return { allowed: value <= this.perMinute, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
  }

  /** Undefined when `caller` may go on, else the error that refuses it (with its HTTP status and Retry-After). */
  async refusal(caller: Caller, clientAddress: string | undefined): Promise<GraphQLError | undefined> {
    if (!this.enabled) return undefined;
    const { allowed, retryAfterSeconds } = await this.take(callerKeyOf(caller, clientAddress));
    if (allowed) return undefined;
    return new GraphQLError(
      `rate limit exceeded: at most ${this.perMinute} requests a minute per caller (IMAGE_GATEWAY_RATE_LIMIT); retry after ${retryAfterSeconds} s`,
      {
        extensions: {
          code: ErrorCode.RATE_LIMITED,
          retryAfter: retryAfterSeconds,
          http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
        },
      },
    );
  }
}

/** Who a caller is, for counting: never a credential (the name is hashed into the key by the state's keyed hash). */
export function callerKeyOf(caller: Caller, clientAddress: string | undefined): string {
  return caller.via === 'none' ? `address:${clientAddress ?? 'unknown'}` : `${caller.via}:${caller.id}`;
}
