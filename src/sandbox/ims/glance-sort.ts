// Glance v2's list order (glance/api/v2/images.py, glance/db): sort_key and
// sort_dir (each repeatable), or the newer sort=key:dir,…, never both; default
// created_at desc; created_at and id appended as tie-breakers so that paging
// by marker is stable.

import { BadRequest } from './errors.js';
import type { ImsWireImage } from './types.js';

const SORT_KEYS = ['name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at', 'updated_at'];

export interface SortSpec {
  keys: string[];
  dirs: Array<'asc' | 'desc'>;
}

export function parseSort(query: URLSearchParams): SortSpec {
  const sort = query.getAll('sort');
  const sortKeys = query.getAll('sort_key');
  const sortDirs = query.getAll('sort_dir');
  const keys: string[] = [];
  const dirs: Array<'asc' | 'desc'> = [];
  const checkKey = (key: string) => {
    if (!SORT_KEYS.includes(key)) {
      throw new BadRequest(`Invalid sort key: ${key}. It must be one of the following: ${SORT_KEYS.join(', ')}.`);
    }
  };
  const checkDir = (dir: string): 'asc' | 'desc' => {
    if (dir !== 'asc' && dir !== 'desc') throw new BadRequest(`Invalid sort direction: ${dir}`);
    return dir;
  };
  if (sort.length > 0) {
    if (sortKeys.length > 0 || sortDirs.length > 0) {
      throw new BadRequest('Old and new sorting syntax cannot be combined');
    }
    for (const item of sort.join(',').split(',')) {
      const [key = '', dir = 'desc'] = item.trim().split(':');
      checkKey(key.trim());
      keys.push(key.trim());
      dirs.push(checkDir(dir.trim()));
    }
  } else {
    for (const key of sortKeys) {
      checkKey(key);
      keys.push(key);
    }
    const given = sortDirs.map(checkDir);
    if (keys.length === 0) keys.push('created_at');
    if (given.length === 0) dirs.push(...keys.map(() => 'desc' as const));
    else if (given.length === 1) dirs.push(...keys.map(() => given[0] ?? 'desc'));
    else if (given.length === keys.length) dirs.push(...given);
    else throw new BadRequest('Number of sort dirs does not match the number of sort keys');
  }
  const defaultDir = dirs[0] ?? 'desc';
  for (const tie of ['created_at', 'id']) {
    if (!keys.includes(tie)) {
      keys.push(tie);
      dirs.push(defaultDir);
    }
  }
  return { keys, dirs };
}

export function comparator(spec: SortSpec): (a: ImsWireImage, b: ImsWireImage) => number {
  return (a, b) => {
    for (let i = 0; i < spec.keys.length; i += 1) {
      const key = spec.keys[i] ?? 'id';
      const c = compareValues(a[key], b[key]);
      if (c !== 0) return spec.dirs[i] === 'asc' ? c : -c;
    }
    return 0;
  };
}

function compareValues(a: unknown, b: unknown): number {
  const na = a === undefined || a === null;
  const nb = b === undefined || b === null;
  if (na && nb) return 0;
  if (na) return -1; // NULL sorts first ascending, as in SQL
  if (nb) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
