// Live status: watched images, their pollers, and Subscription.imageChanged.
// What others may use.

export { MAX_WATCH_INTERVAL_MS, PollBackoff } from './backoff.js';
export { credentialKeyOf, GATEWAY_CREDENTIAL_KEY } from './credential.js';
export { TERMINAL_STATUSES, type WatchEvent } from './poller.js';
export { WatchRegistry, type ImageWatches, type WatchRegistryOptions, type WatchRequest } from './registry.js';
export { SharedWatchRegistry } from './shared.js';
export { watchResolvers, type WatchResolverDeps } from './resolvers.js';
