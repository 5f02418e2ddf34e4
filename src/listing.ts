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
// position of the page its next image is in, and how many images of that page
// were already taken. Resuming fetches each unfinished stream's current page
// again (it was only partly consumed) and skips what was taken; pages that were
// consumed whole are never read again. Because the state is per instance and
// positions are the sources' own, a page of 20 across three sources costs about
// one upstream list call per source, and paging to the end returns each image
// exactly once.
//
// Filters are pushed down by each source as far as its API allows; the merge
// applies the whole filter once more to what comes back (cheap, and it keeps
// the result right whatever a source could or could not push down).
//
// A source that fails is dropped from this page and reported as an error on
// the `images` path (added to the response by reportSourceError); its cursor
// state is kept so that a later page can try it again.

import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from './context.js';
import { badUserInput, GatewayError, ErrorCode } from './errors.js';
import type { ImageFilter } from './generated/graphql.js';
import type { ImageListFilter, ImageModel, SourceInstance } from './sources/types.js';

/** Where one instance's stream stands: the page to read and how much of it is taken; null once exhausted. */
type StreamState = { position: string | null; skip: number } | null;

interface CursorData {
  v: 1;
  /** A fingerprint of the filter the listing began with: a cursor is valid only with the same filter. */
  f: string;
  /** Instance name → its stream state. */
  s: Record<string, [string | null, number] | 0>;
}

export interface ListingResult {
  edges: Array<{ cursor: string; node: ImageModel }>;
  nodes: ImageModel[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number | null;
}

/** Errors to add to the response beside data (a failing source in a listing). */
export function reportSourceError(context: GatewayContext, error: GraphQLFormattedError): void {
  (context as GatewayContext & { extraErrors?: GraphQLFormattedError[] }).extraErrors ??= [];
  (context as GatewayContext & { extraErrors: GraphQLFormattedError[] }).extraErrors.push(error);
}

export function extraErrorsOf(context: GatewayContext): GraphQLFormattedError[] {
  return (context as GatewayContext & { extraErrors?: GraphQLFormattedError[] }).extraErrors ?? [];
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

function encodeCursor(filterPrint: string, states: Map<string, StreamState>): string {
  const s: CursorData['s'] = {};
  for (const [name, state] of states) s[name] = state === null ? 0 : [state.position, state.skip];
  return Buffer.from(JSON.stringify({ v: 1, f: filterPrint, s } satisfies CursorData)).toString('base64url');
}

function decodeCursor(after: string, filterPrint: string): Map<string, StreamState> {
  let data: CursorData;
  try {
    data = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput('after is not a cursor of this listing', 'after');
  }
  if (!data || data.v !== 1 || typeof data.s !== 'object' || data.s === null) {
    throw badUserInput('after is not a cursor of this listing', 'after');
  }
  if (data.f !== filterPrint) throw badUserInput('after was issued for a different filter', 'after');
  const states = new Map<string, StreamState>();
  for (const [name, value] of Object.entries(data.s)) {
    if (value === 0) states.set(name, null);
    else if (Array.isArray(value) && (typeof value[0] === 'string' || value[0] === null) && Number.isInteger(value[1]) && value[1] >= 0) {
      states.set(name, { position: value[0], skip: value[1] });
    } else throw badUserInput('after is not a cursor of this listing', 'after');
  }
  return states;
}

/** Newest first; no date sorts last; ties by global id. */
export function compareNewestFirst(a: ImageModel, b: ImageModel): number {
  const ta = a.createdAt ? new Date(a.createdAt).getTime() : -Infinity;
  const tb = b.createdAt ? new Date(b.createdAt).getTime() : -Infinity;
  if (ta !== tb) return tb - ta;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The whole filter, applied to a mapped image. */
export function matchesFilter(image: ImageModel, filter: ImageListFilter): boolean {
  if (filter.statuses?.length && !filter.statuses.includes(image.status as string)) return false;
  if (filter.architectures?.length && !filter.architectures.includes(image.architecture as string)) return false;
  if (filter.visibilities?.length && !filter.visibilities.includes(image.visibility as string)) return false;
  if (filter.nameContains) {
    const name = typeof image.name === 'string' ? image.name.toLowerCase() : '';
    if (!name.includes(filter.nameContains.toLowerCase())) return false;
  }
  const created = image.createdAt ? new Date(image.createdAt).getTime() : undefined;
  if (filter.createdAfter && !(created !== undefined && created > filter.createdAfter.getTime())) return false;
  if (filter.createdBefore && !(created !== undefined && created < filter.createdBefore.getTime())) return false;
  return true;
}

/** One instance's stream during a merge. */
interface Stream {
  instance: SourceInstance;
  /** Position of the page `buffer` came from. */
  position: string | null;
  /** Images of that page taken so far (counting filtered-out ones). */
  taken: number;
  buffer: ImageModel[];
  next: string | null;
  /** True when the source has nothing after `buffer`. */
  exhausted: boolean;
  failed: boolean;
  totalCount: number | null | undefined;
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
  const states = args.after ? decodeCursor(args.after, print) : new Map<string, StreamState>();

  const instances = context.sources.entries
    .filter(({ module, instance }) => {
      if (filter.providers?.length && !filter.providers.includes(module.provider)) return false;
      if (filter.regions?.length && !filter.regions.includes(instance.config.region)) return false;
      return typeof instance.listImages === 'function';
    })
    .map((entry) => entry.instance);

  // Upstream page size: enough for this page from one source alone, plus one to know if more follow.
  const pageSize = Math.min(Math.max(first + 1, 10), maxPageSize + 1);

  const fetchPage = async (stream: Stream, position: string | null, skip: number): Promise<void> => {
    try {
      const page = await stream.instance.listImages!(context, listFilter, position, pageSize);
      stream.position = position;
      stream.taken = skip;
      stream.buffer = page.images.slice(skip);
      stream.next = page.next;
      stream.exhausted = page.next === null;
      stream.totalCount = page.totalCount;
    } catch (error) {
      stream.failed = true;
      stream.buffer = [];
      const details = error instanceof GatewayError ? error.details : { code: ErrorCode.INTERNAL_SERVER_ERROR };
      context.logger.warn({ source: stream.instance.config.name, code: details.code }, 'source failed during images listing');
      reportSourceError(context, {
        message:
          error instanceof GatewayError
            ? `${stream.instance.config.provider} (${stream.instance.config.region || 'default region'}) failed: ${error.message}`
            : `${stream.instance.config.provider} (${stream.instance.config.region || 'default region'}) failed`,
        path: ['images'],
        extensions: {
          ...(error instanceof GatewayError ? (error.extensions as Record<string, unknown>) : { code: ErrorCode.INTERNAL_SERVER_ERROR }),
          provider: stream.instance.config.provider,
          region: stream.instance.config.region || undefined,
          source: stream.instance.config.name,
        },
      });
    }
  };

  const streams: Stream[] = [];
  await Promise.all(
    instances.map(async (instance) => {
      const state = states.has(instance.config.name) ? states.get(instance.config.name)! : { position: null, skip: 0 };
      const stream: Stream = { instance, position: null, taken: 0, buffer: [], next: null, exhausted: state === null, failed: false, totalCount: null };
      streams.push(stream);
      if (state !== null) await fetchPage(stream, state.position, state.skip);
    }),
  );
  // A stable order of streams keeps ties and cursors deterministic.
  streams.sort((a, b) => (a.instance.config.name < b.instance.config.name ? -1 : 1));

  const stateOf = (stream: Stream): StreamState => {
    if (stream.failed) return states.get(stream.instance.config.name) ?? { position: null, skip: 0 };
    if (stream.buffer.length > 0) return { position: stream.position, skip: stream.taken };
    return stream.exhausted ? null : { position: stream.next, skip: 0 };
  };
  const snapshot = () => new Map(streams.map((s) => [s.instance.config.name, stateOf(s)] as const));

  const edges: ListingResult['edges'] = [];
  while (edges.length < first) {
    // Refill streams whose page ran dry before choosing, so every live stream shows its head.
    await Promise.all(
      streams
        .filter((s) => !s.failed && s.buffer.length === 0 && !s.exhausted)
        .map((s) => fetchPage(s, s.next, 0)),
    );
    let best: Stream | undefined;
    for (const stream of streams) {
      if (stream.failed || stream.buffer.length === 0) continue;
      if (!best || compareNewestFirst(stream.buffer[0], best.buffer[0]) < 0) best = stream;
    }
    if (!best) break;
    const image = best.buffer.shift()!;
    best.taken += 1;
    if (!matchesFilter(image, listFilter)) continue;
    edges.push({ cursor: encodeCursor(print, snapshot()), node: image });
  }

  const hasNextPage = streams.some((s) => !s.failed && (s.buffer.length > 0 || !s.exhausted));
  const totals = streams.map((s) => s.totalCount);
  const totalCount =
    totals.every((t) => typeof t === 'number') && streams.every((s) => !s.failed)
      ? (totals as number[]).reduce((sum, t) => sum + t, 0)
      : null;
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? (args.after ?? null),
    },
    totalCount,
  };
}
