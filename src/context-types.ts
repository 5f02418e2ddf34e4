// The per-request context's shape, types only: what resolvers, sources,
// auth and the server read of a request (src/context.ts makes one). Kept apart
// from the code that builds it so that the folders it names (auth, sources,
// upstream) can name it without importing each other through src/context.ts.
// Its imports name the files that define each type, not the folders' index.ts:
// an index would pull every module of its folder into each file that names a
// context (src/sources/index.ts imports every cloud), and back round to here.

import type { GraphQLFormattedError } from 'graphql';
import type { Caller } from './auth/caller.js';
import type { EntityCache } from './cache/entity-cache.js';
import type { Logger } from './logger.js';
import type { BatchObserver } from './observability/batches.js';
import type { RequestObservation } from './observability/request.js';
import type { RequestSecrets } from './request-secrets.js';
import type { SourceRegistry } from './sources/registry.js';
import type { SourceInstance } from './sources/types.js';
import type { CallScope } from './upstream/scope.js';

export interface GatewayContext {
  requestId: string;
  /** Who is calling (anonymous when client authentication is off). */
  caller: Caller;
  /** Bound to the request id and the caller's id; every line it writes is scrubbed of `requestSecrets`. */
  logger: Logger;
  /** The source instances this caller may use: to the caller, the others do not exist. */
  sources: SourceRegistry;
  /** What every upstream call made for this request carries (see src/upstream/scope.ts). */
  scope: CallScope;
  /**
   * Secrets that came with this request (the caller's credentials, a
   * @writeOnly input such as a registry password): scrubbed from its answer,
   * errors and log lines. Add to it, never replace it (src/request-secrets.ts).
   */
  requestSecrets: RequestSecrets;
  /** Upstream attempts this request has made so far. */
  upstreamCalls(): number;
  /** The request's loaders for one source instance. */
  loadersFor<L>(instance: SourceInstance<L>): L;
  /** Hears each DataLoader batch the request's loaders dispatch (metrics); a source's loaders report to it. */
  observeBatch?: BatchObserver;
  /**
   * Errors to report beside data (a failing source in `images`, whose field
   * still resolves); added to the response by the server.
   */
  extraErrors: GraphQLFormattedError[];
  /** What the access log, metrics and trace record of the request (src/observability/request.ts). */
  observation: RequestObservation;
  /** The entity cache under the loaders (src/cache/); absent or disabled: every read goes upstream. */
  entityCache?: EntityCache;
  /**
   * The request is answered: its deadline timer is released at once,
   * instead of living (and firing) until the deadline. Idempotent; the
   * transport calls it.
   */
  end(): void;
}

/** How the server makes a request's context; every field is optional (a subscription's poll, a test's). */
export interface ContextOptions {
  /** Who is calling; anonymous when absent. */
  caller?: Caller;
  /** The request's secrets; the caller's when absent. */
  requestSecrets?: RequestSecrets;
  /** The request as the server observes it: its id and span; a fresh one when absent. */
  observation?: RequestObservation;
  /**
   * The request's cancellation: the transport aborts it when the client goes
   * away, the context when the deadline passes. Its signal is the scope's.
   */
  cancellation?: AbortController;
  /**
   * The most the request may take, ms (IMAGE_GATEWAY_REQUEST_TIMEOUT_MS): the
   * scope's deadline, and its signal aborts then (a TimeoutError: UPSTREAM_TIMEOUT).
   */
  timeoutMs?: number;
  /** Hears each DataLoader batch the request's loaders dispatch (metrics). */
  batchObserver?: BatchObserver;
  /** The gateway's entity cache (src/cache/). */
  entityCache?: EntityCache;
}
