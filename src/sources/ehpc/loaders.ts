// E-HPC loaders, one set per GraphQL request.
//
// `listed` batches: every (category, type, id) asked for in one tick of the
// event loop is grouped by (category, type), and each group's distinct ids go
// to ListImages as one `ImageIds` JSON array per LIST_MAX_PAGE_SIZE ids (one
// page holds them all). Ids the answer leaves out do not exist (under that
// category/type): null.
//
// `detail` cannot batch (GetImage takes one ImageId): it dedupes by the full
// key (id, category, type, additional regions) and caps how many calls are in
// flight at once with the instance's `concurrency`, shared with `listed`.
//
// A failure belongs to its keys alone (the Error is returned in their slots),
// so one failing image or chunk does not fail its siblings.

import DataLoader from 'dataloader';
import pLimit from 'p-limit';
import { loaderBatch, type LoaderHooks } from '../../cache/index.js';
import { LIST_MAX_PAGE_SIZE, type EhpcApi, type EhpcImageWire, type EhpcListImagesItemWire } from './api.js';

export interface EhpcListKey {
  id: string;
  category?: string;
  type?: string;
}

export interface EhpcDetailKey extends EhpcListKey {
  additionalRegionIds?: readonly string[];
}

export interface EhpcListed {
  item: EhpcListImagesItemWire;
  requestId?: string;
}

export interface EhpcDetail {
  image: EhpcImageWire;
  requestId?: string;
}

export interface EhpcLoaders {
  listed: DataLoader<EhpcListKey, EhpcListed | null, string>;
  detail: DataLoader<EhpcDetailKey, EhpcDetail | null, string>;
}

const listKeyOf = (key: EhpcListKey) => JSON.stringify([key.category ?? null, key.type ?? null, key.id]);
const detailKeyOf = (key: EhpcDetailKey) =>
  JSON.stringify([key.category ?? null, key.type ?? null, key.id, key.additionalRegionIds ?? null]);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function createEhpcLoaders(api: EhpcApi, concurrency: number, hooks: LoaderHooks): EhpcLoaders {
  const limit = pLimit(concurrency);

  const listed = new DataLoader<EhpcListKey, EhpcListed | null, string>(
    loaderBatch(hooks, 'ehpc.listed', listKeyOf, async (keys) => {
      const results = new Map<string, EhpcListed | null | Error>();
      const groups = new Map<string, { category?: string; type?: string; ids: string[] }>();
      for (const key of keys) {
        const name = JSON.stringify([key.category ?? null, key.type ?? null]);
        const group = groups.get(name) ?? { category: key.category, type: key.type, ids: [] };
        if (!group.ids.includes(key.id)) group.ids.push(key.id);
        groups.set(name, group);
      }
      const calls: Promise<void>[] = [];
      for (const group of groups.values()) {
        for (const ids of chunks(group.ids, LIST_MAX_PAGE_SIZE)) {
          calls.push(
            limit(() =>
              api.listImages({
                imageIds: ids,
                imageCategory: group.category,
                imageType: group.type,
                pageNumber: 1,
                pageSize: LIST_MAX_PAGE_SIZE,
              }),
            ).then(
              (answer) => {
                const byId = new Map(answer.Images.map((item) => [item.ImageId, item]));
                for (const id of ids) {
                  const item = byId.get(id);
                  results.set(listKeyOf({ ...group, id }), item ? { item, requestId: answer.RequestId } : null);
                }
              },
              (error: unknown) => {
                for (const id of ids) results.set(listKeyOf({ ...group, id }), error as Error);
              },
            ),
          );
        }
      }
      await Promise.all(calls);
      return keys.map((key) => results.get(listKeyOf(key)) ?? null);
    }),
    { cacheKeyFn: listKeyOf, maxBatchSize: 1000 },
  );

  const detail = new DataLoader<EhpcDetailKey, EhpcDetail | null, string>(
    loaderBatch(hooks, 'ehpc.detail', detailKeyOf, (keys) =>
      Promise.all(
        keys.map((key) =>
          limit(() =>
            api.getImage({
              imageId: key.id,
              imageCategory: key.category,
              imageType: key.type,
              additionalRegionIds: key.additionalRegionIds,
            }),
          ).then(
            (answer) => (answer ? { image: answer.Image, requestId: answer.RequestId } : null),
            (error: unknown) => error as Error,
          ),
        ),
      ),
    ),
    { cacheKeyFn: detailKeyOf },
  );

  return { listed, detail };
}
