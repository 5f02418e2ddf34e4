// ModelArts loaders, one set per GraphQL request.
//
// ModelArts has no "get many by id" call (ListImage filters by name, not id),
// so the image loader cannot batch: what it does is dedupe and cap. Every
// (project, id) pair asked for during one tick of the event loop is collected
// by DataLoader; each distinct pair becomes exactly one GET, and at most
// `concurrency` of them are in flight at once so that one wide query cannot
// flood the endpoint (or trip its rate limit). The per-request cache then
// answers repeated asks (five aliases of one image: one GET).
//
// A failure belongs to its key alone: the batch function returns the Error in
// that key's slot, so one missing or failing image does not fail its siblings.

import DataLoader from 'dataloader';
import pLimit from 'p-limit';
import { loaderBatch, type LoaderHooks } from '../../cache/index.js';
import type { ModelArtsApi, ModelArtsImageWire } from './api.js';

export interface ModelArtsImageKey {
  projectId: string;
  id: string;
}

export interface ModelArtsLoaders {
  image: DataLoader<ModelArtsImageKey, ModelArtsImageWire | null, string>;
}

const modelArtsKeyOf = (key: ModelArtsImageKey) => `${key.projectId}\u0000${key.id}`;

export function createModelArtsLoaders(api: ModelArtsApi, concurrency: number, hooks: LoaderHooks): ModelArtsLoaders {
  const limit = pLimit(concurrency);
  return {
    image: new DataLoader(
      loaderBatch(hooks, 'modelarts.image', modelArtsKeyOf, (keys: readonly ModelArtsImageKey[]) =>
        Promise.all(
          keys.map((key) => limit(() => api.getImage(key.projectId, key.id)).catch((error: unknown) => error as Error)),
        ),
      ),
      { cacheKeyFn: modelArtsKeyOf },
    ),
  };
}
