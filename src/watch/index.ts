// Live status: watched images, their pollers, and Subscription.imageChanged.
// What others may use.

export { PollBackoff } from './backoff.js';
export type { WatchEvent } from './poller.js';
export { WatchRegistry, type ImageWatches } from './registry.js';
export { SharedWatchRegistry } from './shared.js';
export { watchResolvers } from './resolvers.js';
