// Querying Images (Native OpenStack API): `GET /v2/images` (docs/vendor-notes.md §3)
// with Glance v2's semantics (glance/api/v2/images.py, glance/db): limit
// default 25, max 1000 (larger values are clamped); marker = an image id that
// must exist (else 400); order as in ../glance-sort.ts, filters as in
// ../glance-filters.ts; member_status for shared images; `next` whenever a page
// is full. Answers {images, first, schema, next?}.

import { BadRequest, imsHeaders } from '../errors.js';
import { filterFor, type ImageFilter } from '../glance-filters.js';
import { listLink } from '../glance-links.js';
import { comparator, parseSort } from '../glance-sort.js';
import type { ImsHandler } from '../handler.js';
import type { ImsImageList } from '../types.js';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;
/** Parameters that are not filters. */
const RESERVED = new Set(['limit', 'marker', 'sort_key', 'sort_dir', 'sort', 'member_status']);
const MEMBER_STATUSES = ['accepted', 'pending', 'rejected', 'all'];

export const listImages: ImsHandler = ({ request: { query }, requestId, store, settings }) => {
  const params = [...query.entries()];

  const limitRaw = query.get('limit');
  let limit = DEFAULT_LIMIT;
  if (limitRaw !== null) {
    if (!/^-?\d+$/.test(limitRaw.trim())) throw new BadRequest('limit param must be an integer');
    limit = Number(limitRaw.trim());
    if (limit < 0) throw new BadRequest('limit param must be positive');
    limit = Math.min(limit, MAX_LIMIT);
  }
  const spec = parseSort(query);
  const memberStatus = query.get('member_status') ?? 'accepted';
  if (!MEMBER_STATUSES.includes(memberStatus)) throw new BadRequest(`Invalid status: ${memberStatus}`);

  const predicates: ImageFilter[] = [];
  for (const [key, value] of params) {
    if (!RESERVED.has(key)) predicates.push(filterFor(key, value, settings.idInSupported));
  }
  // A shared image of another project is listed when its membership matches; the
  // sandbox project has accepted every share.
  if (memberStatus !== 'accepted' && memberStatus !== 'all') {
    predicates.push((image) => !(image.visibility === 'shared' && image.owner !== store.projectId));
  }

  const compare = comparator(spec);
  let candidates = store
    .all()
    .filter(store.visible)
    .filter((image) => predicates.every((p) => p(image)));
  candidates.sort(compare);

  const markerId = query.get('marker');
  if (markerId !== null) {
    const marker = store.get(markerId);
    if (!marker || !store.visible(marker)) throw new BadRequest(`Image with identifier ${markerId} not found`);
    candidates = candidates.filter((image) => compare(image, marker) > 0);
  }
  const page = candidates.slice(0, limit);

  const withoutMarker = params.filter(([key]) => key !== 'marker');
  const body: ImsImageList = {
    images: page.map((image) => structuredClone(image)),
    first: listLink(withoutMarker),
    schema: '/v2/schemas/images',
  };
  const last = page[page.length - 1];
  if (limit > 0 && page.length === limit && last) body.next = listLink([...withoutMarker, ['marker', last.id]]);
  return { status: 200, headers: imsHeaders(requestId), body };
};
