// Query.images: one newest-first listing over every configured source
// instance, the way a k-way merge of sorted files works: keep the head page
// of every stream (./stream.ts) in memory, repeatedly take the newest head
// (ties broken by global id, so the order is total and stable), and when a
// stream's page runs dry, read its next page.
//
// This is the only loop over upstream pages, and it runs under one budget
// (./budget.ts): when the calls are spent the connection returns what it
// found, with `hasNextPage` and an `endCursor` that resumes the scan where it
// stopped, never a silent end. Filters are pushed down by each source as far
// as its API allows; the merge applies the whole filter once more to what
// comes back (cheap, and right whatever a source could push down).

import type { RequestLimits } from '../config/index.js';
import type { GatewayContext } from '../context-types.js';
import { badUserInput } from '../errors.js';
import type { ImageFilter } from '../generated/graphql.js';
import { compareSortKeys, type ImageListFilter, matchesFilter } from '../sources/index.js';
import type { AnyImageModel } from '../models.js';
import { CallBudget } from './budget.js';
import { decodeCursor, encodeCursor, fingerprint, FRESH_STATE, type ListingKey, type StreamState } from './cursor.js';
import { Stream, type StreamReading } from './stream.js';
import type { UnavailableSource } from './unavailable.js';

export interface ListingResult {
  edges: Array<{ cursor: string; node: AnyImageModel }>;
  nodes: AnyImageModel[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number | null;
  /** The sources this page could not read (./unavailable.ts), in the streams' order. */
  unavailableSources: UnavailableSource[];
}

export interface ListingArgs {
  filter?: ImageFilter | null;
  first?: number | null;
  after?: string | null;
}

function listFilterOf(filter: ImageFilter): ImageListFilter {
  return {
    statuses: filter.status ?? undefined,
    architectures: filter.architecture ?? undefined,
    visibilities: filter.visibility ?? undefined,
    nameContains: filter.nameContains ?? undefined,
    createdAfter: filter.createdAfter ? new Date(filter.createdAfter) : undefined,
    createdBefore: filter.createdBefore ? new Date(filter.createdBefore) : undefined,
  };
}

/** The streams of the instances the filter selects, in a stable order (ties and cursors stay deterministic). */
function streamsFor(context: GatewayContext, filter: ImageFilter, states: ReadonlyMap<string, StreamState>): Stream[] {
  return context.sources.entries
    .filter(({ module, instance }) => {
      if (filter.providers?.length && !filter.providers.some((p) => p === module.provider)) return false;
      if (filter.regions?.length && !filter.regions.includes(instance.config.region)) return false;
      return typeof instance.listImages === 'function';
    })
    .map(({ instance }) => new Stream(instance, states.get(instance.config.name) ?? FRESH_STATE))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

export async function listImages(
  context: GatewayContext,
  args: ListingArgs,
  limits: Pick<RequestLimits, 'maxPageSize' | 'listCallBudget'>,
): Promise<ListingResult> {
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 0 || first > limits.maxPageSize) {
    throw badUserInput(`first must be from 0 to ${limits.maxPageSize}`, 'first');
  }
  const filter = args.filter ?? {};
  const filterPrint = fingerprint(filter);
  const resumed = args.after ? decodeCursor(args.after, filterPrint, limits.maxPageSize) : undefined;
  // Upstream page size: enough for this page from one source alone, plus one to
  // know if more follow; a resumed listing keeps the size it began with.
  const key: ListingKey = {
    filterPrint,
    pageSize: resumed?.pageSize ?? Math.min(Math.max(first + 1, 10), limits.maxPageSize + 1),
  };
  const streams = streamsFor(context, filter, resumed?.states ?? new Map());
  const budget = new CallBudget(limits.listCallBudget);
  const reading: StreamReading = { context, filter: listFilterOf(filter), pageSize: key.pageSize, budget };
  const cursorNow = () => encodeCursor(key, new Map(streams.map((s) => [s.name, s.state()] as const)));
  const readAll = (batch: Stream[]) => Promise.all(batch.map((s) => s.read(reading, budget.share(batch.length))));

  // Streams whose next image is unknown are read now, all at once; the others wait until their head is next.
  await readAll(streams.filter((s) => s.headUnknown));

  const edges: ListingResult['edges'] = [];
  let outOfBudget = false;
  while (edges.length < first) {
    // Refill streams whose page ran dry before choosing, so every live stream shows its head.
    const dry = streams.filter((s) => s.dry);
    if (dry.length > 0) {
      if (budget.exhausted) {
        outOfBudget = true;
        break;
      }
      await readAll(dry);
      continue;
    }
    let best: Stream | undefined;
    let bestKey: ReturnType<Stream['headKey']>;
    for (const stream of streams) {
      const head = stream.headKey();
      if (head && (!bestKey || compareSortKeys(head, bestKey) < 0)) {
        best = stream;
        bestKey = head;
      }
    }
    if (!best) break;
    if (best.waiting) {
      // Its head is next: read its page now (and choose again, in case the source changed since).
      if (budget.exhausted) {
        outOfBudget = true;
        break;
      }
      await readAll([best]);
      continue;
    }
    const image = best.take();
    if (matchesFilter(image, reading.filter)) edges.push({ cursor: cursorNow(), node: image });
  }

  const totalCount = streams.every((s) => typeof s.total === 'number')
    ? streams.reduce((sum, s) => sum + (s.total ?? 0), 0)
    : null;
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: streams.some((s) => s.open),
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      // The last edge's, as Relay has it; with no edge because the budget ran
      // out, where the scan stopped, so that the next request goes on from there.
      endCursor: edges.at(-1)?.cursor ?? (outOfBudget ? cursorNow() : (args.after ?? null)),
    },
    totalCount,
    unavailableSources: streams.flatMap((s) => (s.unavailable ? [s.unavailable] : [])),
  };
}
