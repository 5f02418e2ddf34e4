// The entity cache: what others may use. ./entity-cache.ts says how it works.

export { decodeCached, encodeCached } from './codec.js';
export { CacheView, EntityCache } from './entity-cache.js';
export { cachedListPage } from './list-cache.js';
export { cachedBatch, loaderBatch, type LoaderHooks } from './loader-cache.js';
export { invalidateOnWrites } from './writes.js';
