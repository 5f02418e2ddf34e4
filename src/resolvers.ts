// The core resolvers: scalars, the Node/Image interfaces, `node`/`nodes`
// (which hand each global id to the source instance it names), `images`, and
// `deleteImage` (which hands it to the instance to delete).
// Each source adds its own fields (src/sources/*/resolvers.ts); they are
// merged here.

import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import { GraphQLBigInt, GraphQLDateTime, GraphQLJSONObject, GraphQLUUID } from 'graphql-scalars';
import type { RequestLimits } from './config/index.js';
import type { GatewayContext } from './context-types.js';
import { badUserInput, ErrorCode, GatewayError } from './errors.js';
import type { Resolvers } from './generated/graphql.js';
import { listImages, unavailableSourceErrors } from './listing/index.js';
import type { AnyImageModel } from './models.js';
import type { SourceModule } from './sources/index.js';

/**
 * Resolves one global id through the request's loaders: null when the image
 * does not exist, an error for a bad id. `node`, `nodes` and the subgraph's
 * `_entities` (src/federation/) all read images this way.
 */
export async function resolveNode(
  context: GatewayContext,
  id: string,
  field: string,
  info?: GraphQLResolveInfo,
): Promise<AnyImageModel | null> {
  const ref = context.sources.decodeId(id, field);
  const instance = context.sources.pick(ref.provider, { region: ref.region, project: ref.project });
  return instance.loadImage(context, ref, info);
}

function coreResolvers(limits: RequestLimits): Resolvers {
  return {
    DateTime: GraphQLDateTime,
    BigInt: GraphQLBigInt,
    UUID: GraphQLUUID,
    JSONObject: GraphQLJSONObject,
    Node: { __resolveType: (node) => node.__typename },
    Image: { __resolveType: (image) => image.__typename },
    Mutation: {
      deleteImage: async (_root, { input }, context) => {
        const ref = context.sources.decodeId(input.id, 'input.id');
        const instance = context.sources.pick(ref.provider, { region: ref.region, project: ref.project });
        if (!instance.deleteImage) {
          throw new GatewayError(`${ref.provider} images cannot be deleted through the gateway`, {
            code: ErrorCode.BAD_USER_INPUT,
            provider: ref.provider,
            field: 'input.id',
          });
        }
        const force = input.force ?? false;
        const image = await instance.deleteImage(context, ref, { force });
        // A delete cannot be undone: say in the log which one happened, and where.
        context.logger.info(
          { provider: ref.provider, instance: instance.config.name, nativeId: ref.nativeId, force },
          'image deleted',
        );
        return { deletedId: input.id, image };
      },
    },
    Query: {
      images: async (_root, args, context, info) => {
        const listing = await listImages(context, args, limits);
        // Standalone clients read a failing source as an error on this field, as they always have.
        context.extraErrors.push(
          ...unavailableSourceErrors(listing.unavailableSources, responsePathAsArray(info.path)),
        );
        return listing;
      },
      node: (_root, { id }, context, info) => resolveNode(context, id, 'id', info),
      nodes: (_root, { ids }, context, info) => {
        if (ids.length > limits.maxNodeIds) {
          throw badUserInput(`nodes accepts at most ${limits.maxNodeIds} ids, got ${ids.length}`, 'ids');
        }
        // Every id is started in the same tick, so each source's DataLoader
        // sees them all in one batch and the sources run concurrently. The
        // list holds one promise per id: a bad id or a failing source rejects
        // its own item only, reported at that item's path. (The generated item
        // type, Maybe<Promise<T> | T>, has no room for a promise of null.)
        return ids.map((id, index) => resolveNode(context, id, `ids[${index}]`, info)) as Array<Promise<AnyImageModel>>;
      },
    },
  };
}

const isPlainObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** Merges resolver maps type by type (sources extend Query and Mutation). */
function mergeResolvers(maps: readonly Resolvers[]): Resolvers {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      const existing = merged[type];
      merged[type] = isPlainObject(existing) && isPlainObject(fields) ? { ...existing, ...fields } : fields;
    }
  }
  return merged;
}

export function buildResolvers(sources: readonly SourceModule[], limits: RequestLimits): Resolvers {
  return mergeResolvers([coreResolvers(limits), ...sources.map((source) => source.resolvers)]);
}
