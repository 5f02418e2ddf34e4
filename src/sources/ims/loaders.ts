// IMS loaders, one set per GraphQL request.
//
// Glance lists by id set (`GET /v2/images?id=in:a,b,…`), so every IMS id asked
// for during one tick of the event loop becomes one list call per chunk:
//
//   - a chunk holds at most `batchSize` ids (default 150) and at most
//     `maxIdQueryBytes` of encoded `id=in:` text: a real Glance answers 414 past
//     about 8 KB of request line (~200 UUIDs). `limit` is the chunk's size, so
//     every id asked for fits in the one page.
//   - only ids that look like UUIDs (what Glance and IMS ids are) go into a
//     list; anything else (commas or quotes would split or break the `in:`
//     list) is fetched on its own.
//   - a list answer is trusted only for the ids it returns. Glance skips ids
//     it does not find, and Huawei's IMS page does not document `id=in:` at
//     all, so an id the list did not return gets its own `GET /v2/images/{id}`
//     (which also finds what a list leaves out by design: community images,
//     shares not yet accepted). An answer holding images nobody asked for means
//     the endpoint ignored the filter: those are dropped, and the instance
//     stops list batching (see ImsBatchState).
//   - 414 splits the chunk in two and tries each half; a 400 (an endpoint that
//     rejects the operator) falls back to per-id GETs for that chunk.
//
// With batching off (IMS_BATCH_BY_ID=0) every distinct id is one GET. Either
// way GETs are deduped (DataLoader) and at most `concurrency` calls are in
// flight at once. A failure belongs to its ids alone.

import DataLoader from 'dataloader';
import pLimit from 'p-limit';
import { UpstreamError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { loaderBatch, type LoaderHooks } from '../../cache/index.js';
import { encodeRfc3986 } from '../../upstream/index.js';
import { RequestTooLong, type ImsApi, type ImsImageWire } from './api.js';

/** What the list may send: a UUID, in any case, with or without dashes. */
const LISTABLE_ID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Encoded length of `,` (`%2C`) between two ids, and of the `in:` prefix (`in%3A`). */
const SEPARATOR_BYTES = encodeRfc3986(',').length;
const PREFIX_BYTES = encodeRfc3986('in:').length;

interface ImsBatchOptions {
  /** List batching on (the per-endpoint setting). */
  batchById: boolean;
  /** Most ids in one `id=in:` list. */
  batchSize: number;
  /** Most bytes of encoded `in:` value in one list request. */
  maxIdQueryBytes: number;
  /** Most upstream calls in flight at once for one request. */
  concurrency: number;
}

/**
 * Per-instance state that outlives requests: whether the endpoint has shown
 * that it ignores `id=in:` (then lists are pointless and every id is a GET).
 */
export class ImsBatchState {
  idFilterIgnored = false;
  constructor(
    private readonly logger: Logger,
    private readonly instance: string,
  ) {}

  markIdFilterIgnored(): void {
    if (this.idFilterIgnored) return;
    this.idFilterIgnored = true;
    this.logger.warn(
      { provider: 'IMS', instance: this.instance },
      'the IMS endpoint ignores the id=in: list filter: fetching images one by one from now on (set IMS_BATCH_BY_ID=0 to skip the probe)',
    );
  }
}

export interface ImsLoaders {
  image: DataLoader<string, ImsImageWire | null>;
}

function isListableId(id: string): boolean {
  return LISTABLE_ID.test(id);
}

/** Splits ids into chunks of at most `batchSize` ids and `maxBytes` of encoded `in:` value. */
function chunkIds(ids: readonly string[], batchSize: number, maxBytes: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let bytes = PREFIX_BYTES;
  for (const id of ids) {
    const cost = encodeRfc3986(id).length + (current.length > 0 ? SEPARATOR_BYTES : 0);
    if (current.length > 0 && (current.length >= batchSize || bytes + cost > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = PREFIX_BYTES;
    }
    bytes += encodeRfc3986(id).length + (current.length > 0 ? SEPARATOR_BYTES : 0);
    current.push(id);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

type Slot = ImsImageWire | null | Error;

export function createImsLoaders(
  api: ImsApi,
  options: ImsBatchOptions,
  state: ImsBatchState,
  hooks: LoaderHooks,
): ImsLoaders {
  const limit = pLimit(options.concurrency);

  const getOne = (id: string): Promise<Slot> => limit(() => api.getImage(id)).catch((error: unknown) => error as Error);

  /** Lists one chunk; fills `found`, and `failed` for ids whose list call failed; returns ids left to GET. */
  async function listChunk(chunk: string[], found: Map<string, Slot>): Promise<string[]> {
    let page;
    try {
      page = await api.listImages({ id: `in:${chunk.join(',')}`, limit: chunk.length });
    } catch (error) {
      if (error instanceof RequestTooLong) {
        if (chunk.length === 1) return chunk;
        const half = Math.ceil(chunk.length / 2);
        const [left, right] = await Promise.all([
          listChunk(chunk.slice(0, half), found),
          listChunk(chunk.slice(half), found),
        ]);
        return [...left, ...right];
      }
      if (error instanceof UpstreamError && error.details.upstreamStatus === 400) return chunk;
      for (const id of chunk) found.set(id, error as Error);
      return [];
    }
    const asked = new Set(chunk);
    let unrelated = false;
    for (const image of page.images) {
      if (asked.has(image.id)) found.set(image.id, image);
      else unrelated = true;
    }
    if (unrelated) state.markIdFilterIgnored();
    return chunk.filter((id) => !found.has(id));
  }

  async function loadMany(ids: readonly string[]): Promise<Slot[]> {
    if (!options.batchById || state.idFilterIgnored) return Promise.all(ids.map(getOne));
    const found = new Map<string, Slot>();
    const listable = ids.filter(isListableId);
    const single = ids.filter((id) => !isListableId(id));
    const chunks = chunkIds(listable, options.batchSize, options.maxIdQueryBytes);
    const leftovers = await Promise.all(chunks.map((chunk) => limit(() => listChunk(chunk, found))));
    const toGet = [...single, ...leftovers.flat()];
    const fetched = await Promise.all(toGet.map(getOne));
    toGet.forEach((id, index) => found.set(id, fetched[index] ?? null));
    return ids.map((id) => found.get(id) ?? null);
  }

  return {
    image: new DataLoader<string, ImsImageWire | null>(loaderBatch(hooks, 'ims.image', String, loadMany)),
  };
}
