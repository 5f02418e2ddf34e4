// IMS's Query field. The ImsImage fields are plain properties of the mapped model.

import type { Resolvers } from '../../generated/graphql.js';
import { PROVIDER } from './api.js';
import { ImsInstance } from './instance.js';

export const imsResolvers: Resolvers = {
  Query: {
    imsImage: async (_root, args, context) => {
      // Accepts the image's own id (a UUID) or the global id of an IMS image.
      const ref = context.sources.refOf(args.id, PROVIDER, 'id');
      const instance = context.sources.pickOf(ImsInstance, PROVIDER, {
        region: args.region ?? (ref?.region || undefined),
        project: ref?.project || undefined,
      });
      return instance.loadImage(context, {
        provider: PROVIDER,
        region: instance.config.region,
        project: instance.config.project,
        nativeId: ref?.nativeId ?? args.id,
      });
    },
  },
};
