// E-HPC's Query and Mutation fields and the EhpcImage field resolvers.
//
// An EhpcImage may have been read from ListImages only (the `images` listing,
// or a query whose fields ListImages answers) or from GetImage only. Fields
// the read did not cover are fetched here on demand, through the request's
// loaders (batched, deduped, cached), so every field is right whichever way
// the image was reached; `ehpcImage`/`node`/`nodes` choose their calls from
// the selection set up front, so for them these resolvers find what they need
// already on the model.

import type { GatewayContext } from '../../context-types.js';
import { badUserInput } from '../../errors.js';
import type { Resolvers } from '../../generated/graphql.js';
import { PROVIDER } from './api.js';
import { EhpcInstance } from './instance.js';
import { EHPC_STATE, type EhpcStatefulModel } from './model.js';
import { vendorCategory, vendorImageType } from './map.js';
import { needsOf, NO_NEEDS, PART_OF_FIELD, type EhpcField, type EhpcNeeds } from './selection.js';
import { addImageParams } from './validate.js';

/** A resolver for a field only one kind of answer has: read it, or fetch that part first. */
function lazy(field: EhpcField, part: keyof EhpcNeeds) {
  return async (parent: EhpcStatefulModel, _args: unknown, context: GatewayContext): Promise<unknown> => {
    const state = parent[EHPC_STATE];
    if (!state || state.has[part]) return parent[field];
    const full = await state.reader.resolveImage(context, state.key, { ...NO_NEEDS, [part]: true });
    if (full) return full[field];
    return field === 'status' ? 'UNKNOWN' : null;
  };
}

const imageFields = Object.fromEntries([...PART_OF_FIELD].map(([field, part]) => [field, lazy(field, part)]));

export const ehpcResolvers: Resolvers = {
  Query: {
    ehpcImage: async (_root, args, context, info) => {
      // Accepts the E-HPC image id or a global id of an E-HPC image.
      const ref = context.sources.refOf(args.imageId, PROVIDER, 'imageId');
      const imageId = ref?.nativeId ?? args.imageId;
      if (imageId.trim() === '') throw badUserInput('imageId must not be empty', 'imageId');
      if (args.additionalRegionIds?.some((region) => region.trim() === '')) {
        throw badUserInput('additionalRegionIds must not contain empty strings', 'additionalRegionIds');
      }
      const instance = context.sources.pickOf(EhpcInstance, PROVIDER, {
        region: args.region ?? (ref?.region || undefined),
      });
      return instance.resolveImage(
        context,
        {
          imageId,
          category: vendorCategory(args.imageCategory),
          type: vendorImageType(args.imageType),
          additionalRegionIds: args.additionalRegionIds ?? undefined,
        },
        needsOf(info),
      );
    },
  },
  Mutation: {
    addEhpcImage: async (_root, { input }, context) => {
      const params = addImageParams(input);
      const instance = context.sources.pickOf(EhpcInstance, PROVIDER, { region: input.region });
      return { image: await instance.addImage(context, params) };
    },
  },
  EhpcImage: imageFields,
};
