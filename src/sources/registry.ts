// The configured source instances of a running gateway, and the choice of
// one for a provider, region and project: the only way resolvers reach an
// instance.
//
// Each request sees the registry through `visibleTo(caller)`: only the
// instances its tenants may use. Every lookup (images, node, nodes, the
// sources' own fields and mutations) goes through that view, so a hidden
// instance cannot be reached, and every answer about it (NOT_CONFIGURED for
// its region) reads exactly as for an instance that does not exist.

import { mayUse, type Caller } from '../auth/index.js';
import type { SourceInstanceConfig } from '../config/index.js';
import { ErrorCode, GatewayError, badUserInput } from '../errors.js';
import { decodeGlobalId, tryDecodeGlobalId, type ImageRef } from '../ids.js';
import type { SourceInstance, SourceModule } from './types.js';

interface RegistryEntry {
  module: SourceModule;
  instance: SourceInstance;
}

/** Where an instance should be: a region must match; a project is preferred. */
interface InstanceWhere {
  region?: string | null;
  project?: string | null;
}

export class SourceRegistry {
  /** Every registered provider, configured or not (an id naming another is not one of ours). */
  readonly providers: readonly string[];

  constructor(
    private readonly modules: readonly SourceModule[],
    readonly entries: readonly RegistryEntry[],
  ) {
    this.providers = modules.map((module) => module.provider);
  }

  /** The registry as `caller` sees it: the instances its tenants may use (all that list no tenants). */
  visibleTo(caller: Caller): SourceRegistry {
    const visible = this.entries.filter((entry) => mayUse(caller, entry.instance.config.tenants));
    return visible.length === this.entries.length ? this : new SourceRegistry(this.modules, visible);
  }

  /** The instances of one provider (all when none is given), in configuration order. */
  instances(provider?: string): SourceInstance[] {
    return this.entries.filter((e) => !provider || e.module.provider === provider).map((e) => e.instance);
  }

  /**
   * The instance to use for a provider. A region narrows the choice (and must
   * match one); a project prefers the instance configured for it, else the
   * first in the region serves it (Huawei projects appear in the path) —
   * except a tenant's instance (one that lists `tenants`) configured for a
   * project, which serves that project only: its credentials must not read
   * another tenant's project on a caller's say-so.
   */
  pick(provider: string, where: InstanceWhere = {}): SourceInstance {
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
      candidates = candidates.filter((i) => !(i.config.tenants && i.config.project));
      if (candidates.length === 0) {
        throw new GatewayError(`no ${provider} source is configured for project "${where.project}"`, {
          code: ErrorCode.NOT_CONFIGURED,
          provider,
          region: where.region || undefined,
        });
      }
    }
    return candidates[0];
  }

  /** `pick`, for a source's own resolvers, typed as that source's instance class. */
  pickOf<T extends SourceInstance>(
    type: abstract new (...args: never[]) => T,
    provider: string,
    where: InstanceWhere = {},
  ): T {
    const instance = this.pick(provider, where);
    if (!(instance instanceof type)) throw new Error(`the ${provider} instance is not a ${type.name}`);
    return instance;
  }

  /** The reference in a global id of a registered provider, or BAD_USER_INPUT naming `field`. */
  decodeId(id: string, field: string): ImageRef {
    return decodeGlobalId(id, field, this.providers);
  }

  /**
   * For a field that takes a vendor id or a global id (`modelArtsImage(id)`):
   * the reference when `id` is a global id of `provider`, undefined when it is
   * a vendor id, BAD_USER_INPUT when it is the global id of another provider's image.
   */
  refOf(id: string, provider: string, field: string): ImageRef | undefined {
    const ref = tryDecodeGlobalId(id, this.providers);
    if (ref && ref.provider !== provider) {
      throw badUserInput(`${field} is the global id of a ${ref.provider} image, not a ${provider} one`, field);
    }
    return ref;
  }

  /** Every instance's configuration, in configuration order. */
  configs(): SourceInstanceConfig[] {
    return this.entries.map((e) => e.instance.config);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.entries.map((e) => e.instance.close()));
  }
}
