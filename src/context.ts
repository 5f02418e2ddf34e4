// The per-request context: a request id, who is calling, a child logger, the
// source instances the caller may use, the scope every upstream call of the
// request carries (its deadline, its cancellation, its trace, the caller's
// own cloud token), and the request's DataLoaders, created on first use.
//
// Loaders live exactly one GraphQL request: their cache is what makes five
// aliases of one image a single upstream call, and it must never serve one
// caller's data to another or outlive a mutation. That is also why the
// caller's own cloud token (for passthrough sources) travels in this
// request's scope and nowhere else.

import type { GraphQLFormattedError } from 'graphql';
import { anonymousCaller, type Caller } from './auth/index.js';
import type { EntityCache } from './cache/entity-cache.js';
import { buildingCachedLoaders } from './cache/loader-cache.js';
import type { Logger } from './logger.js';
import { buildingLoaders, type BatchObserver } from './observability/batches.js';
import { RequestObservation } from './observability/request.js';
import { RequestSecrets, scrubbingLogger } from './request-secrets.js';
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
  /**
   * Errors to report beside data (a failing source in `images`, whose field
   * still resolves); added to the response by the server.
   */
  extraErrors: GraphQLFormattedError[];
  /** What the access log, metrics and trace record of the request (src/observability/request.ts). */
  observation: RequestObservation;
  /** The entity cache under the loaders (src/cache/); absent or disabled: every read goes upstream. */
  entityCache?: EntityCache;
}

/** How the server makes a request's context; every field is optional (a subscription's poll, a test's). */
export interface ContextOptions {
  /** Who is calling; anonymous when absent. */
  caller?: Caller;
  /** The request's secrets; the caller's when absent. */
  requestSecrets?: RequestSecrets;
  /** The request as the server observes it: its id, span and client; a fresh one when absent. */
  observation?: RequestObservation;
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

export function createContext(sources: SourceRegistry, logger: Logger, options: ContextOptions = {}): GatewayContext {
  const caller = options.caller ?? anonymousCaller(undefined, []);
  const observation = options.observation ?? new RequestObservation();
  const { requestId } = observation;
  const loaders = new Map<SourceInstance, unknown>();
  const signal = requestSignal(options.timeoutMs, observation.clientGone);
  const requestSecrets = options.requestSecrets ?? new RequestSecrets(caller.secrets);
  const context: GatewayContext = {
    requestId,
    caller,
    logger: scrubbingLogger(logger.child({ requestId, caller: caller.id }), requestSecrets),
    sources: sources.visibleTo(caller),
    scope: {
      deadline: options.timeoutMs !== undefined ? Date.now() + options.timeoutMs : undefined,
      signal,
      traceContext: observation.span?.context,
      credentials: caller.cloudToken ? { token: caller.cloudToken } : undefined,
      onAttempt: () => {
        observation.upstreamCalls += 1;
      },
    },
    requestSecrets,
    upstreamCalls: () => observation.upstreamCalls,
    extraErrors: [],
    observation,
    entityCache: options.entityCache,
    loadersFor<L>(instance: SourceInstance<L>): L {
      if (!loaders.has(instance)) {
        // Under the loaders: they batch and dedupe within the request, the cache answers across requests.
        const view = options.entityCache?.viewFor(context, instance);
        loaders.set(
          instance,
          buildingLoaders(options.batchObserver, () =>
            buildingCachedLoaders(view, () => instance.createLoaders(context)),
          ),
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
