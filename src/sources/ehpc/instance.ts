// One configured E-HPC Instant endpoint/account/region: its upstream client
// and API, how an image is loaded within a request (batched, see loaders.ts,
// with the calls chosen from the selection set, see selection.ts), and its
// page of the cross-source `images` listing (listing.ts).

import type { GraphQLResolveInfo } from 'graphql';
import type { SourceInstanceConfig } from '../../config/index.js';
import type { GatewayContext } from '../../context.js';
import type { ImageRef } from '../../ids.js';
import type { Logger } from '../../logger.js';
import { upstreamClientFor, type UpstreamClient, type UpstreamWatch } from '../../upstream/index.js';
import type { ImageListPage, ListPageRequest, SourceInstance } from '../types.js';
import { EhpcApi } from './api.js';
import { listEhpcPage } from './listing.js';
import { createEhpcLoaders, type EhpcDetail, type EhpcListed, type EhpcLoaders } from './loaders.js';
import { mapEhpcImage } from './map.js';
import { attachState, type EhpcImageKey, type EhpcImageReader, type EhpcStatefulModel } from './model.js';
import { needsOf, UNSELECTED_NEEDS, type EhpcNeeds } from './selection.js';

export class EhpcInstance implements SourceInstance<EhpcLoaders>, EhpcImageReader {
  private readonly api: EhpcApi;
  private readonly client: UpstreamClient;

  constructor(
    readonly config: SourceInstanceConfig,
    logger: Logger,
    upstream?: UpstreamWatch,
  ) {
    this.client = upstreamClientFor(config, logger, upstream);
    this.api = new EhpcApi(this.client, config.region);
  }

  createLoaders(context: GatewayContext): EhpcLoaders {
    return createEhpcLoaders(this.api.within(context.scope), this.config.concurrency);
  }

  async loadImage(
    context: GatewayContext,
    ref: ImageRef,
    info?: GraphQLResolveInfo,
  ): Promise<EhpcStatefulModel | null> {
    return this.resolveImage(context, { imageId: ref.nativeId }, info ? needsOf(info) : UNSELECTED_NEEDS);
  }

  /**
   * Reads one image with the fewest calls that answer `needs` (through the
   * request's loaders, so sibling images batch): ListImages when it suffices
   * or when the type or category must be found out, GetImage when detail
   * fields are asked for. Null when the image does not exist.
   */
  resolveImage(context: GatewayContext, key: EhpcImageKey, needs: EhpcNeeds): Promise<EhpcStatefulModel | null> {
    const loaders = context.loadersFor(this);
    let category = key.category;
    let type = key.type;
    const needCategory = needs.category && !category;
    const useList = needCategory || needs.list || !needs.detail || !type;

    // No await before the loads: every image resolved in this tick joins the same batch.
    const listing: Promise<EhpcListed | null> = !useList
      ? Promise.resolve(null)
      : needCategory
        ? Promise.all(
            (['Public', 'Custom'] as const).map((c) => loaders.listed.load({ id: key.imageId, category: c, type })),
          ).then(([publicHit, customHit]) => {
            category = publicHit ? 'Public' : customHit ? 'Custom' : undefined;
            return publicHit ?? customHit;
          })
        : loaders.listed.load({ id: key.imageId, category, type });

    return listing.then(async (listed) => {
      if (useList && !listed && !needs.detail) return null;
      if (listed?.item.ImageType) type ??= listed.item.ImageType;
      let detail: EhpcDetail | null = null;
      if (needs.detail) {
        detail = await loaders.detail.load({
          id: key.imageId,
          category,
          type,
          additionalRegionIds: key.additionalRegionIds,
        });
        if (!detail) return null;
        type ??= detail.image.ImageType;
      }
      const model: EhpcStatefulModel = mapEhpcImage(
        { imageId: key.imageId, detail, listed, category },
        { region: this.config.region, project: this.config.project },
      );
      attachState(model, {
        reader: this,
        key: { ...key, category, type },
        has: { detail: detail !== null, list: listed !== null, category: category !== undefined },
      });
      return model;
    });
  }

  listImages(request: ListPageRequest): Promise<ImageListPage> {
    return listEhpcPage(
      {
        api: this.api,
        region: this.config.region,
        project: this.config.project,
        concurrency: this.config.concurrency,
        reader: this,
      },
      request,
    );
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
