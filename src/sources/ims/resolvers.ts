// IMS's Query and Mutation fields. The ImsImage fields are plain properties of
// the mapped model. Every mutation is one write and then one read of the image
// through the request's loaders (ImsInstance.reloadImage), so what it answers
// is mapped by the same code as any read.

import type { GatewayContext } from '../../context-types.js';
import type { Resolvers } from '../../generated/graphql.js';
import { imsNotFound, PROVIDER } from './api.js';
import { createImageRequest, updateImagePatch } from './inputs.js';
import { ImsInstance } from './instance.js';
import { validateCreateInput, validateTagInput, validateUpdateInput } from './validate.js';

/** The instance an image id (its UUID or its global id) belongs to, and its UUID. */
function imageTarget(context: GatewayContext, id: string, region: string | null | undefined, field: string) {
  const ref = context.sources.refOf(id, PROVIDER, field);
  const instance = context.sources.pickOf(ImsInstance, PROVIDER, {
    region: region ?? (ref?.region || undefined),
    project: ref?.project || undefined,
  });
  return { instance, nativeId: ref?.nativeId ?? id };
}

export const imsResolvers: Resolvers = {
  Query: {
    imsImage: async (_root, args, context) => {
      const { instance, nativeId } = imageTarget(context, args.id, args.region, 'id');
      return instance.loadImage(context, {
        provider: PROVIDER,
        region: instance.config.region,
        project: instance.config.project,
        nativeId,
      });
    },
  },
  Mutation: {
    createImsImage: async (_root, { input }, context) => {
      validateCreateInput(input);
      const instance = context.sources.pickOf(ImsInstance, PROVIDER, { region: input.region });
      const id = await instance.apiFor(context).createImage(createImageRequest(input));
      return { image: await instance.reloadImage(context, id) };
    },
    updateImsImage: async (_root, { input }, context) => {
      validateUpdateInput(input);
      const { instance, nativeId } = imageTarget(context, input.id, input.region, 'input.id');
      await instance.apiFor(context).updateImage(nativeId, updateImagePatch(input));
      return { image: await instance.reloadImage(context, nativeId) };
    },
    addImsImageTag: async (_root, { input }, context) => {
      validateTagInput(input);
      const { instance, nativeId } = imageTarget(context, input.id, input.region, 'input.id');
      await instance.apiFor(context).addTag(nativeId, input.tag);
      return { image: await instance.reloadImage(context, nativeId) };
    },
    removeImsImageTag: async (_root, { input }, context) => {
      validateTagInput(input);
      const { instance, nativeId } = imageTarget(context, input.id, input.region, 'input.id');
      const removed = await instance.apiFor(context).removeTag(nativeId, input.tag);
      const image = await instance.reloadImage(context, nativeId);
      // A 404 does not say whether the image or the tag is missing: the read does.
      if (!removed && image) {
        throw imsNotFound(
          `IMS image ${nativeId} has no tag ${JSON.stringify(input.tag)}`,
          instance.config.region,
          'input.tag',
        );
      }
      if (!removed) throw imsNotFound(`no IMS image ${nativeId}`, instance.config.region, 'input.id');
      return { image };
    },
  },
};
