// The entity cache under a source's DataLoaders, without giving every
// source's loaders a cache parameter. The context builds an instance's loaders
// inside `buildingCachedLoaders(view, …)`, and a loader's batch function,
// wrapped by `cachedBatch(name, …)` as the loader is constructed, keeps the
// view current at that moment. With the cache off there is no view and the
// batch function is returned as it is: not one call more per request.
//
// The wrapped batch looks every key up at once (one read of the shared
// state), answers the hits and stale entries, and hands only the misses to
// the source's batch function, in one batch: batching and deduplication stay
// the loader's. What it answers for the misses is stored (not errors, not
// null: see ./entity-cache.ts); each stale entry gets one background refresh.

import type DataLoader from 'dataloader';
import { measuredBatch, type BatchObserver } from '../observability/batches.js';
import type { CacheView } from './entity-cache.js';

// Private: the view of the loaders being built right now.
let current: CacheView | undefined;

/** Runs `build` (a source's createLoaders) so that the loaders it makes read and fill `view`. */
export function buildingCachedLoaders<T>(view: CacheView | undefined, build: () => T): T {
  const previous = current;
  current = view;
  try {
    return build();
  } finally {
    current = previous;
  }
}

/**
 * A loader's batch function under the entity cache, for the loader `name`
 * (`ims.image`); `keyOf` turns a key into text (the loader's cacheKeyFn, for
 * object keys; strings are their own).
 */
export function cachedBatch<K, V>(
  name: string,
  batch: DataLoader.BatchLoadFn<K, V>,
  keyOf: (key: K) => string = (key) => String(key),
): DataLoader.BatchLoadFn<K, V> {
  const view = current;
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
 * `observer` (the context's `observeBatch`, see measuredBatch) and its keys
 * under the entity cache (cachedBatch). `keyOf` is the loader's cacheKeyFn
 * (strings: `String`).
 */
export function loaderBatch<K, V>(
  observer: BatchObserver | undefined,
  name: string,
  keyOf: (key: K) => string,
  batch: DataLoader.BatchLoadFn<K, V>,
): DataLoader.BatchLoadFn<K, V> {
  return measuredBatch(observer, name, cachedBatch(name, batch, keyOf));
}
