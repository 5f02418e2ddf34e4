// The per-request context: a request id, a child logger, the configured
// source instances, the scope every upstream call of the request carries, and
// the request's DataLoaders, created on first use.
//
// Loaders live exactly one GraphQL request: their cache is what makes five
// aliases of one image a single upstream call, and it must never serve one
// caller's data to another or outlive a mutation.

import { randomUUID } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger.js';
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
}

export function createContext(
  sources: SourceRegistry,
  logger: Logger,
  requestId: string = randomUUID(),
): GatewayContext {
  const loaders = new Map<SourceInstance, unknown>();
  let calls = 0;
  const context: GatewayContext = {
    requestId,
    logger: logger.child({ requestId }),
    sources,
    scope: {
      onAttempt: () => {
        calls += 1;
      },
    },
    upstreamCalls: () => calls,
    extraErrors: [],
    loadersFor<L>(instance: SourceInstance<L>): L {
      if (!loaders.has(instance)) loaders.set(instance, instance.createLoaders(context));
      return loaders.get(instance) as L;
    },
  };
  return context;
}
