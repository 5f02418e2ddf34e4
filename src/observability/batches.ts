// DataLoader batch sizes, for the `image_gateway_dataloader_batch_size`
// histogram, without giving every source's loaders a metrics parameter.
//
// A source's loaders are built per request, synchronously, by its
// `createLoaders(context)`, and only the context knows the gateway they serve.
// So the context builds them inside `buildingLoaders(observer, …)`, and a
// loader's batch function, wrapped by `measuredBatch(name, …)` as the loader
// is constructed, keeps the observer that was current at that moment. Outside
// `buildingLoaders` (a loader made in a unit test) nothing is measured. A
// loader made later, asynchronously, would not be measured either: loaders
// are made in createLoaders.

import type DataLoader from 'dataloader';

/** Hears the number of keys of every batch a request's loaders dispatch. */
export type BatchObserver = (loader: string, size: number) => void;

// Private: the observer of the loaders being built right now.
let current: BatchObserver | undefined;

/** Runs `build` (a source's createLoaders) so that the loaders it makes report to `observer`. */
export function buildingLoaders<T>(observer: BatchObserver | undefined, build: () => T): T {
  const previous = current;
  current = observer;
  try {
    return build();
  } finally {
    current = previous;
  }
}

/** A loader's batch function that reports each batch's size, under the loader's `name` (`ims.image`). */
export function measuredBatch<K, V>(name: string, batch: DataLoader.BatchLoadFn<K, V>): DataLoader.BatchLoadFn<K, V> {
  const observer = current;
  if (!observer) return batch;
  return (keys) => {
    observer(name, keys.length);
    return batch(keys);
  };
}
