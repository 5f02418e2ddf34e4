// DataLoader batch sizes, for the `image_gateway_dataloader_batch_size`
// histogram. A source's loaders are built per request by its
// `createLoaders(context)`; the context carries the request's batch observer
// (`context.observeBatch`), and a loader's batch function, wrapped by
// `measuredBatch(observer, name, …)`, reports each batch to it. A loader made
// without an observer (a unit test's) measures nothing.

import type DataLoader from 'dataloader';

/** Hears the number of keys of every batch a request's loaders dispatch. */
export type BatchObserver = (loader: string, size: number) => void;

/** A loader's batch function that reports each batch's size to `observer`, under the loader's `name` (`ims.image`). */
export function measuredBatch<K, V>(
  observer: BatchObserver | undefined,
  name: string,
  batch: DataLoader.BatchLoadFn<K, V>,
): DataLoader.BatchLoadFn<K, V> {
  if (!observer) return batch;
  return (keys) => {
    observer(name, keys.length);
    return batch(keys);
  };
}
