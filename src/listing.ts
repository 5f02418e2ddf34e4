// Query.images: one newest-first listing over every configured source instance.
//
// Each source lists its own images newest first, a page at a time, from a
// position only it understands (a ModelArts offset, a Glance marker, an E-HPC
// page number). This file merges those streams the way a k-way merge of sorted
// files works: keep the head page of every stream in memory, repeatedly take
// the newest head (ties broken by global id, so the order is total and
// stable), and when a stream's page runs dry, fetch its next page.
//
// The cursor is the whole merge state after an edge: for every instance, the
// position of the page its next image is in, how many images of that page were
// already taken, that next image's sort key (its "head"), and the source's
// total when it reported one. Resuming does not read every source again: a
// stream whose head is known is fetched only when that head would be the next
// edge, so a source that contributes nothing to a page costs no call. A
// stream's current page, when only partly consumed, is read again (the cursor
// holds positions, not images) and what was taken is skipped; pages consumed
// whole are never read again. So paging to the end reads each source's pages
// about once (at most twice: once partly, once to finish them) and returns
// each image exactly once.
//
// The upstream page size is fixed by the first request of a listing and kept
// in the cursor: a position may be a page number (E-HPC), which names other
// images under another page size, and clients change `first` between pages.
//
// Filters are pushed down by each source as far as its API allows; the merge
// applies the whole filter once more to what comes back (cheap, and it keeps
// the result right whatever a source could or could not push down).
//
// A source that fails is dropped from this page and reported as an error on
// the `images` path (in context.extraErrors); its cursor
// state is kept so that a later page can try it again.

import type { GatewayContext } from './context.js';
import { badUserInput, GatewayError, ErrorCode } from './errors.js';
import type { ImageFilter } from './generated/graphql.js';
import { compareSortKeys, matchesFilter, sortKeyOf, type SortKey } from './sources/filter.js';
import type { ImageListFilter, ImageModel, SourceInstance } from './sources/types.js';

/** The sort key of a stream's next image. */
type HeadKey = SortKey;

/**
 * Where one instance's stream stands: the page to read, how much of it is
 * taken, the next image's sort key when known, and the source's total when it
 * reported one. `done` once the stream is exhausted.
 */
interface StreamState {
  done: boolean;
  position: string | null;
  skip: number;
  head: HeadKey | null;
  total: number | null;
}

/** Encoded per instance: [0, total] when done, else [position, skip, total, headTime, headId] (head optional). */
type EncodedState =
  | [0, number | null]
  | [string | null, number, number | null]
  | [string | null, number, number | null, number | null, string];

interface CursorData {
  v: 2;
  /** A fingerprint of the filter the listing began with: a cursor is valid only with the same filter. */
  f: string;
  /** The upstream page size the listing began with. */
  p: number;
  /** Instance name → its stream state. */
  s: Record<string, EncodedState>;
}

export interface ListingResult {
  edges: Array<{ cursor: string; node: ImageModel }>;
  nodes: ImageModel[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number | null;
}

function fingerprint(filter: ImageFilter | null | undefined): string {
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

function encodeCursor(filterPrint: string, pageSize: number, states: Map<string, StreamState>): string {
  const s: CursorData['s'] = {};
  for (const [name, state] of states) {
    s[name] = state.done
      ? [0, state.total]
      : state.head
        ? [state.position, state.skip, state.total, state.head[0], state.head[1]]
        : [state.position, state.skip, state.total];
  }
  return Buffer.from(JSON.stringify({ v: 2, f: filterPrint, p: pageSize, s } satisfies CursorData)).toString(
    'base64url',
  );
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isTotal = (value: unknown): value is number | null => value === null || isCount(value);

function decodeCursor(
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
    let head: HeadKey | null = null;
    if (value.length === 5) {
      if (!(headTime === null || Number.isFinite(headTime)) || typeof headId !== 'string') throw invalid();
      head = [headTime as number | null, headId];
    } else if (value.length !== 3) throw invalid();
    states.set(name, { done: false, position, skip, head, total });
  }
  return { pageSize: data.p, states };
}

/** Rounds of refilling dry streams one request may do (each round reads every dry stream's next page at once). */
const MAX_REFILLS_PER_REQUEST = 25;

/** One instance's stream during a merge. */
interface Stream {
  instance: SourceInstance;
  /** False while the stream is known only from the cursor (its page not read in this request). */
  loaded: boolean;
  /** Position of the page `buffer` came from (or, not loaded, of the page to read). */
  position: string | null;
  /** Images of that page taken so far (counting filtered-out ones). */
  taken: number;
  /** Not loaded: the sort key of the stream's next image, from the cursor (null: unknown, read it now). */
  head: HeadKey | null;
  buffer: ImageModel[];
  next: string | null;
  /** True when the source has nothing after `buffer`. */
  exhausted: boolean;
  failed: boolean;
  /** The state the request began with (kept for a source that fails). */
  initial: StreamState;
  totalCount: number | null;
}

export async function listImages(
  context: GatewayContext,
  args: { filter?: ImageFilter | null; first?: number | null; after?: string | null },
  maxPageSize: number,
): Promise<ListingResult> {
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 0 || first > maxPageSize) {
    throw badUserInput(`first must be from 0 to ${maxPageSize}`, 'first');
  }
  const filter = args.filter ?? {};
  const listFilter: ImageListFilter = {
    statuses: filter.status ?? undefined,
    architectures: filter.architecture ?? undefined,
    visibilities: filter.visibility ?? undefined,
    nameContains: filter.nameContains ?? undefined,
    createdAfter: filter.createdAfter ? new Date(filter.createdAfter) : undefined,
    createdBefore: filter.createdBefore ? new Date(filter.createdBefore) : undefined,
  };
  const print = fingerprint(filter);
  // Upstream page size: enough for this page from one source alone, plus one to
  // know if more follow; a resumed listing keeps the size it began with.
  const resumed = args.after ? decodeCursor(args.after, print, maxPageSize) : undefined;
  const pageSize = resumed?.pageSize ?? Math.min(Math.max(first + 1, 10), maxPageSize + 1);
  const states = resumed?.states ?? new Map<string, StreamState>();

  const instances = context.sources.entries
    .filter(({ module, instance }) => {
      if (filter.providers?.length && !filter.providers.includes(module.provider)) return false;
      if (filter.regions?.length && !filter.regions.includes(instance.config.region)) return false;
      return typeof instance.listImages === 'function';
    })
    .map((entry) => entry.instance);

  const fetchPage = async (stream: Stream, position: string | null, skip: number): Promise<void> => {
    try {
      const page = await stream.instance.listImages!(context, listFilter, position, pageSize);
      stream.loaded = true;
      stream.position = position;
      stream.taken = skip;
      stream.buffer = page.images.slice(skip);
      stream.next = page.next;
      stream.exhausted = page.next === null;
      stream.totalCount = typeof page.totalCount === 'number' ? page.totalCount : null;
    } catch (error) {
      // A position the source refuses comes from a tampered cursor: the client's
      // mistake, reported on `after` for the whole field, not as a failing source.
      const known = error instanceof GatewayError ? error : undefined;
      if (known?.details.code === ErrorCode.BAD_USER_INPUT && known.details.field === 'after') throw error;
      stream.failed = true;
      stream.buffer = [];
      const { provider, region, name } = stream.instance.config;
      context.logger.warn(
        { source: name, code: known?.details.code ?? ErrorCode.INTERNAL_SERVER_ERROR },
        'source failed during images listing',
      );
      const label = `${provider} (${region || 'default region'}) failed`;
      context.extraErrors.push({
        message: known ? `${label}: ${known.message}` : label,
        path: ['images'],
        extensions: {
          ...(known ? known.extensions : { code: ErrorCode.INTERNAL_SERVER_ERROR }),
          provider,
          region: region || undefined,
          source: name,
        },
      });
    }
  };

  const fresh: StreamState = { done: false, position: null, skip: 0, head: null, total: null };
  const streams: Stream[] = instances
    .map((instance) => {
      const state = states.get(instance.config.name) ?? fresh;
      return {
        instance,
        loaded: false,
        position: state.position,
        taken: state.skip,
        head: state.head,
        buffer: [],
        next: null,
        exhausted: state.done,
        failed: false,
        initial: state,
        totalCount: state.total,
      } satisfies Stream;
    })
    // A stable order of streams keeps ties and cursors deterministic.
    .sort((a, b) => (a.instance.config.name < b.instance.config.name ? -1 : 1));
  // Streams whose next image is unknown are read now, all at once; the others wait until their head is next.
  await Promise.all(
    streams.filter((s) => !s.exhausted && s.head === null).map((s) => fetchPage(s, s.position, s.taken)),
  );

  const stateOf = (stream: Stream): StreamState => {
    const total = stream.totalCount;
    if (stream.failed) return stream.initial;
    if (!stream.loaded)
      return stream.exhausted
        ? { ...stream.initial, total }
        : { done: false, position: stream.position, skip: stream.taken, head: stream.head, total };
    if (stream.buffer.length > 0)
      return { done: false, position: stream.position, skip: stream.taken, head: sortKeyOf(stream.buffer[0]), total };
    return stream.exhausted
      ? { done: true, position: null, skip: 0, head: null, total }
      : { done: false, position: stream.next, skip: 0, head: null, total };
  };
  const snapshot = () => new Map(streams.map((s) => [s.instance.config.name, stateOf(s)] as const));
  /** The sort key of a stream's next image; undefined when it has none (or failed). */
  const headKey = (stream: Stream): HeadKey | undefined => {
    if (stream.failed) return undefined;
    if (!stream.loaded) return stream.exhausted ? undefined : (stream.head ?? undefined);
    return stream.buffer.length > 0 ? sortKeyOf(stream.buffer[0]) : undefined;
  };

  const edges: ListingResult['edges'] = [];
  // A source may answer a page with nothing that passes the gateway-side filter
  // (and a \`next\`): such pages are read on, within a budget per request.
  let refills = 0;
  while (edges.length < first) {
    // Refill loaded streams whose page ran dry before choosing, so every live stream shows its head.
    const dry = streams.filter((s) => s.loaded && !s.failed && s.buffer.length === 0 && !s.exhausted);
    if (dry.length > 0) {
      if (refills >= MAX_REFILLS_PER_REQUEST) break;
      refills += 1;
      await Promise.all(dry.map((s) => fetchPage(s, s.next, 0)));
    }
    let best: Stream | undefined;
    let bestKey: HeadKey | undefined;
    for (const stream of streams) {
      const key = headKey(stream);
      if (key && (!bestKey || compareSortKeys(key, bestKey) < 0)) {
        best = stream;
        bestKey = key;
      }
    }
    if (!best) {
      // Nothing to show yet, but a stream read an empty page and has more: read on.
      if (streams.some((s) => s.loaded && !s.failed && s.buffer.length === 0 && !s.exhausted)) continue;
      break;
    }
    if (!best.loaded) {
      // Its head is next: read its page now (and choose again, in case the source changed since).
      await fetchPage(best, best.position, best.taken);
      continue;
    }
    const image = best.buffer.shift()!;
    best.taken += 1;
    if (!matchesFilter(image, listFilter)) continue;
    edges.push({ cursor: encodeCursor(print, pageSize, snapshot()), node: image });
  }

  const hasNextPage = streams.some((s) => headKey(s) !== undefined || (!s.failed && !s.exhausted));
  const totalCount = streams.every((s) => !s.failed && typeof s.totalCount === 'number')
    ? streams.reduce((sum, s) => sum + (s.totalCount as number), 0)
    : null;
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? args.after ?? null,
    },
    totalCount,
  };
}
