// IMS's Query field. The ImsImage fields are plain properties of the mapped model.

import type { Resolvers } from '../../generated/graphql.js';
import { globalRefOf } from '../../ids.js';
import { ImsInstance } from './instance.js';

export const imsResolvers: Resolvers = {
  Query: {
    imsImage: async (_root, args, context) => {
      // Accepts the image's own id (a UUID) or the global id of an IMS image.
      const ref = globalRefOf(args.id, 'IMS', 'id');
      const instance = context.sources.pickOf(ImsInstance, 'IMS', {
        region: args.region ?? (ref?.region || undefined),
        project: ref?.project || undefined,
      });
      return instance.loadImage(context, {
        provider: 'IMS',
        region: instance.config.region,
        project: instance.config.project,
        nativeId: ref?.nativeId ?? args.id,
      });
    },
  },
};
