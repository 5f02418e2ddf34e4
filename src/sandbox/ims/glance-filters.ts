// Glance v2's list filters (glance/api/v2/images.py, glance/common/utils.py):
// exact and ANDed; `in:` on id/name/status/container_format/disk_format; time
// operators on created_at/updated_at; size_min/size_max, tag, protected,
// visibility; any other parameter is a property filter (an unknown property
// matches nothing).

import { BadRequest } from './errors.js';
import type { ImsWireImage } from './types.js';

const IN_KEYS = new Set(['id', 'name', 'status', 'container_format', 'disk_format']);
const TIME_KEYS = new Set(['created_at', 'updated_at']);
const TIME_OPS = new Set(['gt', 'gte', 'lt', 'lte', 'eq', 'neq']);
const CORE_FIELDS = new Set(['owner', 'min_ram', 'min_disk', 'checksum', 'virtual_size', 'size']);
const VISIBILITIES = ['public', 'private', 'shared', 'community', 'all'];

export type ImageFilter = (image: ImsWireImage) => boolean;

/**
 * One (key, value) parameter of the query → a predicate. `idInSupported`
 * false emulates an endpoint that does not know `id=in:` and drops it.
 */
export function filterFor(key: string, raw: string, idInSupported: boolean): ImageFilter {
  if (key === 'visibility') {
    if (!VISIBILITIES.includes(raw)) throw new BadRequest(`Invalid visibility value: ${raw}`);
    return raw === 'all' ? () => true : (image) => image.visibility === raw;
  }
  if (key === 'tag') return (image) => Array.isArray(image.tags) && image.tags.includes(raw);
  if (key === 'protected') {
    if (raw !== 'true' && raw !== 'false') {
      throw new BadRequest(`Invalid value '${raw}' for 'protected' filter. Valid values are 'true' or 'false'.`);
    }
    return (image) => image.protected === (raw === 'true');
  }
  if (key === 'size_min' || key === 'size_max') {
    if (!/^\d+$/.test(raw)) throw new BadRequest(`${key} must be a non-negative integer`);
    const bound = Number(raw);
    return (image) =>
      typeof image.size === 'number' && (key === 'size_min' ? image.size >= bound : image.size <= bound);
  }
  if (TIME_KEYS.has(key)) return timeFilter(key, raw);
  if (IN_KEYS.has(key)) {
    const { op, value } = splitFilterOp(raw);
    if (op === 'in') {
      if (key === 'id' && !idInSupported) return () => true;
      const members = new Set(splitInList(value));
      return (image) => typeof image[key] === 'string' && members.has(image[key]);
    }
    if (op !== 'eq') throw new BadRequest('Unable to filter on a unknown operator.');
    return (image) => image[key] === value;
  }
  if (CORE_FIELDS.has(key)) {
    return (image) =>
      image[key] !== undefined &&
      image[key] !== null &&
      (typeof image[key] === 'string' ? image[key] : JSON.stringify(image[key])) === raw;
  }
  // Any other parameter is a property filter: exact, case-sensitive, on a string value.
  return (image) => typeof image[key] === 'string' && image[key] === raw;
}

function timeFilter(key: string, raw: string): ImageFilter {
  const { op, value } = splitFilterOp(raw);
  if (!TIME_OPS.has(op)) throw new BadRequest('Unable to filter on a unknown operator.');
  const threshold = parseIsoTime(value);
  if (threshold === undefined) throw new BadRequest(`Unable to filter on a non-ISO 8601 time: ${value}`);
  return (image) => {
    const at = typeof image[key] === 'string' ? parseIsoTime(image[key]) : undefined;
    if (at === undefined) return false;
    switch (op) {
      case 'gt':
        return at > threshold;
      case 'gte':
        return at >= threshold;
      case 'lt':
        return at < threshold;
      case 'lte':
        return at <= threshold;
      case 'eq':
        return at === threshold;
      default:
        return at !== threshold;
    }
  };
}

function parseIsoTime(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Glance's split_filter_op: `op:value`, except that an ISO time alone means eq. */
function splitFilterOp(expression: string): { op: string; value: string } {
  const colon = expression.indexOf(':');
  if (colon === -1) return { op: 'eq', value: expression };
  if (parseIsoTime(expression) !== undefined) return { op: 'eq', value: expression };
  return { op: expression.slice(0, colon), value: expression.slice(colon + 1) };
}

/** Glance's split_filter_value_for_quotes: comma list, double quotes protect commas. */
function splitInList(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i];
    if (ch === '"') {
      if (quoted) {
        quoted = false;
      } else if (current === '') {
        quoted = true;
        wasQuoted = true;
      } else {
        throw new BadRequest('Invalid filter value: the quotes are not closed.');
      }
      continue;
    }
    if (ch === '\\' && quoted && value[i + 1] === '"') {
      current += '"';
      i += 1;
      continue;
    }
    if (ch === ',' && !quoted) {
      out.push(current);
      current = '';
      wasQuoted = false;
      continue;
    }
    current += ch;
  }
  if (quoted) throw new BadRequest('Invalid filter value: the quotes are not closed.');
  if (current !== '' || wasQuoted || out.length > 0) out.push(current);
  return out;
}
