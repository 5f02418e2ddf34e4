// E-HPC's page of the cross-source `images` listing.
//
// ListImages answers pages by number, with fewer fields than GetImage: no
// Status, Size, specs, document or regions, and no category. So a filter on
// status or architecture (detail fields) can only be applied after a GetImage
// per listed image, and a visibility filter spanning both categories after
// asking which ids are Public and which Custom. Those lookups are what makes
// a page expensive, and the listing's budget bounds them: one call reads the
// ListImages page, and then at most `maxCalls - 1` lookups complete as many of
// its images, in order. When they cannot all be completed, the page is
// resumed later inside itself: the position is then `page+skip` (the page
// number and how many of its images were already examined), so a resumed
// read costs one ListImages again and goes on where the last one stopped.

import pLimit from 'p-limit';
import { badUserInput } from '../../errors.js';
import { compareNewestFirst, matchesFilter } from '../filter.js';
import type { ImageListPage, ListPageRequest } from '../types.js';
import { LIST_MAX_PAGE_SIZE, type EhpcApi, type EhpcListImagesItemWire } from './api.js';
import { CATEGORIES, mapEhpcImage } from './map.js';
import { attachState, type EhpcImageReader, type EhpcStatefulModel } from './model.js';

/** Where a listing stands in ListImages: a page number, and how many of its images were examined. */
interface Position {
  page: number;
  skip: number;
}

const POSITION = /^([1-9]\d{0,8})(?:\+(\d{1,4}))?$/;

function parsePosition(position: string | null): Position {
  if (position === null) return { page: 1, skip: 0 };
  const match = POSITION.exec(position);
  if (!match) throw badUserInput('after is not a cursor of this listing', 'after');
  return { page: Number(match[1]), skip: Number(match[2] ?? 0) };
}

const positionText = ({ page, skip }: Position) => (skip === 0 ? String(page) : `${page}+${skip}`);

/** What a page's images must be completed with before the filter can be applied. */
interface Completion {
  /** GetImage per image: the filter reads status or architecture. */
  detail: boolean;
  /** Which ids are Public and which Custom: the filter reads visibility, over both categories. */
  category: boolean;
}

/** The instance whose page is read. */
interface EhpcListingTarget {
  api: EhpcApi;
  region: string;
  project: string;
  concurrency: number;
  /** Reads the listed images again when a field needs what the listing did not read. */
  reader: EhpcImageReader;
}

export async function listEhpcPage(target: EhpcListingTarget, request: ListPageRequest): Promise<ImageListPage> {
  const { filter, pageSize, maxCalls } = request;
  const at = parsePosition(request.position);
  const api = target.api.within(request.scope);

  // Categories are pushed down when the visibilities name exactly one (PUBLIC → Public, PRIVATE → Custom).
  const visibilities = filter.visibilities?.length ? filter.visibilities : ['PUBLIC', 'PRIVATE'];
  const wanted = CATEGORIES.filter((c) => visibilities.includes(c === 'Public' ? 'PUBLIC' : 'PRIVATE'));
  if (wanted.length === 0) return { images: [], next: null, totalCount: 0 };
  const category = wanted.length === 1 ? wanted[0] : undefined;
  const needs: Completion = {
    detail: Boolean(filter.statuses?.length || filter.architectures?.length),
    category: Boolean(filter.visibilities?.length) && !category,
  };
  const everythingPushed =
    !needs.detail && !needs.category && !filter.nameContains && !filter.createdAfter && !filter.createdBefore;

  const size = Math.max(1, Math.min(pageSize, LIST_MAX_PAGE_SIZE));
  const answer = await api.listImages({ imageCategory: category, pageNumber: at.page, pageSize: size });
  const total = typeof answer.TotalCount === 'number' ? answer.TotalCount : undefined;
  const more = answer.Images.length === size && (total === undefined || at.page * size < total);

  // What the budget left after the list call pays for: the category lookups, then one GetImage per image
  // (at least one image, so that a listing always moves on).
  const lookups = Math.max(0, maxCalls - 1 - (needs.category ? wanted.length : 0));
  const items = answer.Images.slice(at.skip, needs.detail ? at.skip + Math.max(1, lookups) : undefined);
  const examined = at.skip + items.length;

  const categoryOf = needs.category ? await categoriesOf(api, items) : () => category;
  const limit = pLimit(target.concurrency);
  const models = await Promise.all(
    items.map(async (item) => {
      const itemCategory = categoryOf(item.ImageId);
      if (needs.category && !itemCategory) return null; // in neither category: gone since it was listed
      const listed = { item, requestId: answer.RequestId };
      let detail = null;
      if (needs.detail) {
        const got = await limit(() =>
          api.getImage({ imageId: item.ImageId, imageCategory: itemCategory, imageType: item.ImageType }),
        );
        if (!got) return null; // removed since it was listed
        detail = { image: got.Image, requestId: got.RequestId };
      }
      const model: EhpcStatefulModel = mapEhpcImage(
        { imageId: item.ImageId, listed, detail, category: itemCategory },
        { region: target.region, project: target.project },
      );
      attachState(model, {
        reader: target.reader,
        key: { imageId: item.ImageId, category: itemCategory, type: item.ImageType },
        has: { detail: detail !== null, list: true, category: itemCategory !== undefined },
      });
      return model;
    }),
  );
  const images = models
    .filter((model): model is EhpcStatefulModel => model !== null && matchesFilter(model, filter))
    .sort(compareNewestFirst);
  const next =
    examined < answer.Images.length
      ? positionText({ page: at.page, skip: examined })
      : more
        ? positionText({ page: at.page + 1, skip: 0 })
        : null;
  return { images, next, totalCount: everythingPushed ? (total ?? null) : null };
}

/** Which category each of `items` is in, from one ListImages by ImageIds per category. */
async function categoriesOf(
  api: EhpcApi,
  items: readonly EhpcListImagesItemWire[],
): Promise<(id: string) => string | undefined> {
  const ids = items.map((item) => item.ImageId);
  if (ids.length === 0) return () => undefined;
  const found = new Map<string, string>();
  for (const category of CATEGORIES) {
    const answer = await api.listImages({
      imageIds: ids,
      imageCategory: category,
      pageNumber: 1,
      pageSize: LIST_MAX_PAGE_SIZE,
    });
    for (const item of answer.Images) if (!found.has(item.ImageId)) found.set(item.ImageId, category);
  }
  return (id) => found.get(id);
}
