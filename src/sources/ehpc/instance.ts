// One configured E-HPC Instant endpoint/account/region: its upstream client
// and API, how an image is loaded within a request (batched, see loaders.ts,
// with the calls chosen from the selection set, see selection.ts), and its
// page of the cross-source `images` listing.

import type { GraphQLResolveInfo } from 'graphql';
import type { SourceInstanceConfig } from '../../config.js';
import type { GatewayContext } from '../../context.js';
import { badUserInput } from '../../errors.js';
import type { ImageRef } from '../../ids.js';
import type { Logger } from '../../logger.js';
import { upstreamClientFor } from '../../upstream/auth/index.js';
import type { UpstreamClient } from '../../upstream/http-client.js';
import { compareNewestFirst, matchesFilter } from '../filter.js';
import type { ImageListFilter, ImageListPage, SourceInstance } from '../types.js';
import { EhpcApi, LIST_MAX_PAGE_SIZE, PROVIDER } from './api.js';
import { createEhpcLoaders, type EhpcDetail, type EhpcListed, type EhpcLoaders } from './loaders.js';
import { mapEhpcImage, type EhpcImageModel } from './map.js';
import { needsOf, type EhpcNeeds } from './selection.js';

/** What identifies an E-HPC image read: GetImage's parameters. */
export interface EhpcImageKey {
  imageId: string;
  /** Public | Custom; unknown when absent. */
  category?: string;
  /** VM | Container; unknown when absent (the gateway finds it with ListImages). */
  type?: string;
  additionalRegionIds?: readonly string[];
}

/** Kept on each model (under a symbol, invisible to GraphQL) so field resolvers can fetch what was not read. */
export const EHPC_STATE = Symbol('ehpc');
export interface EhpcModelState {
  instance: EhpcInstance;
  key: EhpcImageKey;
  has: EhpcNeeds;
}
export type EhpcStatefulModel = EhpcImageModel & { [EHPC_STATE]?: EhpcModelState };

/** Upstream list pages one `listImages` call may read looking for images that pass the gateway-side filter. */
const MAX_LIST_PAGES_PER_CALL = 10;

export class EhpcInstance implements SourceInstance<EhpcLoaders> {
  readonly api: EhpcApi;
  private readonly client: UpstreamClient;

  constructor(
    readonly config: SourceInstanceConfig,
    logger: Logger,
  ) {
    this.client = upstreamClientFor(PROVIDER, config, logger);
    this.api = new EhpcApi(this.client, config.region);
  }

  createLoaders(): EhpcLoaders {
    return createEhpcLoaders(this.api, this.config.concurrency);
  }

  async loadImage(context: GatewayContext, ref: ImageRef, info?: GraphQLResolveInfo): Promise<EhpcImageModel | null> {
    return this.resolveImage(context, { imageId: ref.nativeId }, needsOf(info));
  }

  /**
   * Reads one image with the fewest calls that answer `needs` (through the
   * request's loaders, so sibling images batch): ListImages when it suffices
   * or when the type or category must be found out, GetImage when detail
   * fields are asked for. Null when the image does not exist.
   */
  resolveImage(
    context: GatewayContext,
    key: EhpcImageKey,
    needs: EhpcNeeds,
    known: { listed?: EhpcListed } = {},
  ): Promise<EhpcStatefulModel | null> {
    const loaders = context.loadersFor(this);
    let category = key.category;
    let type = key.type;
    const needCategory = needs.category && !category;
    const useList = needCategory || (!known.listed && (needs.list || !needs.detail || !type));

    // No await before the loads: every image resolved in this tick joins the same batch.
    const listing: Promise<EhpcListed | null> = !useList
      ? Promise.resolve(known.listed ?? null)
      : needCategory
        ? Promise.all(
            (['Public', 'Custom'] as const).map((c) => loaders.listed.load({ id: key.imageId, category: c, type })),
          ).then(([publicHit, customHit]) => {
            category = publicHit ? 'Public' : customHit ? 'Custom' : undefined;
            return known.listed ?? publicHit ?? customHit;
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
      this.attachState(
        model,
        { ...key, category, type },
        {
          detail: detail !== null,
          list: listed !== null,
          category: category !== undefined,
        },
      );
      return model;
    });
  }

  private attachState(model: EhpcStatefulModel, key: EhpcImageKey, has: EhpcNeeds): void {
    Object.defineProperty(model, EHPC_STATE, { value: { instance: this, key, has }, enumerable: false });
  }

  /**
   * One page of ListImages, newest first. `position` is the page number. What
   * is pushed down: ImageCategory when the visibilities name exactly one
   * category (PUBLIC → Public, PRIVATE → Custom; SHARED matches nothing here).
   * `nameContains` cannot be (ImageNames is exact), and status and
   * architecture are not in ListImages' answer: for those, the page's images
   * are completed with GetImage (deduped, capped) and filtered here.
   */
  async listImages(
    context: GatewayContext,
    filter: ImageListFilter,
    position: string | null,
    pageSize: number,
  ): Promise<ImageListPage> {
    let page = 1;
    if (position !== null) {
      if (!/^[1-9]\d{0,8}$/.test(position)) throw badUserInput('after is not a cursor of this listing', 'after');
      page = Number(position);
    }
    const wanted = new Set<string>();
    const visibilities = filter.visibilities?.length ? filter.visibilities : ['PUBLIC', 'PRIVATE'];
    if (visibilities.includes('PUBLIC')) wanted.add('Public');
    if (visibilities.includes('PRIVATE')) wanted.add('Custom');
    if (wanted.size === 0) return { images: [], next: null, totalCount: 0 };
    const category = wanted.size === 1 ? [...wanted][0] : undefined;
    const needs: EhpcNeeds = {
      detail: Boolean(filter.statuses?.length || filter.architectures?.length),
      list: false,
      category: Boolean(filter.visibilities?.length) && !category,
    };
    const everythingPushed =
      !needs.detail && !needs.category && !filter.nameContains && !filter.createdAfter && !filter.createdBefore;
    const size = Math.max(1, Math.min(pageSize, LIST_MAX_PAGE_SIZE));
    for (let read = 0; ; read++) {
      const answer = await this.api.listImages({ imageCategory: category, pageNumber: page, pageSize: size });
      const total = typeof answer.TotalCount === 'number' ? answer.TotalCount : undefined;
      const more = answer.Images.length === size && (total === undefined || page * size < total);
      let images: EhpcStatefulModel[] = answer.Images.map((item) => {
        const listed = { item, requestId: answer.RequestId };
        const model: EhpcStatefulModel = mapEhpcImage(
          { imageId: item.ImageId, listed, category },
          { region: this.config.region, project: this.config.project },
        );
        this.attachState(
          model,
          { imageId: item.ImageId, category, type: item.ImageType },
          { detail: false, list: true, category: category !== undefined },
        );
        return model;
      });
      if (needs.detail || needs.category) {
        // Status/architecture/visibility filters need what ListImages lacks: complete the page.
        const completed = await Promise.all(
          answer.Images.map((item) =>
            this.resolveImage(context, { imageId: item.ImageId, category, type: item.ImageType }, needs, {
              listed: { item, requestId: answer.RequestId },
            }),
          ),
        );
        images = completed.filter((image): image is EhpcStatefulModel => image !== null);
      }
      images = images.filter((image) => matchesFilter(image, filter)).sort(compareNewestFirst);
      const next = more ? String(page + 1) : null;
      if (images.length > 0 || next === null || read + 1 >= MAX_LIST_PAGES_PER_CALL) {
        return { images, next, totalCount: everythingPushed ? (total ?? null) : null };
      }
      page += 1;
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
