// The entity cache under a source's DataLoaders. The context hands an
// instance's `createLoaders` the request's loader hooks (its batch observer
// and, with the cache on, its view of the cache for that instance), and each
// loader's batch function is wrapped by `loaderBatch(hooks, name, …)`. With
// the cache off there is no view and the batch function is returned as it
// is: not one call more per request.
//
// The wrapped batch looks every key up at once (one read of the shared
// state), answers the hits and stale entries, and hands only the misses to
// the source's batch function, in one batch: batching and deduplication stay
// the loader's. What it answers for the misses is stored (not errors, not
// null: see ./entity-cache.ts); each stale entry gets one background refresh.

import type DataLoader from 'dataloader';
import { measuredBatch, type BatchObserver } from '../observability/batches.js';
import type { CacheView } from './entity-cache.js';

/** What the context lends a source's loaders for one request (see SourceInstance.createLoaders). */
export interface LoaderHooks {
  /** Hears each batch's size (metrics). */
  observeBatch?: BatchObserver;
  /** The request's view of the entity cache for this instance; absent with the cache off. */
  cache?: CacheView;
}

/**
 * A loader's batch function under the entity cache, for the loader `name`
 * (`ims.image`); `keyOf` turns a key into text (the loader's cacheKeyFn, for
 * object keys; strings are their own).
 */
export function cachedBatch<K, V>(
  view: CacheView | undefined,
  name: string,
  batch: DataLoader.BatchLoadFn<K, V>,
  keyOf: (key: K) => string = (key) => String(key),
): DataLoader.BatchLoadFn<K, V> {
  if (!view) return batch;
  return async (keys) => {
    const texts = keys.map(keyOf);
    const { found, generation } = await view.lookup<V>(name, texts);
    const answers: (V | Error)[] = new Array<V | Error>(keys.length);
    const missed: number[] = [];
    found.forEach((lookup, index) => {
      if (lookup.outcome === 'miss') {
        missed.push(index);
        return;
      }
      answers[index] = lookup.value;
      if (lookup.outcome === 'stale') {
        const key = keys[index];
        view.refreshInBackground(name, texts[index], async () => (await batch([key]))[0]);
      }
    });
    if (missed.length === 0) return answers;
    const loaded = await batch(missed.map((index) => keys[index]));
    const stores: Promise<void>[] = [];
    missed.forEach((index, at) => {
      const value = loaded[at];
      answers[index] = value;
      if (value !== null && value !== undefined && !(value instanceof Error)) {
        stores.push(view.store(name, texts[index], value, generation));
      }
    });
    // Stored before answering: the next request, on any replica, finds it.
    await Promise.all(stores);
    return answers;
  };
}

/**
 * The batch function of a source's loader `name`: its batch sizes reported to
 * the hooks' observer (see measuredBatch) and its keys under the hooks' view
 * of the entity cache (cachedBatch). `keyOf` is the loader's cacheKeyFn
 * (strings: `String`).
 */
export function loaderBatch<K, V>(
  hooks: LoaderHooks,
  name: string,
  keyOf: (key: K) => string,
  batch: DataLoader.BatchLoadFn<K, V>,
): DataLoader.BatchLoadFn<K, V> {
  return measuredBatch(hooks.observeBatch, name, cachedBatch(hooks.cache, name, batch, keyOf));
}
