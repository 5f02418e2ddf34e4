// The per-request context: a request id, a child logger, the configured
// source instances, and the request's DataLoaders, created on first use.
//
// Loaders live exactly one GraphQL request: their cache is what makes five
// aliases of one image a single upstream call, and it must never serve one
// caller's data to another or outlive a mutation.

import { randomUUID } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import type { SourceInstanceConfig } from './config.js';
import { ErrorCode, GatewayError } from './errors.js';
import type { Provider } from './ids.js';
import type { Logger } from './logger.js';
import type { SourceInstance, SourceModule } from './sources/types.js';

export interface GatewayContext {
  requestId: string;
  logger: Logger;
  sources: SourceRegistry;
  /** The request's loaders for one source instance. */
  loadersFor<L>(instance: SourceInstance<L>): L;
  /**
   * Errors to report beside data (a failing source in `images`, whose field
   * still resolves); added to the response by a plugin in server.ts.
   */
  extraErrors: GraphQLFormattedError[];
}

/** Every configured source instance, and the choice of one for a provider, region and project. */
export class SourceRegistry {
  constructor(readonly entries: ReadonlyArray<{ module: SourceModule; instance: SourceInstance }>) {}

  /** The instances of one provider (all when none is given), in configuration order. */
  instances(provider?: Provider): SourceInstance[] {
    return this.entries.filter((e) => !provider || e.module.provider === provider).map((e) => e.instance);
  }

  /**
   * The instance to use for a provider. A region narrows the choice (and must
   * match one); a project prefers the instance configured for it, else the
   * first in the region serves it (Huawei projects appear in the path).
   */
  pick(provider: Provider, where: { region?: string | null; project?: string | null } = {}): SourceInstance {
    let candidates = this.instances(provider);
    if (candidates.length === 0) {
      throw new GatewayError(`no ${provider} source is configured`, { code: ErrorCode.NOT_CONFIGURED, provider });
    }
    if (where.region) {
      candidates = candidates.filter((i) => i.config.region === where.region);
      if (candidates.length === 0) {
        throw new GatewayError(`no ${provider} source is configured for region "${where.region}"`, {
          code: ErrorCode.NOT_CONFIGURED,
          provider,
          region: where.region,
        });
      }
    }
    if (where.project) {
      const exact = candidates.find((i) => i.config.project === where.project);
      if (exact) return exact;
    }
    return candidates[0];
  }

  /** `pick`, for a source's own resolvers, typed as that source's instance class. */
  pickOf<T extends SourceInstance>(
    type: new (...args: never[]) => T,
    provider: Provider,
    where: { region?: string | null; project?: string | null } = {},
  ): T {
    const instance = this.pick(provider, where);
    if (!(instance instanceof type)) throw new Error(`the ${provider} instance is not a ${type.name}`);
    return instance;
  }

  configs(): SourceInstanceConfig[] {
    return this.entries.map((e) => e.instance.config);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.entries.map((e) => e.instance.close()));
  }
}

export function createContext(
  sources: SourceRegistry,
  logger: Logger,
  requestId: string = randomUUID(),
): GatewayContext {
  const loaders = new Map<SourceInstance, unknown>();
  const context: GatewayContext = {
    requestId,
    logger: logger.child({ requestId }),
    sources,
    extraErrors: [],
    loadersFor<L>(instance: SourceInstance<L>): L {
      let set = loaders.get(instance) as L | undefined;
      if (set === undefined) {
        set = instance.createLoaders(context);
        loaders.set(instance, set);
      }
      return set;
    },
  };
  return context;
}
