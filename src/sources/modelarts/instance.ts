// One configured ModelArts endpoint/account: its upstream client and API,
// how an image is loaded by reference within a request, how one is deleted,
// and its page of the cross-source `images` listing.

import type { LoaderHooks } from '../../cache/index.js';
import type { SourceInstanceConfig } from '../../config/index.js';
import type { GatewayContext } from '../../context-types.js';
import { badUserInput } from '../../errors.js';
import type { ImageRef } from '../../ids.js';
import type { Logger } from '../../logger.js';
import { upstreamClientFor, type UpstreamClient, type UpstreamWatch } from '../../upstream/index.js';
import { matchesFilter } from '../filter.js';
import type { DeleteOptions, ImageListPage, ListPageRequest, SourceInstance } from '../types.js';
import { imageNotFound, ModelArtsApi } from './api.js';
import { createModelArtsLoaders, type ModelArtsLoaders } from './loaders.js';
import { mapModelArtsImage, type ModelArtsImageModel } from './map.js';

export class ModelArtsInstance implements SourceInstance<ModelArtsLoaders> {
  private readonly api: ModelArtsApi;
  private readonly client: UpstreamClient;

  constructor(
    readonly config: SourceInstanceConfig,
    logger: Logger,
    upstream?: UpstreamWatch,
  ) {
    this.client = upstreamClientFor(config, logger, upstream);
    this.api = new ModelArtsApi(this.client, config.region);
  }

  /** The API, its calls made on behalf of this request. */
  apiFor(context: GatewayContext): ModelArtsApi {
    return this.api.within(context.scope);
  }

  createLoaders(context: GatewayContext, hooks: LoaderHooks): ModelArtsLoaders {
    return createModelArtsLoaders(this.apiFor(context), this.config.concurrency, hooks);
  }

  async loadImage(context: GatewayContext, ref: ImageRef): Promise<ModelArtsImageModel | null> {
    const projectId = this.projectOf(ref, 'id');
    const wire = await context.loadersFor(this).image.load({ projectId, id: ref.nativeId });
    return wire && mapModelArtsImage(wire, { region: this.config.region, projectId });
  }

  /**
   * Reads the image (through the request's loaders: the last sight of it),
   * then deletes it: ModelArts' answer when it gives the deleted image, else
   * what was read. The request's loaders then know it is gone.
   */
  async deleteImage(context: GatewayContext, ref: ImageRef, { force }: DeleteOptions): Promise<ModelArtsImageModel> {
    const field = 'input.id';
    const projectId = this.projectOf(ref, field);
    const last = await this.loadImage(context, ref);
    if (!last) throw imageNotFound({ id: ref.nativeId, region: this.config.region, field });
    const answer = await this.apiFor(context).deleteImage(projectId, ref.nativeId, force, field);
    const key = { projectId, id: ref.nativeId };
    context.loadersFor(this).image.clear(key).prime(key, null);
    return answer ? mapModelArtsImage(answer, { region: this.config.region, projectId }) : last;
  }

  private projectOf(ref: ImageRef, field: string): string {
    const projectId = ref.project || this.config.project;
    if (!projectId) throw badUserInput('the id names no ModelArts project and none is configured', field);
    return projectId;
  }

  /**
   * One ListImage page, newest first, from a record offset (the position):
   * one upstream call. ListImage filters by name (fuzzy) but not by status,
   * architecture, visibility or time: those are applied here, and then
   * ModelArts' `total` no longer counts the result.
   */
  async listImages({ scope, filter, position, pageSize }: ListPageRequest): Promise<ImageListPage> {
    const projectId = this.config.project;
    if (!projectId) throw badUserInput('no ModelArts project is configured (HUAWEICLOUD_SDK_PROJECT_ID)', 'filter');
    const offset = position === null ? 0 : Number(position);
    if (!Number.isSafeInteger(offset) || offset < 0)
      throw badUserInput('after is not a cursor of this listing', 'after');
    const page = await this.api.within(scope).listImages(projectId, {
      limit: pageSize,
      offset,
      sort_key: 'create_at',
      sort_dir: 'DESC',
      // ModelArts image names are lower case; its name match is fuzzy (substring) by default.
      name: filter.nameContains ? filter.nameContains.toLowerCase() : undefined,
    });
    const images = page.data.map((wire) => mapModelArtsImage(wire, { region: this.config.region, projectId }));
    const end = offset + page.data.length;
    const more = typeof page.total === 'number' ? end < page.total : page.data.length >= pageSize;
    const pushedDownOnly =
      !filter.statuses?.length &&
      !filter.architectures?.length &&
      !filter.visibilities?.length &&
      !filter.createdAfter &&
      !filter.createdBefore;
    return {
      images: images.filter((image) => matchesFilter(image, filter)),
      // Positions count raw records, so the filter above must not shift them: report what was read.
      next: more && page.data.length > 0 ? String(end) : null,
      totalCount: pushedDownOnly && typeof page.total === 'number' ? page.total : null,
    };
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
