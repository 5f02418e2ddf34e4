// ListImage: `GET /v1/{project_id}/images` (docs/vendor-notes.md §2). Filters by name
// (fuzzy by default), namespace, service_type, type and workspace_id; sorts by
// one or more of create_at, update_at, name (default create_at DESC), ties by
// id; pages with offset/limit (default 200) into {current, data, pages, size, total}.

import { ParameterError, sortNotSupported } from '../errors.js';
import { ok, type ModelArtsHandler } from '../handler.js';
import { booleanParam, enumParam, intParam } from '../params.js';
import type { ModelArtsImageList } from '../types.js';
import { IMAGE_TYPES, SERVICE_TYPES, SORT_KEYS } from '../vocabulary.js';

export const listImages: ModelArtsHandler = ({ request: { query }, requestId, store }) => {
  const limit = intParam(query, 'limit', 200, 1);
  const offset = intParam(query, 'offset', 0, 0);
  const sortDirRaw = query.get('sort_dir') ?? 'DESC';
  const sortDir = sortDirRaw.toUpperCase();
  if (sortDir !== 'ASC' && sortDir !== 'DESC') {
    throw new ParameterError(`sort_dir must be ASC or DESC, got '${sortDirRaw}'`);
  }
  const sortKeys = (query.get('sort_key') || 'create_at')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  if (!sortKeys.every((key) => (SORT_KEYS as readonly string[]).includes(key))) return sortNotSupported(requestId);
  const fuzzy = booleanParam(query, 'name_fuzzy_match') ?? true;
  const serviceType = enumParam(query, 'service_type', SERVICE_TYPES);
  const type = enumParam(query, 'type', IMAGE_TYPES);
  const name = query.get('name');
  const namespace = query.get('namespace');
  const workspaceId = query.get('workspace_id');

  const all = store.images().filter((image) => {
    if (name !== null && name !== '') {
      const actual = image.name ?? '';
      if (fuzzy ? !actual.toLowerCase().includes(name.toLowerCase()) : actual !== name) return false;
    }
    if (namespace !== null && namespace !== '' && image.namespace !== namespace) return false;
    if (serviceType !== undefined && image.service_type !== serviceType) return false;
    if (type !== undefined && image.type !== type) return false;
    if (workspaceId !== null && workspaceId !== '' && (image.workspace_id ?? '0') !== workspaceId) return false;
    return true;
  });
  const sign = sortDir === 'ASC' ? 1 : -1;
  all.sort((a, b) => {
    for (const key of sortKeys) {
      const c = compareField(a[key], b[key]);
      if (c !== 0) return sign * c;
    }
    return sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
  const body: ModelArtsImageList = {
    current: Math.floor(offset / limit),
    data: all.slice(offset, offset + limit),
    pages: Math.ceil(all.length / limit),
    size: limit,
    total: all.length,
  };
  return ok(body, requestId);
};

/** Missing values first; numbers as numbers; anything else as text. */
function compareField(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
