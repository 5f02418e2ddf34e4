// ModelArts wire JSON → ModelArtsImage. Pure: no I/O, no clock.

import type {
  ImageStatus,
  ImageVisibility,
  ModelArtsArch,
  ModelArtsDevService,
  ModelArtsImage,
  ModelArtsImageOrigin,
  ModelArtsImageStatus,
  ModelArtsImageType,
  ModelArtsResourceCategory,
  ModelArtsServiceType,
  ModelArtsVisibility,
} from '../../generated/graphql.js';
import { encodeGlobalId } from '../../ids.js';
import {
  architectureFromWord,
  dateFromEpochMs,
  enumList,
  enumValue,
  integerOrNull,
  stringOrNull,
} from '../normalize.js';
import type { ImageModel } from '../types.js';
import { PROVIDER, type ModelArtsImageWire } from './api.js';

const ARCHES: readonly ModelArtsArch[] = ['X86_64', 'AARCH64'];
const DEV_SERVICES: readonly ModelArtsDevService[] = ['NOTEBOOK', 'SSH'];
const RESOURCE_CATEGORIES: readonly ModelArtsResourceCategory[] = ['CPU', 'GPU', 'ASCEND'];
const ORIGINS: readonly ModelArtsImageOrigin[] = ['CUSTOMIZE', 'IMAGE_SAVE'];
const SERVICE_TYPES: readonly ModelArtsServiceType[] = ['COMMON', 'INFERENCE', 'TRAIN', 'DEV', 'UNKNOWN'];
const IMAGE_TYPES: readonly ModelArtsImageType[] = ['BUILD_IN', 'DEDICATED'];
const VISIBILITIES: readonly ModelArtsVisibility[] = ['PRIVATE', 'PUBLIC'];

/** ModelArts `status` → normalized status; anything else is UNKNOWN. */
export const MODELARTS_STATUS: Readonly<Record<ModelArtsImageStatus, ImageStatus>> = {
  INIT: 'QUEUED',
  CREATING: 'CREATING',
  ACTIVE: 'ACTIVE',
  CREATE_FAILED: 'FAILED',
  ERROR: 'FAILED',
  DELETED: 'DELETED',
};

const MODELARTS_STATUSES = Object.keys(MODELARTS_STATUS) as ModelArtsImageStatus[];

/** ModelArts `visibility` → normalized visibility. */
export const MODELARTS_VISIBILITY: Readonly<Record<ModelArtsVisibility, ImageVisibility>> = {
  PRIVATE: 'PRIVATE',
  PUBLIC: 'PUBLIC',
};

/** Bytes in the KB that ModelArts reports `size` in. */
export const MODELARTS_SIZE_UNIT_BYTES = 1024;

export type ModelArtsImageModel = ModelArtsImage & ImageModel & { __typename: 'ModelArtsImage' };

declare module '../../models.js' {
  interface ImageModels {
    ModelArtsImage: ModelArtsImageModel;
  }
}

interface ModelArtsLocation {
  region: string;
  projectId: string;
}

/** Maps one image body (details, register or create-image response) to the GraphQL type. */
export function mapModelArtsImage(wire: ModelArtsImageWire, where: ModelArtsLocation): ModelArtsImageModel {
  const vendorStatus = stringOrNull(wire.status);
  const modelArtsStatus = enumValue(vendorStatus, MODELARTS_STATUSES);
  const sizeKb = integerOrNull(wire.size);
  const arch = enumValue(architectureFromWord(wire.arch), ARCHES);
  const visibility = enumValue(wire.visibility, VISIBILITIES);
  const createAt = dateFromEpochMs(wire.create_at);
  const updateAt = dateFromEpochMs(wire.update_at);
  return {
    __typename: 'ModelArtsImage',
    id: encodeGlobalId({ provider: PROVIDER, region: where.region, project: where.projectId, nativeId: wire.id }),
    provider: PROVIDER,
    nativeId: wire.id,
    region: where.region || null,
    projectId: where.projectId || null,
    name: stringOrNull(wire.name),
    description: stringOrNull(wire.description),
    status: modelArtsStatus ? MODELARTS_STATUS[modelArtsStatus] : 'UNKNOWN',
    vendorStatus,
    architecture: arch,
    // KB × 1024 stays exact in a double up to 8 PiB; BigInt keeps it exact beyond 2^31.
    sizeBytes: sizeKb === null ? null : BigInt(sizeKb) * BigInt(MODELARTS_SIZE_UNIT_BYTES),
    createdAt: createAt,
    updatedAt: updateAt,
    visibility: visibility && MODELARTS_VISIBILITY[visibility],

    arch,
    createAt,
    devServices: enumList(wire.dev_services, DEV_SERVICES),
    namespace: stringOrNull(wire.namespace),
    origin: enumValue(wire.origin, ORIGINS),
    resourceCategories: enumList(wire.resource_categories, RESOURCE_CATEGORIES),
    serviceType: enumValue(wire.service_type, SERVICE_TYPES),
    size: sizeKb,
    modelArtsStatus,
    statusMessage: stringOrNull(wire.status_message),
    supportResCategories: enumList(wire.support_res_categories, RESOURCE_CATEGORIES),
    swrPath: stringOrNull(wire.swr_path),
    tag: stringOrNull(wire.tag),
    type: enumValue(wire.type, IMAGE_TYPES),
    updateAt,
    modelArtsVisibility: visibility,
    workspaceId: stringOrNull(wire.workspace_id),
  };
}
