// One configured E-HPC Instant endpoint/account/region: its upstream client
// and API, how an image is loaded within a request (batched, see loaders.ts,
// with the calls chosen from the selection set, see selection.ts), how one is
// added and removed, and its page of the cross-source `images` listing
// (listing.ts).

import type { LoaderHooks } from '../../cache/index.js';
import type { GraphQLResolveInfo } from 'graphql';
import type { SourceInstanceConfig } from '../../config/index.js';
import type { GatewayContext } from '../../context-types.js';
import { ErrorCode, GatewayError, UpstreamError } from '../../errors.js';
import type { ImageRef } from '../../ids.js';
import type { Logger } from '../../logger.js';
import { upstreamClientFor, type UpstreamClient, type UpstreamWatch } from '../../upstream/index.js';
import type { ImageListPage, ListPageRequest, SourceInstance } from '../types.js';
import { EhpcApi, PROVIDER, type EhpcAddImageParams } from './api.js';
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

  createLoaders(context: GatewayContext, hooks: LoaderHooks): EhpcLoaders {
    return createEhpcLoaders(this.api.within(context.scope), this.config.concurrency, hooks);
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

  /**
   * AddImage, then the new image read back with GetImage through the request's
   * loaders (its type and category are known: one call). Should E-HPC not
   * show it yet, the image is what was sent.
   */
  async addImage(context: GatewayContext, params: EhpcAddImageParams): Promise<EhpcStatefulModel> {
    const { imageId, requestId } = await this.api.within(context.scope).addImage(params);
    const key = { imageId, category: 'Custom', type: params.imageType };
    const added = await this.resolveImage(context, key, { detail: true, list: false, category: false });
    if (added) return added;
    const sent = {
      ImageType: params.imageType,
      Name: params.name,
      Version: params.imageVersion,
      Description: params.description,
      ContainerImageSpec: params.containerImageSpec,
      VMImageSpec: params.vmImageSpec,
    };
    return mapEhpcImage(
      { imageId, detail: { image: sent, requestId }, category: 'Custom' },
      { region: this.config.region, project: this.config.project },
    );
  }

  /**
   * Reads the image (ListImages by id finds its type, which RemoveImage
   * needs, then GetImage: the last sight of it, through the request's
   * loaders), then removes it. The image returned is complete: no field of
   * it is fetched after the removal. The loaders then know it is gone.
   */
  async deleteImage(context: GatewayContext, ref: ImageRef): Promise<EhpcStatefulModel> {
    const loaders = context.loadersFor(this);
    const imageId = ref.nativeId;
    const listKey = { id: imageId };
    const listed = await loaders.listed.load(listKey);
    const type = listed?.item.ImageType ?? 'VM';
    const detailKey = { id: imageId, type };
    const detail = listed && (await loaders.detail.load(detailKey));
    if (!listed || !detail) throw this.imageNotFound(imageId);
    const removed = await this.api
      .within(context.scope)
      .removeImage(imageId, type)
      .catch((error: unknown) => {
        throw inUseExplained(error, imageId);
      });
    if (!removed) throw this.imageNotFound(imageId);
    loaders.listed.clear(listKey).prime(listKey, null);
    loaders.detail.clear(detailKey).prime(detailKey, null);
    // Only Custom images can be removed: that is its category.
    const model: EhpcStatefulModel = mapEhpcImage(
      { imageId, detail, listed, category: 'Custom' },
      { region: this.config.region, project: this.config.project },
    );
    attachState(model, {
      reader: this,
      key: { imageId, category: 'Custom', type },
      has: { detail: true, list: true, category: true },
    });
    return model;
  }

  private imageNotFound(imageId: string): GatewayError {
    return new GatewayError(`no E-HPC image ${imageId} exists (any more)`, {
      code: ErrorCode.NOT_FOUND,
      provider: PROVIDER,
      region: this.config.region || undefined,
      field: 'input.id',
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

/** ImageInUse, said so that a person knows what to do; any other failure unchanged. */
function inUseExplained(error: unknown, imageId: string): unknown {
  if (!(error instanceof UpstreamError) || error.details.vendorCode !== 'ImageInUse') return error;
  return new UpstreamError(
    `the E-HPC image ${imageId} is still used by jobs (ImageInUse): delete it once they are done`,
    { ...error.details, code: ErrorCode.FORBIDDEN, field: 'input.id' },
    { cause: error },
  );
}
