// The gateway's own writes invalidate the entity cache, whatever source they
// go to: every Mutation field (register, save, create, update, tags, delete,
// sync, addEhpcImage, and whatever a new source adds) is wrapped once, on the
// built schema, so no source has to remember it.
//
// Which instances: every one the caller can use (a mutation's arguments name
// its instance in a source's own way, and the caller's instances are a few).
// When: before the write, and again after it, whether it succeeded or not (a
// failed write may have changed something). The second one matters: a read
// on another replica that reached the cloud before the write landed recorded
// the generation it saw, and that generation is now an old one. Meanwhile the
// writing request itself reads past the cache, so that what its payload
// answers is what the write left.

import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context-types.js';
import type { EntityCache } from './entity-cache.js';

export function invalidateOnWrites(schema: GraphQLSchema, cache: EntityCache): void {
  if (!cache.enabled) return;
  const mutation = schema.getMutationType();
  if (!mutation) return;
  for (const field of Object.values(mutation.getFields())) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args, context: GatewayContext, info) => {
      const instances = context.sources.instances().map((instance) => instance.config.name);
      cache.markWriting(context);
      await cache.invalidate(instances);
      try {
        return await resolve(source, args, context, info);
      } finally {
        await cache.invalidate(instances);
      }
    };
  }
}
