// What a source module is: the unit of extension. Adding a cloud means one
// folder under src/sources/ implementing SourceModule, its SDL in schema/, and
// one line in src/sources/index.ts. Nothing else learns the vendor's name.

import type { GraphQLResolveInfo } from 'graphql';
import type { SourceConfigSpec, SourceInstanceConfig } from '../config.js';
import type { GatewayContext } from '../context.js';
import type { Resolvers } from '../generated/graphql.js';
import type { ImageRef, Provider } from '../ids.js';
import type { Logger } from '../logger.js';

/** An example operation shown in GraphiQL (and checked by the test suite against the sandbox). */
export interface ExampleOperation {
  name: string;
  document: string;
  variables?: Record<string, unknown>;
}

/**
 * A mapped image: the GraphQL object of the source's image type, with
 * `__typename` set so that `Image`/`Node` resolve to it. Mapping (map.ts)
 * produces these from wire JSON; resolvers return them as they are.
 */
export interface ImageModel {
  __typename: string;
  id: string;
  provider: Provider;
  nativeId: string;
  createdAt?: Date | null;
  [field: string]: unknown;
}

/** The cross-source list filter (Query.images), as each source receives it. */
export interface ImageListFilter {
  statuses?: readonly string[];
  architectures?: readonly string[];
  visibilities?: readonly string[];
  nameContains?: string;
  createdAfter?: Date;
  createdBefore?: Date;
}

/**
 * One page of a source's list, newest first (createdAt descending, then by
 * native id). `next` is the source's own opaque position of the following page
 * (ModelArts offset, Glance marker, E-HPC page number), null after the last.
 */
export interface ImageListPage {
  images: ImageModel[];
  next: string | null;
  /** Total matching images, when the API reports it and every filter was pushed down. */
  totalCount?: number | null;
}

/**
 * One configured instance of a source (one endpoint, account and region),
 * alive as long as the gateway. It owns the upstream client; per-request state
 * (DataLoaders) is created by `createLoaders` for each GraphQL request.
 */
export interface SourceInstance<Loaders = unknown> {
  readonly config: SourceInstanceConfig;
  /** Per-request DataLoaders; the context creates them on first use in a request. */
  createLoaders(context: GatewayContext): Loaders;
  /** Loads one image by reference through the request's loaders (so calls are batched); null when it does not exist. */
  loadImage(context: GatewayContext, ref: ImageRef, info?: GraphQLResolveInfo): Promise<ImageModel | null>;
  /**
   * Lists images newest first, from `position` (null: the start), pushing down
   * every filter the API supports and applying the rest itself. Returns about
   * `pageSize` images (fewer is fine; an empty page with a `next` is not).
   */
  listImages?(
    context: GatewayContext,
    filter: ImageListFilter,
    position: string | null,
    pageSize: number,
  ): Promise<ImageListPage>;
  close(): Promise<void>;
}

/**
 * How a source maps its vendor's words onto the Image interface: the README's
 * normalization table is generated from these (scripts/normalization-table.ts),
 * and the mappers read the same constants, so the two cannot drift apart.
 */
export interface NormalizationRules {
  /** Vendor status word → ImageStatus; any other word is UNKNOWN. */
  status: Readonly<Record<string, string>>;
  /** Vendor visibility word → ImageVisibility. */
  visibility: Readonly<Record<string, string>>;
  /** How architecture is derived, in a sentence. */
  architecture: string;
  /** How sizeBytes is derived. */
  size: string;
  /** How createdAt/updatedAt are derived. */
  time: string;
}

export interface SourceModule {
  readonly provider: Provider;
  /** The GraphQL object type of this source's images. */
  readonly typeName: string;
  /** How the source is configured from env and validated. */
  readonly config: SourceConfigSpec;
  createInstance(config: SourceInstanceConfig, deps: { logger: Logger }): SourceInstance;
  /** The source's resolvers: its Query/Mutation fields and its types. */
  readonly resolvers: Resolvers;
  /** Operations shown in GraphiQL. */
  readonly examples: ExampleOperation[];
  /** Examples that need a configured instance (a global id carries its region and project). */
  examplesFor?(instance: SourceInstanceConfig): ExampleOperation[];
  /** The vendor → interface mapping rules, for the README's table. */
  readonly normalization?: NormalizationRules;
}
