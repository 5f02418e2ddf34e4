// The `images` cursor: the whole merge state after an edge, so that a later
// request resumes without reading every source again.
//
// For every instance it holds the position of the page its next image is in
// (the source's own opaque position), how many images of that page were
// already taken, that next image's sort key (its "head") when known, and the
// source's total when it reported one; `done` once the stream is exhausted.
// The upstream page size the listing began with is kept too: a position may
// be a page number, which names other images under another page size, and
// clients change `first` between pages. A fingerprint of the filter ties the
// cursor to the filter it was issued for.

import { badUserInput } from '../errors.js';
import type { ImageFilter } from '../generated/graphql.js';
import type { SortKey } from '../sources/index.js';

/** Where one instance's stream stands. */
export interface StreamState {
  done: boolean;
  position: string | null;
  skip: number;
  head: SortKey | null;
  total: number | null;
}

export const FRESH_STATE: StreamState = { done: false, position: null, skip: 0, head: null, total: null };

/** Encoded per instance: [0, total] when done, else [position, skip, total, headTime, headId] (head optional). */
type EncodedState =
  | [0, number | null]
  | [string | null, number, number | null]
  | [string | null, number, number | null, number | null, string];

interface CursorData {
  v: 2;
  /** The filter's fingerprint. */
  f: string;
  /** The upstream page size the listing began with. */
  p: number;
  /** Instance name → its stream state. */
  s: Record<string, EncodedState>;
}

/** A listing's identity: the filter it was issued for and its upstream page size. */
export interface ListingKey {
  filterPrint: string;
  pageSize: number;
}

export function fingerprint(filter: ImageFilter | null | undefined): string {
  const f = filter ?? {};
  const sorted = (list?: readonly string[] | null) => (list ? [...list].sort() : null);
  return JSON.stringify([
    sorted(f.providers),
    sorted(f.regions),
    sorted(f.status),
    sorted(f.architecture),
    sorted(f.visibility),
    f.nameContains ?? null,
    f.createdAfter ? new Date(f.createdAfter).toISOString() : null,
    f.createdBefore ? new Date(f.createdBefore).toISOString() : null,
  ]);
}

export function encodeCursor(key: ListingKey, states: ReadonlyMap<string, StreamState>): string {
  const s: CursorData['s'] = {};
  for (const [name, state] of states) {
    s[name] = state.done
      ? [0, state.total]
      : state.head
        ? [state.position, state.skip, state.total, state.head[0], state.head[1]]
        : [state.position, state.skip, state.total];
  }
  const data: CursorData = { v: 2, f: key.filterPrint, p: key.pageSize, s };
  return Buffer.from(JSON.stringify(data)).toString('base64url');
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isTotal = (value: unknown): value is number | null => value === null || isCount(value);

/** The state in `after`, or BAD_USER_INPUT on `after` when it is not a cursor of this listing. */
export function decodeCursor(
  after: string,
  filterPrint: string,
  maxPageSize: number,
): { pageSize: number; states: Map<string, StreamState> } {
  const invalid = () => badUserInput('after is not a cursor of this listing', 'after');
  let data: CursorData;
  try {
    data = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as CursorData;
  } catch {
    throw invalid();
  }
  if (
    !data ||
    typeof data !== 'object' ||
    data.v !== 2 ||
    typeof data.s !== 'object' ||
    data.s === null ||
    Array.isArray(data.s)
  ) {
    throw invalid();
  }
  if (data.f !== filterPrint) throw badUserInput('after was issued for a different filter', 'after');
  if (!Number.isInteger(data.p) || data.p < 1 || data.p > maxPageSize + 1) throw invalid();
  const states = new Map<string, StreamState>();
  for (const [name, value] of Object.entries(data.s)) {
    if (!Array.isArray(value)) throw invalid();
    if (value.length === 2 && value[0] === 0 && isTotal(value[1])) {
      states.set(name, { done: true, position: null, skip: 0, head: null, total: value[1] });
      continue;
    }
    const [position, skip, total, headTime, headId] = value as unknown[];
    if (!(typeof position === 'string' || position === null) || !isCount(skip) || !isTotal(total)) throw invalid();
    let head: SortKey | null = null;
    if (value.length === 5) {
      if (!(headTime === null || Number.isFinite(headTime)) || typeof headId !== 'string') throw invalid();
      head = [headTime as number | null, headId];
    } else if (value.length !== 3) throw invalid();
    states.set(name, { done: false, position, skip, head, total });
  }
  return { pageSize: data.p, states };
}
