// The list filter and order every source and the cross-source merge share:
// one definition of "matches" and of "newest first", so that a source's own
// page and the merged connection can never disagree about either.

import type { ImageListFilter, ImageModel } from './types.js';

const timeOf = (image: ImageModel): number | undefined =>
  image.createdAt ? new Date(image.createdAt).getTime() : undefined;

/** The whole filter, applied to a mapped image. */
export function matchesFilter(image: ImageModel, filter: ImageListFilter): boolean {
  if (filter.statuses?.length && !filter.statuses.includes(image.status)) return false;
  if (filter.architectures?.length && !(image.architecture && filter.architectures.includes(image.architecture)))
    return false;
  if (filter.visibilities?.length && !(image.visibility && filter.visibilities.includes(image.visibility)))
    return false;
  if (filter.nameContains) {
    const name = typeof image.name === 'string' ? image.name.toLowerCase() : '';
    if (!name.includes(filter.nameContains.toLowerCase())) return false;
  }
  const created = timeOf(image);
  if (filter.createdAfter && !(created !== undefined && created > filter.createdAfter.getTime())) return false;
  if (filter.createdBefore && !(created !== undefined && created < filter.createdBefore.getTime())) return false;
  return true;
}

/** The sort key of the listing order: createdAt in ms (null: none) and the global id. */
export type SortKey = [number | null, string];

export const sortKeyOf = (image: ImageModel): SortKey => [timeOf(image) ?? null, image.id];

/** Newest first by sort key; no date sorts last; ties by global id. */
export function compareSortKeys([ta, ia]: SortKey, [tb, ib]: SortKey): number {
  const a = ta ?? -Infinity;
  const b = tb ?? -Infinity;
  if (a !== b) return b - a;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/** Newest first; no date sorts last; ties by global id. */
export function compareNewestFirst(a: ImageModel, b: ImageModel): number {
  return compareSortKeys(sortKeyOf(a), sortKeyOf(b));
}
