// E-HPC's Query field and the EhpcImage field resolvers.
//
// An EhpcImage may have been read from ListImages only (the `images` listing,
// or a query whose fields ListImages answers) or from GetImage only. Fields
// the read did not cover are fetched here on demand, through the request's
// loaders (batched, deduped, cached), so every field is right whichever way
// the image was reached; `ehpcImage`/`node`/`nodes` choose their calls from
// the selection set up front, so for them these resolvers find what they need
// already on the model.

import type { GatewayContext } from '../../context.js';
import { badUserInput } from '../../errors.js';
import type { Resolvers } from '../../generated/graphql.js';
import { globalRefOf } from '../../ids.js';
import { EHPC_STATE, EhpcInstance, type EhpcStatefulModel } from './instance.js';
import { vendorCategory, vendorImageType } from './map.js';
import { CATEGORY_FIELDS, DETAIL_FIELDS, LIST_FIELDS, needsOf, NO_NEEDS, type EhpcNeeds } from './selection.js';

type Group = keyof EhpcNeeds;

function lazy(field: string, group: Group) {
  return async (parent: EhpcStatefulModel, _args: unknown, context: GatewayContext) => {
    const state = parent[EHPC_STATE];
    if (!state || state.has[group]) return (parent as Record<string, unknown>)[field];
    const full = await state.instance.resolveImage(context, state.key, { ...NO_NEEDS, [group]: true });
    if (full) return (full as Record<string, unknown>)[field];
    return field === 'status' ? 'UNKNOWN' : null;
  };
}

const imageFields: Record<string, unknown> = {};
for (const [fields, group] of [
  [DETAIL_FIELDS, 'detail'],
  [LIST_FIELDS, 'list'],
  [CATEGORY_FIELDS, 'category'],
] as const) {
  for (const field of fields) imageFields[field] = lazy(field, group);
}

export const ehpcResolvers: Resolvers = {
  Query: {
    ehpcImage: async (_root, args, context, info) => {
      // Accepts the E-HPC image id or a global id of an E-HPC image.
      const ref = globalRefOf(args.imageId, 'EHPC', 'imageId');
      const imageId = ref?.nativeId ?? args.imageId;
      if (imageId.trim() === '') throw badUserInput('imageId must not be empty', 'imageId');
      if (args.additionalRegionIds?.some((region) => region.trim() === '')) {
        throw badUserInput('additionalRegionIds must not contain empty strings', 'additionalRegionIds');
      }
      const instance = context.sources.pickOf(EhpcInstance, 'EHPC', {
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
  EhpcImage: imageFields,
};
