// The core resolvers: scalars, the Node/Image interfaces, and `node`/`nodes`,
// which hand each global id to the source instance it names. Each source adds
// its own fields (src/sources/*/resolvers.ts); they are merged here.

import type { GraphQLResolveInfo } from 'graphql';
import { GraphQLBigInt, GraphQLDateTime, GraphQLJSONObject, GraphQLUUID } from 'graphql-scalars';
import type { RequestLimits } from './config.js';
import type { GatewayContext } from './context.js';
import { badUserInput } from './errors.js';
import type { Resolvers } from './generated/graphql.js';
import { tryDecodeGlobalId } from './ids.js';
import { listImages } from './listing.js';
import type { ImageModel, SourceModule } from './sources/types.js';

/** Resolves one global id: null when the image does not exist, an error for a bad id. */
export async function resolveNode(
  context: GatewayContext,
  id: string,
  field: string,
  info?: GraphQLResolveInfo,
): Promise<ImageModel | null> {
  const ref = tryDecodeGlobalId(id);
  if (!ref) throw badUserInput(`${field} is not a valid image-gateway global id`, field);
  const instance = context.sources.pick(ref.provider, { region: ref.region, project: ref.project });
  return instance.loadImage(context, ref, info);
}

export function coreResolvers(limits: RequestLimits): Resolvers {
  return {
    DateTime: GraphQLDateTime,
    BigInt: GraphQLBigInt,
    UUID: GraphQLUUID,
    JSONObject: GraphQLJSONObject,
    Node: { __resolveType: (node) => (node as unknown as ImageModel).__typename as never },
    Image: { __resolveType: (image) => (image as unknown as ImageModel).__typename as never },
    Query: {
      images: (_root, args, context) => listImages(context, args, limits.maxPageSize) as never,
      node: (_root, { id }, context, info) => resolveNode(context, id, 'id', info) as never,
      nodes: (_root, { ids }, context, info) => {
        if (ids.length > limits.maxNodeIds) {
          throw badUserInput(`nodes accepts at most ${limits.maxNodeIds} ids, got ${ids.length}`, 'ids');
        }
        // Every id is started in the same tick, so each source's DataLoader
        // sees them all in one batch and the sources run concurrently. A bad
        // id or a failing source fails its own items only: an Error in the
        // list is reported at that item's path.
        return Promise.all(
          ids.map((id, index) =>
            resolveNode(context, id, `ids[${index}]`, info).catch((error: unknown) => error as Error),
          ),
        ) as never;
      },
    },
  };
}

const isPlainObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** Merges resolver maps type by type (sources extend Query and Mutation). */
export function mergeResolvers(maps: Resolvers[]): Resolvers {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      const existing = merged[type];
      if (isPlainObject(existing) && isPlainObject(fields)) {
        merged[type] = { ...existing, ...(fields as object) };
      } else {
        merged[type] = fields;
      }
    }
  }
  return merged;
}

export function buildResolvers(sources: readonly SourceModule[], limits: RequestLimits): Resolvers {
  return mergeResolvers([coreResolvers(limits), ...sources.map((source) => source.resolvers)]);
}
