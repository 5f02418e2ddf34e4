// One configured IMS (Glance v2) endpoint/account: its upstream client and
// API, how an image is loaded by reference within a request, and its list.

import type { SourceInstanceConfig } from '../../config.js';
import type { GatewayContext } from '../../context.js';
import type { ImageRef } from '../../ids.js';
import type { Logger } from '../../logger.js';
import { upstreamClientFor } from '../../upstream/auth/index.js';
import type { UpstreamClient } from '../../upstream/http-client.js';
import { encodePathSegment } from '../../upstream/paths.js';
import { matchesFilter } from '../filter.js';
import type { ImageListFilter, ImageListPage, SourceInstance } from '../types.js';
import { ImsApi, PROVIDER, type ImsListQuery } from './api.js';
import { createImsLoaders, ImsBatchState, type ImsLoaders } from './loaders.js';
import { IMS_STATUS, IMS_VISIBILITY, mapImsImage, type ImsImageModel } from './map.js';

/** Per-instance options (env IMS_BATCH_BY_ID, IMS_BATCH_SIZE; or `options` in the config file). */
export interface ImsOptions {
  batchById: boolean;
  batchSize: number;
}

/** Bytes of encoded `id=in:` value per list call: ~180 UUIDs, well under Glance's ~8 KB request line. */
const MAX_ID_QUERY_BYTES = 7000;
/** Glance's largest page. */
const MAX_PAGE = 1000;
/** Upstream pages one listImages call reads at most while the gateway-side filter rejects everything. */
const MAX_PAGES_PER_CALL = 5;

export class ImsInstance implements SourceInstance<ImsLoaders> {
  readonly api: ImsApi;
  readonly options: ImsOptions;
  private readonly client: UpstreamClient;
  private readonly batchState: ImsBatchState;

  constructor(
    readonly config: SourceInstanceConfig,
    logger: Logger,
  ) {
    this.options = config.options as unknown as ImsOptions;
    this.client = upstreamClientFor(PROVIDER, config, logger);
    this.api = new ImsApi(this.client, config.region);
    this.batchState = new ImsBatchState(logger, config.name);
  }

  createLoaders(): ImsLoaders {
    return createImsLoaders(
      this.api,
      {
        batchById: this.options.batchById,
        batchSize: this.options.batchSize,
        maxIdQueryBytes: MAX_ID_QUERY_BYTES - new URL(this.config.endpoint).pathname.length,
        concurrency: this.config.concurrency,
      },
      this.batchState,
    );
  }

  private where() {
    return { region: this.config.region, projectId: this.config.project };
  }

  async loadImage(context: GatewayContext, ref: ImageRef): Promise<ImsImageModel | null> {
    // Refuse what cannot be a path segment ('', '.', '..', > 1024 chars) before anything is sent.
    encodePathSegment(ref.nativeId, 'id');
    const wire = await context.loadersFor(this).image.load(ref.nativeId);
    return wire && mapImsImage(wire, this.where());
  }

  /**
   * `GET /v2/images` newest first (`sort_key=created_at&sort_dir=desc`; Glance
   * appends `id` in the same direction as the tie-breaker), from a marker (the
   * position: the last image id of the previous upstream page). Pushed down:
   * status (as Glance's words, `in:` for several), one visibility, and
   * `created_at=gt:` (or `lt:` when only an upper bound is given). Everything
   * else, and every pushed-down condition once more (an endpoint may ignore a
   * filter), is applied here. When the filter rejects a whole page, up to
   * MAX_PAGES_PER_CALL pages are read so that a page is rarely empty; the
   * result depends only on the position, so re-reading it gives the same page.
   */
  async listImages(
    _context: GatewayContext,
    filter: ImageListFilter,
    position: string | null,
    pageSize: number,
  ): Promise<ImageListPage> {
    const limit = Math.max(1, Math.min(MAX_PAGE, Math.trunc(pageSize)));
    const query: ImsListQuery = { limit, sort_key: 'created_at', sort_dir: 'desc', ...pushDown(filter) };
    let marker = position;
    const images: ImsImageModel[] = [];
    for (let pages = 0; pages < MAX_PAGES_PER_CALL; pages += 1) {
      const page = await this.api.listImages(marker === null ? query : { ...query, marker });
      for (const wire of page.images) {
        const image = mapImsImage(wire, this.where());
        if (matchesFilter(image, filter)) images.push(image);
      }
      const last = page.images[page.images.length - 1];
      // Glance sends `next` whenever the page is full (the last page may be empty).
      marker = page.next && last && page.images.length >= limit ? last.id : null;
      if (images.length > 0 || marker === null) break;
    }
    return { images, next: marker, totalCount: null };
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** Normalized status → Glance's words. */
function glanceStatuses(statuses: readonly string[]): string[] | null {
  const words: string[] = [];
  for (const status of statuses) {
    const matching = Object.entries(IMS_STATUS).filter(([, normalized]) => normalized === status);
    // UNKNOWN also stands for words Glance may add: it cannot be pushed down.
    if (status === 'UNKNOWN') return null;
    words.push(...matching.map(([word]) => word.toLowerCase()));
  }
  return [...new Set(words)];
}

/** The query parameters a filter becomes; what is left out is filtered by `matchesFilter`. */
export function pushDown(filter: ImageListFilter): Partial<ImsListQuery> {
  const query: Partial<ImsListQuery> = {};
  if (filter.statuses?.length) {
    const words = glanceStatuses(filter.statuses);
    if (words && words.length > 0) query.status = words.length === 1 ? words[0] : `in:${words.join(',')}`;
  }
  if (filter.visibilities?.length === 1) {
    const words = Object.entries(IMS_VISIBILITY)
      .filter(([, v]) => v === filter.visibilities![0])
      .map(([w]) => w);
    // PUBLIC is public or community: Glance takes one value, so push down only an exact one.
    if (words.length === 1) query.visibility = words[0].toLowerCase();
  }
  const iso = (date: Date) => date.toISOString().replace('.000Z', 'Z');
  if (filter.createdAfter) query.created_at = `gt:${iso(filter.createdAfter)}`;
  else if (filter.createdBefore) query.created_at = `lt:${iso(filter.createdBefore)}`;
  return query;
}
