// IMS's Query field. The ImsImage fields are plain properties of the mapped model.

import { badUserInput } from '../../errors.js';
import type { Resolvers } from '../../generated/graphql.js';
import { tryDecodeGlobalId } from '../../ids.js';
import { ImsInstance } from './instance.js';

export const imsResolvers: Resolvers = {
  Query: {
    imsImage: async (_root, args, context) => {
      // Accepts the image's own id (a UUID) or the global id of an IMS image.
      const ref = tryDecodeGlobalId(args.id);
      if (ref && ref.provider !== 'IMS') {
        throw badUserInput(`id is the global id of an ${ref.provider} image, not an IMS one`, 'id');
      }
      const instance = context.sources.pick('IMS', {
        region: args.region ?? (ref?.region || undefined),
        project: ref?.project || undefined,
      });
      if (!(instance instanceof ImsInstance)) throw new Error('IMS instance of the wrong class');
      return instance.loadImage(context, {
        provider: 'IMS',
        region: instance.config.region,
        project: instance.config.project,
        nativeId: ref?.nativeId ?? args.id,
      }) as never;
    },
  },
};
