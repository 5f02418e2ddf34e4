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
  return new RequestContext(sources, logger, options);
}

/**
 * A class, not an object literal: Apollo copies the context for each request
 * (Object.assign onto a new object of the same prototype), which would call a
 * getter defined on the object itself and so make the lazy logger eager. The
 * getter lives on the prototype, and what it makes is kept in `lazy`, an
 * object the copy shares.
 */
class RequestContext implements GatewayContext {
  readonly requestId: string;
  readonly caller: GatewayContext['caller'];
  readonly sources: SourceRegistry;
  readonly scope: GatewayContext['scope'];
  readonly requestSecrets: RequestSecrets;
  readonly extraErrors: GatewayContext['extraErrors'] = [];
  readonly observation: RequestObservation;
  readonly entityCache: GatewayContext['entityCache'];
  readonly observeBatch: GatewayContext['observeBatch'];
  readonly end: () => void;
  private readonly lazy: { logger?: Logger; loaders: Map<SourceInstance, unknown> } = { loaders: new Map() };

  constructor(
    sources: SourceRegistry,
    private readonly rootLogger: Logger,
    options: ContextOptions,
  ) {
    const caller = (this.caller = options.caller ?? anonymousCaller(undefined, []));
    const observation = (this.observation = options.observation ?? new RequestObservation());
    this.requestId = observation.requestId;
    this.sources = sources.visibleTo(caller);
    this.requestSecrets = options.requestSecrets ?? new RequestSecrets(caller.secrets);
    this.entityCache = options.entityCache;
    this.observeBatch = options.batchObserver;
    const lifetime = requestLifetime(options.timeoutMs, options.cancellation);
    this.end = lifetime ? lifetime.release : noop;
    this.scope = {
      deadline: options.timeoutMs !== undefined ? Date.now() + options.timeoutMs : undefined,
      signal: lifetime?.signal,
      traceContext: observation.span?.context,
      credentials: caller.cloudToken ? { token: caller.cloudToken } : undefined,
      onAttempt: () => {
        observation.upstreamCalls += 1;
      },
    };
  }

  /** Made on first use: most requests never log beyond their access-log line, and a pino child costs. */
  get logger(): Logger {
    return (this.lazy.logger ??= scrubbingLogger(
      this.rootLogger.child({ requestId: this.requestId, caller: this.caller.id }),
      this.requestSecrets,
    ));
  }

  upstreamCalls(): number {
    return this.observation.upstreamCalls;
  }

  loadersFor<L>(instance: SourceInstance<L>): L {
    const { loaders } = this.lazy;
    let made = loaders.get(instance) as L | undefined;
    if (made === undefined) {
      // Under the loaders: they batch and dedupe within the request, the cache answers across requests.
      const cache = this.entityCache?.viewFor(this, instance);
      made = instance.createLoaders(this, { observeBatch: this.observeBatch, cache });
      loaders.set(instance, made);
    }
    return made;
  }
}

function noop(): void {}

/**
 * Aborts `cancellation` (the transport's: it aborts it when the client goes
 * away) at the request's deadline, with a TimeoutError as AbortSignal.timeout
 * does: calls cut by it end as UPSTREAM_TIMEOUT. `release` (the request is
 * answered) drops the timer. One controller per request, the transport's when
 * it has one: no second controller following it, no listener between them.
 * A timer, not AbortSignal.timeout: Node holds a timeout signal weakly, and a
 * collected one never fires.
 */
function requestLifetime(
  timeoutMs: number | undefined,
  cancellation: AbortController | undefined,
): { signal: AbortSignal; release: () => void } | undefined {
  if (timeoutMs === undefined) return cancellation && { signal: cancellation.signal, release: noop };
  const controller = cancellation ?? new AbortController();
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
  return { signal: controller.signal, release: () => clearTimeout(timer) };
}
