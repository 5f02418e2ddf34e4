// One configured IMS (Glance v2) endpoint/account: its upstream client and
// API, how an image is loaded by reference within a request (and read again
// after a write), how one is deleted, and its page of the cross-source
// `images` listing.

import type { LoaderHooks } from '../../cache/index.js';
import type { SourceInstanceConfig } from '../../config/index.js';
import type { GatewayContext } from '../../context-types.js';
import type { ImageRef } from '../../ids.js';
import type { Logger } from '../../logger.js';
import { encodePathSegment, upstreamClientFor, type UpstreamClient, type UpstreamWatch } from '../../upstream/index.js';
import { matchesFilter } from '../filter.js';
import type { DeleteOptions, ImageListFilter, ImageListPage, ListPageRequest, SourceInstance } from '../types.js';
import { ImsApi, imsNotFound, type ImsListQuery } from './api.js';
import { createImsLoaders, ImsBatchState, type ImsLoaders } from './loaders.js';
import { IMS_STATUS, IMS_VISIBILITY, mapImsImage, type ImsImageModel } from './map.js';
import type { ImsOptions } from './options.js';

/** Bytes of encoded `id=in:` value per list call: ~180 UUIDs, well under Glance's ~8 KB request line. */
const MAX_ID_QUERY_BYTES = 7000;
/** Glance's largest page. */
const MAX_PAGE = 1000;

export class ImsInstance implements SourceInstance<ImsLoaders> {
  private readonly api: ImsApi;
  private readonly client: UpstreamClient;
  private readonly batchState: ImsBatchState;

  constructor(
    readonly config: SourceInstanceConfig<ImsOptions>,
    logger: Logger,
    upstream?: UpstreamWatch,
  ) {
    this.client = upstreamClientFor(config, logger, upstream);
    this.api = new ImsApi(this.client, config.region);
    this.batchState = new ImsBatchState(logger, config.name);
  }

  private get options(): ImsOptions {
    return this.config.options;
  }

  createLoaders(context: GatewayContext, hooks: LoaderHooks): ImsLoaders {
    return createImsLoaders(
      this.api.within(context.scope),
      {
        batchById: this.options.batchById,
        batchSize: this.options.batchSize,
        maxIdQueryBytes: MAX_ID_QUERY_BYTES - new URL(this.config.endpoint).pathname.length,
        concurrency: this.config.concurrency,
      },
      this.batchState,
      hooks,
    );
  }

  private where() {
    return { region: this.config.region, projectId: this.config.project };
  }

  /** The API, its calls made on behalf of this request. */
  apiFor(context: GatewayContext): ImsApi {
    return this.api.within(context.scope);
  }

  async loadImage(context: GatewayContext, ref: ImageRef): Promise<ImsImageModel | null> {
    // Refuse what cannot be a path segment ('', '.', '..', > 1024 chars) before anything is sent.
    encodePathSegment(ref.nativeId, 'id');
    const wire = await context.loadersFor(this).image.load(ref.nativeId);
    return wire && mapImsImage(wire, this.where());
  }

  /**
   * The image as it is now, after a write: read through the request's loader
   * (so it is mapped as every read is), which first forgets what it held for
   * the id, since a read earlier in the same request would otherwise answer
   * with the image as it was before the write.
   */
  async reloadImage(context: GatewayContext, nativeId: string): Promise<ImsImageModel | null> {
    const loader = context.loadersFor(this).image;
    const wire = await loader.clear(nativeId).load(nativeId);
    return wire && mapImsImage(wire, this.where());
  }

  /**
   * `DELETE /v2/images/{id}`, after reading the image through the loaders
   * (NOT_FOUND when it does not exist or is not visible); returns it as last
   * read. Glance deletes an image's data with it, so `force` changes nothing
   * here. Later reads of the id in the same request answer null.
   */
  async deleteImage(context: GatewayContext, ref: ImageRef, _options: DeleteOptions): Promise<ImsImageModel> {
    const last = await this.loadImage(context, ref);
    if (!last) throw imsNotFound(`no IMS image ${ref.nativeId} to delete`, this.config.region, 'input.id');
    await this.apiFor(context).deleteImage(ref.nativeId);
    context.loadersFor(this).image.clear(ref.nativeId).prime(ref.nativeId, null);
    return last;
  }

  /**
   * One `GET /v2/images` page, newest first (`sort_key=created_at&sort_dir=desc`;
   * Glance appends `id` in the same direction as the tie-breaker), from a
   * marker (the position: the last image id of the previous page): one
   * upstream call. Pushed down: status (as Glance's words, `in:` for several),
   * one visibility, and `created_at=gt:` (or `lt:` when only an upper bound is
   * given). Everything else, and every pushed-down condition once more (an
   * endpoint may ignore a filter), is applied here.
   */
  async listImages({ scope, filter, position, pageSize }: ListPageRequest): Promise<ImageListPage> {
    const limit = Math.max(1, Math.min(MAX_PAGE, Math.trunc(pageSize)));
    const query: ImsListQuery = { limit, sort_key: 'created_at', sort_dir: 'desc', ...pushDown(filter) };
    const page = await this.api.within(scope).listImages(position === null ? query : { ...query, marker: position });
    const images = page.images
      .map((wire) => mapImsImage(wire, this.where()))
      .filter((image) => matchesFilter(image, filter));
    const last = page.images.at(-1);
    // Glance sends `next` whenever the page is full (the last page may be empty).
    const next = page.next && last && page.images.length >= limit ? last.id : null;
    return { images, next, totalCount: null };
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
