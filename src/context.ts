// The per-request context: a request id, a child logger, the configured
// source instances, the scope every upstream call of the request carries, the
// secrets the request brings (scrubbed from its answer and its log lines), and
// the request's DataLoaders, created on first use.
//
// Loaders live exactly one GraphQL request: their cache is what makes five
// aliases of one image a single upstream call, and it must never serve one
// caller's data to another or outlive a mutation.

import { randomUUID } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger.js';
import { RequestSecrets, scrubbingLogger } from './secrets.js';
import type { SourceRegistry } from './sources/registry.js';
import type { SourceInstance } from './sources/types.js';
import type { CallScope } from './upstream/scope.js';

export interface GatewayContext {
  requestId: string;
  /** The request's logger: every line it writes is scrubbed of `secrets`. */
  logger: Logger;
  /** Secrets that arrived in the request (@writeOnly inputs), collected by the server before it runs. */
  secrets: RequestSecrets;
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
  const secrets = new RequestSecrets();
  let calls = 0;
  const context: GatewayContext = {
    requestId,
    logger: scrubbingLogger(logger.child({ requestId }), secrets),
    secrets,
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
