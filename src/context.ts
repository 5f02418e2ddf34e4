// The per-request context: a request id, who is calling, a child logger, the
// source instances the caller may use, the scope every upstream call of the
// request carries, and the request's DataLoaders, created on first use.
//
// Loaders live exactly one GraphQL request: their cache is what makes five
// aliases of one image a single upstream call, and it must never serve one
// caller's data to another or outlive a mutation. That is also why the
// caller's own cloud token (for passthrough sources) travels in this
// request's scope and nowhere else.

import { randomUUID } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import { anonymousCaller, type Caller } from './auth/index.js';
import type { Logger } from './logger.js';
import { RequestSecrets } from './request-secrets.js';
import type { SourceRegistry } from './sources/registry.js';
import type { SourceInstance } from './sources/types.js';
import type { CallScope } from './upstream/scope.js';

export interface GatewayContext {
  requestId: string;
  /** Who is calling (anonymous when client authentication is off). */
  caller: Caller;
  /** Bound to the request id and the caller's id. */
  logger: Logger;
  /** The source instances this caller may use: to the caller, the others do not exist. */
  sources: SourceRegistry;
  /** What every upstream call made for this request carries (see src/upstream/scope.ts). */
  scope: CallScope;
  /**
   * Secrets that came with this request (the caller's credentials, a password
   * in an input): scrubbed from its errors and log lines. Add to it, never
   * replace it (src/request-secrets.ts).
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
}

export function createContext(
  sources: SourceRegistry,
  logger: Logger,
  requestId: string = randomUUID(),
  caller: Caller = anonymousCaller(undefined, []),
  requestSecrets: RequestSecrets = new RequestSecrets(caller.secrets),
): GatewayContext {
  const loaders = new Map<SourceInstance, unknown>();
  let calls = 0;
  const context: GatewayContext = {
    requestId,
    caller,
    logger: logger.child({ requestId, caller: caller.id }),
    sources: sources.visibleTo(caller),
    scope: {
      onAttempt: () => {
        calls += 1;
      },
      credentials: caller.cloudToken ? { token: caller.cloudToken } : undefined,
    },
    requestSecrets,
    upstreamCalls: () => calls,
    extraErrors: [],
    loadersFor<L>(instance: SourceInstance<L>): L {
      if (!loaders.has(instance)) loaders.set(instance, instance.createLoaders(context));
      return loaders.get(instance) as L;
    },
  };
  return context;
}
