// A source's list pages (`images`) under the entity cache: one entry per
// instance, caller (./entity-cache.ts) and page request (filter, position,
// page size, call budget), invalidated with the instance's generation like
// every entry. Any source with `listImages` gets it; the listing reads its
// pages through here.

import type { ImageListPage, ListPageRequest, SourceInstance } from '../sources/index.js';
import { encodeCached } from './codec.js';

/** `instance.listImages(request)`, answered from the cache when it can be. */
export async function cachedListPage(instance: SourceInstance, request: ListPageRequest): Promise<ImageListPage> {
  const read = () => instance.listImages!(request);
  const view = request.context.entityCache?.viewFor(request.context, instance);
  if (!view) return read();
  const key = encodeCached([request.filter, request.position, request.pageSize, request.maxCalls]);
  const {
    found: [lookup],
    generation,
  } = await view.lookup<ImageListPage>('list', [key]);
  if (lookup.outcome !== 'miss') {
    if (lookup.outcome === 'stale') view.refreshInBackground('list', key, read);
    return lookup.value;
  }
  const page = await read();
  await view.store('list', key, page, generation);
  return page;
}
