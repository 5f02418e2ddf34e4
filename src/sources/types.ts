// What a source module is: the unit of extension. A cloud's image API is one
// folder under src/sources/ implementing SourceModule (its SDL, config spec,
// instances, resolvers, examples), plus one line in src/sources/index.ts.
// Nothing outside its folder learns the vendor's name.

import type { LoaderHooks } from '../cache/index.js';
import type { GraphQLResolveInfo } from 'graphql';
import type { SourceConfigSpec, SourceInstanceConfig } from '../config/index.js';
import type { GatewayContext } from '../context-types.js';
import type { CpuArchitecture, ImageStatus, ImageVisibility, Resolvers } from '../generated/graphql.js';
import type { ImageRef } from '../ids.js';
import type { AnyImageModel } from '../models.js';
import type { Logger } from '../logger.js';
import type { CallScope, UpstreamWatch } from '../upstream/index.js';

/** An example operation shown in GraphiQL (and checked by the test suite against the sandbox). */
export interface ExampleOperation {
  name: string;
  document: string;
  variables?: Record<string, unknown>;
}

/**
 * What every mapped image has: the `Image` interface's fields, with
 * `__typename` set so that `Image`/`Node` resolve to the source's own type.
 * Each source's model (map.ts) is its generated GraphQL type plus this.
 */
export interface ImageModel {
  __typename: string;
  id: string;
  provider: string;
  nativeId: string;
  name?: string | null;
  status: ImageStatus;
  architecture?: CpuArchitecture | null;
  visibility?: ImageVisibility | null;
  createdAt?: Date | null;
}

/** The cross-source list filter (Query.images), as each source receives it. */
export interface ImageListFilter {
  statuses?: readonly ImageStatus[];
  architectures?: readonly CpuArchitecture[];
  visibilities?: readonly ImageVisibility[];
  nameContains?: string;
  createdAfter?: Date;
  createdBefore?: Date;
}

/** How `deleteImage` deletes. */
export interface DeleteOptions {
  /** Delete the stored content too, where the cloud can (ModelArts `force`). */
  force: boolean;
}

/** One page to read of a source's listing (see SourceInstance.listImages). */
export interface ListPageRequest {
  context: GatewayContext;
  /** Every upstream call for this page goes through this scope: it is how the listing counts them. */
  scope: CallScope;
  filter: ImageListFilter;
  /** Where the page starts: null for the first, else a `next` this source returned. */
  position: string | null;
  /** Upstream page size to ask for. */
  pageSize: number;
  /** Most upstream calls this page may cost (at least 1), every per-image lookup included. */
  maxCalls: number;
}

/**
 * One upstream page of a source's listing: its images that pass the filter
 * (possibly none, when the source filters on the gateway side), newest first
 * (createdAt descending, then by global id), and `next`, the source's own
 * opaque position of what follows (a ModelArts offset, a Glance marker, an
 * E-HPC page number), null after the last. The same request gives the same
 * page, so a listing may read a position again to resume inside it.
 */
export interface ImageListPage {
  images: AnyImageModel[];
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
  createLoaders(context: GatewayContext, hooks: LoaderHooks): Loaders;
  /**
   * Loads one image by reference through the request's loaders (so calls are
   * batched); null when it does not exist. `info` is the selection it is read
   * for; without one (a watch's poll, src/watch/), the model carries
   * `status`, `vendorStatus` and `updatedAt` as the cloud says them now.
   */
  loadImage(context: GatewayContext, ref: ImageRef, info?: GraphQLResolveInfo): Promise<AnyImageModel | null>;
  /** Reads one upstream page of the listing, within `request.maxCalls` upstream calls. */
  listImages?(request: ListPageRequest): Promise<ImageListPage>;
  /**
   * Deletes the image `ref` names. Returns the image as the cloud answered the
   * delete, or as it was read just before it (null when neither says). Throws
   * NOT_FOUND when the image does not exist, and the vendor's coded error when
   * it may not be deleted (protected, in use, someone else's).
   */
  deleteImage?(context: GatewayContext, ref: ImageRef, options: DeleteOptions): Promise<AnyImageModel | null>;
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

/** What a source instance is built with. */
export interface SourceDeps {
  logger: Logger;
  /** Hand it to `upstreamClientFor`: the gateway's metrics, traces and readiness watch the client through it. */
  upstream?: UpstreamWatch;
}

export interface SourceModule<Options = unknown> {
  /** Its `ImageProvider` value, which its SDL adds (`extend enum ImageProvider { … }`). */
  readonly provider: string;
  /** A human name for banners and docs (`ModelArts`). */
  readonly title: string;
  /** The GraphQL object type of its images. */
  readonly typeName: string;
  /** Its SDL: the enum value, its types, its Query/Mutation fields. */
  readonly typeDefs: string;
  /** How it is configured from the environment and the config file. */
  readonly config: SourceConfigSpec<Options>;
  createInstance(config: SourceInstanceConfig<Options>, deps: SourceDeps): SourceInstance;
  /** Its resolvers: its Query/Mutation fields and its types. */
  readonly resolvers: Resolvers;
  /** Operations shown in GraphiQL. */
  readonly examples: readonly ExampleOperation[];
  /** Examples that need a configured instance (a global id carries its region and project). */
  examplesFor?(instance: SourceInstanceConfig): ExampleOperation[];
  /** The vendor → interface mapping rules, for the README's table. */
  readonly normalization?: NormalizationRules;
}
