// The per-request context: a request id, a child logger, the configured
// source instances, the scope every upstream call of the request carries (its
// deadline, its cancellation, its trace), and the request's DataLoaders,
// created on first use.
//
// Loaders live exactly one GraphQL request: their cache is what makes five
// aliases of one image a single upstream call, and it must never serve one
// caller's data to another or outlive a mutation.

import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger.js';
import { buildingLoaders, type BatchObserver } from './observability/batches.js';
import { RequestObservation } from './observability/request.js';
import type { SourceRegistry } from './sources/registry.js';
import type { SourceInstance } from './sources/types.js';
import type { CallScope } from './upstream/scope.js';

export interface GatewayContext {
  requestId: string;
  logger: Logger;
  sources: SourceRegistry;
  /** What every upstream call made for this request carries (see src/upstream/scope.ts). */
  scope: CallScope;
  /** Upstream attempts this request has made so far. */
  upstreamCalls(): number;
  /** The request's loaders for one source instance. */
  loadersFor<L>(instance: SourceInstance<L>): L;
  /**
   * Errors to report beside data (a failing source in `images`, whose field
   * still resolves); added to the response by the server.
   */
  extraErrors: GraphQLFormattedError[];
  /** What the access log, metrics and trace record of the request (src/observability/request.ts). */
  observation: RequestObservation;
}

/** How the server makes a request's context; every field is optional (a subscription's context, a test's). */
export interface ContextOptions {
  /** The request as the server observes it: its id, span and client; a fresh one when absent. */
  observation?: RequestObservation;
  /**
   * The most the request may take, ms (IMAGE_GATEWAY_REQUEST_TIMEOUT_MS): the
   * scope's deadline, and its signal aborts then (a TimeoutError: UPSTREAM_TIMEOUT).
   */
  timeoutMs?: number;
  /** Hears each DataLoader batch the request's loaders dispatch (metrics). */
  batchObserver?: BatchObserver;
}

export function createContext(sources: SourceRegistry, logger: Logger, options: ContextOptions = {}): GatewayContext {
  const observation = options.observation ?? new RequestObservation();
  const { requestId } = observation;
  const loaders = new Map<SourceInstance, unknown>();
  const signal = requestSignal(options.timeoutMs, observation.clientGone);
  const context: GatewayContext = {
    requestId,
    logger: logger.child({ requestId }),
    sources,
    scope: {
      deadline: options.timeoutMs !== undefined ? Date.now() + options.timeoutMs : undefined,
      signal,
      traceContext: observation.span?.context,
      onAttempt: () => {
        observation.upstreamCalls += 1;
      },
    },
    upstreamCalls: () => observation.upstreamCalls,
    extraErrors: [],
    observation,
    loadersFor<L>(instance: SourceInstance<L>): L {
      if (!loaders.has(instance)) {
        loaders.set(
          instance,
          buildingLoaders(options.batchObserver, () => instance.createLoaders(context)),
        );
      }
      return loaders.get(instance) as L;
    },
  };
  return context;
}

/**
 * Aborts at the request's deadline (with a TimeoutError, as AbortSignal.timeout
 * does: calls cut by it end as UPSTREAM_TIMEOUT) or when the client goes away.
 * A timer and a controller, not AbortSignal.timeout/any: Node holds those
 * sources weakly, and a collected timeout signal never fires.
 */
function requestSignal(timeoutMs: number | undefined, clientGone: AbortSignal | undefined): AbortSignal | undefined {
  if (timeoutMs === undefined) return clientGone;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException(`The request's ${timeoutMs} ms are up`, 'TimeoutError')),
    timeoutMs,
  );
  // The deadline must not keep the process alive, nor the controller once it has fired for another reason.
  timer.unref();
  controller.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  clientGone?.addEventListener('abort', () => controller.abort(clientGone.reason), { once: true });
  return controller.signal;
}
