// Subscription.imageChanged: the id is decoded and its instance picked when
// the subscription starts (a bad id or an unconfigured source is an error
// result, then the subscription completes), then the image's poller feeds it.
//
// The events resolve in the subscription's own context (graphql-js runs every
// event of an operation in one), but each poll reads through a fresh one, so
// no DataLoader cache outlives a read; sources read every watched field
// without a selection (SourceInstance.loadImage), so an event's fields need
// no read of their own.

import type { GatewayContext } from '../context-types.js';
import type { Resolvers } from '../generated/graphql.js';
import { credentialKeyOf } from './credential.js';
import type { WatchEvent } from './poller.js';
import type { ImageWatches } from './registry.js';

export interface WatchResolverDeps {
  watch: ImageWatches;
  /** A fresh request context for one poll, made with the subscriber's credentials. */
  pollContext: (subscriber: GatewayContext) => GatewayContext;
}

export function watchResolvers({ watch, pollContext }: WatchResolverDeps): Resolvers {
  return {
    Subscription: {
      imageChanged: {
        subscribe: (_root, { id }, context) => {
          const ref = context.sources.decodeId(id, 'id');
          const instance = context.sources.pick(ref.provider, { region: ref.region, project: ref.project });
          return watch.watch({
            instance,
            id,
            credentialKey: credentialKeyOf(context),
            read: async () => {
              const poll = pollContext(context);
              try {
                return await instance.loadImage(poll, ref);
              } finally {
                poll.end(); // a poll is a request of its own: its deadline timer goes with it
              }
            },
          });
        },
        // An error event fails this event only: its result carries the error, the subscription goes on.
        resolve: (event: WatchEvent) => {
          if (event.error) throw event.error;
          return event.image;
        },
      },
    },
  };
}
