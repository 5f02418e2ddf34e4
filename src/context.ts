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

import { anonymousCaller } from './auth/index.js';
import type { ContextOptions, GatewayContext } from './context-types.js';
import type { Logger } from './logger.js';
import { buildingLoaders } from './observability/batches.js';
import { RequestObservation } from './observability/request.js';
import { RequestSecrets, scrubbingLogger } from './request-secrets.js';
import type { SourceInstance, SourceRegistry } from './sources/index.js';

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
