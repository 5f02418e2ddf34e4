// ListImages (the SDK's ListImagesRequest, docs/vendor-notes.md §4). Where the vendor
// is silent: no ImageType = both types; ImageIds/ImageNames are exact-match
// filters (unknown ids are simply absent); Mode is accepted and ignored (its
// values are undocumented); PageNumber defaults to 1 (≥ 1), PageSize to 10
// (1..100; outside that, 400 InvalidParams); a page past the end is empty.
// Order: CreateTime newest first, ties by ImageId ascending.

import { ok, type EhpcHandler } from '../handler.js';
import { CATEGORIES, integer, oneOf, stringArray, TYPES } from '../params.js';
import { listItemView } from '../views.js';

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;

export const listImages: EhpcHandler = ({ params, store, requestId }) => {
  const category = oneOf(params, 'ImageCategory', CATEGORIES);
  const type = oneOf(params, 'ImageType', TYPES);
  const ids = stringArray(params, 'ImageIds');
  const names = stringArray(params, 'ImageNames');
  const pageNumber = integer(params, 'PageNumber', 1, 1, 1_000_000_000);
  const pageSize = integer(params, 'PageSize', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  const idSet = ids && new Set(ids);
  const nameSet = names && new Set(names);
  const matching = store
    .all()
    .filter(
      (image) =>
        (!category || image.ImageCategory === category) &&
        (!type || image.ImageType === type) &&
        (!idSet || idSet.has(image.ImageId)) &&
        (!nameSet || nameSet.has(image.Name)),
    );
  const start = (pageNumber - 1) * pageSize;
  return ok(requestId, {
    Success: true,
    TotalCount: matching.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    Images: matching.slice(start, start + pageSize).map(listItemView),
  });
};
