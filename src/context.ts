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

import { setMaxListeners } from 'node:events';
import { anonymousCaller } from './auth/index.js';
import type { ContextOptions, GatewayContext } from './context-types.js';
import type { Logger } from './logger.js';
import { RequestObservation } from './observability/request.js';
import { RequestSecrets, scrubbingLogger } from './request-secrets.js';
import type { SourceInstance, SourceRegistry } from './sources/index.js';

export function createContext(sources: SourceRegistry, logger: Logger, options: ContextOptions = {}): GatewayContext {
  const caller = options.caller ?? anonymousCaller(undefined, []);
  const observation = options.observation ?? new RequestObservation();
  const { requestId } = observation;
  const loaders = new Map<SourceInstance, unknown>();
  const lifetime = requestLifetime(options.timeoutMs, observation.clientGone);
  const signal = lifetime?.signal ?? observation.clientGone;
  const requestSecrets = options.requestSecrets ?? new RequestSecrets(caller.secrets);
  let requestLogger: Logger | undefined;
  const context: GatewayContext = {
    requestId,
    caller,
    // Made on first use: most requests never log beyond their access-log line, and a pino child costs.
    get logger() {
      return (requestLogger ??= scrubbingLogger(logger.child({ requestId, caller: caller.id }), requestSecrets));
    },
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
    observeBatch: options.batchObserver,
    end: () => lifetime?.release(),
    loadersFor<L>(instance: SourceInstance<L>): L {
      if (!loaders.has(instance)) {
        // Under the loaders: they batch and dedupe within the request, the cache answers across requests.
        const view = options.entityCache?.viewFor(context, instance);
        loaders.set(instance, instance.createLoaders(context, { observeBatch: options.batchObserver, cache: view }));
      }
      return loaders.get(instance) as L;
    },
  };
  return context;
}

/**
 * Aborts at the request's deadline (with a TimeoutError, as AbortSignal.timeout
 * does: calls cut by it end as UPSTREAM_TIMEOUT) or when the client goes away;
 * `release` (the request is answered) drops the timer and the listener.
 * A timer and a controller, not AbortSignal.timeout/any: Node holds those
 * sources weakly, and a collected timeout signal never fires.
 */
function requestLifetime(
  timeoutMs: number | undefined,
  clientGone: AbortSignal | undefined,
): { signal: AbortSignal; release(): void } | undefined {
  if (timeoutMs === undefined) return undefined;
  const controller = new AbortController();
  // Every upstream call of the request follows this signal (upstream/deadline.ts): a wide
  // request has many in flight at once, each bounded by its instance's concurrency and the
  // listing's call budget, so Node's leak warning at 11 listeners says nothing here.
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(
    () => controller.abort(new DOMException(`The request's ${timeoutMs} ms are up`, 'TimeoutError')),
    timeoutMs,
  );
  // The deadline must not keep the process alive.
  timer.unref();
  const followClient = () => controller.abort(clientGone?.reason);
  clientGone?.addEventListener('abort', followClient, { once: true });
  const release = () => {
    clearTimeout(timer);
    clientGone?.removeEventListener('abort', followClient);
  };
  controller.signal.addEventListener('abort', release, { once: true });
  return { signal: controller.signal, release };
}
