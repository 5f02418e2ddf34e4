// E-HPC wire JSON → EhpcImage. Pure: no I/O, no clock.
//
// An image is built from what was read: GetImage's `Image` (the details),
// a ListImages entry (fewer fields, but UpdateTime and Weight, which GetImage
// lacks), and the category the image was asked for or found under (neither
// answer carries it). Fields whose source was not read are null here; the
// EhpcImage field resolvers fetch them when a query asks (see resolvers.ts).
//
// The registry password is read only to set `hasPassword`: it is not copied
// to the model, so nothing downstream can return or log it.

import type {
  EhpcAdditionalRegionInfo,
  EhpcContainerImageSpec,
  EhpcDocumentInfo,
  EhpcImage,
  EhpcImageCategory,
  EhpcImageType,
  EhpcVmImageSpec,
  ImageStatus,
  ImageVisibility,
} from '../../generated/graphql.js';
import { encodeGlobalId } from '../../ids.js';
import { architectureFromWord, dateFromIso, integerOrNull, stringOrNull } from '../normalize.js';
import type { ImageModel } from '../types.js';
import {
  PROVIDER,
  type EhpcContainerImageSpecWire,
  type EhpcDocumentInfoWire,
  type EhpcImageWire,
  type EhpcListImagesItemWire,
  type EhpcVmImageSpecWire,
} from './api.js';

export type EhpcImageModel = EhpcImage & ImageModel & { __typename: 'EhpcImage' };

/** The vendor's ImageCategory words. */
export const CATEGORIES = ['Public', 'Custom'] as const;
/** The vendor's ImageType words. */
const IMAGE_TYPES = ['VM', 'Container'] as const;

/**
 * E-HPC `Status` → normalized status. E-HPC documents no values (its example
 * is ""); E-HPC images are ECS images, so ECS's image status vocabulary
 * (DescribeImages: Creating, Waiting, Available, UnAvailable, CreateFailed,
 * Deprecated) is what is mapped. Deprecated images still exist and may still
 * run, so they are UNKNOWN rather than DELETED; so is "" and any other word.
 */
export const EHPC_STATUS: Readonly<Record<string, ImageStatus>> = {
  Available: 'ACTIVE',
  Creating: 'CREATING',
  Waiting: 'QUEUED',
  CreateFailed: 'FAILED',
  UnAvailable: 'FAILED',
};

/** E-HPC ImageCategory → visibility. */
export const EHPC_VISIBILITY: Readonly<Record<string, ImageVisibility>> = { Public: 'PUBLIC', Custom: 'PRIVATE' };

const STATUS_BY_LOWER = new Map(Object.entries(EHPC_STATUS).map(([word, status]) => [word.toLowerCase(), status]));

/** Normalized status of a Status word, compared case-insensitively. */
export function statusFromWord(word: string | null): ImageStatus {
  if (!word) return 'UNKNOWN';
  return STATUS_BY_LOWER.get(word.trim().toLowerCase()) ?? 'UNKNOWN';
}

/** The vendor's category word in its own spelling ("public" → "Public"), or the input unchanged. */
export function vendorCategory(value: string | null | undefined): string | undefined {
  if (value == null || value === '') return undefined;
  return CATEGORIES.find((c) => c.toLowerCase() === value.toLowerCase()) ?? value;
}

/** The vendor's type word in its own spelling ("container" → "Container"), or the input unchanged. */
export function vendorImageType(value: string | null | undefined): string | undefined {
  if (value == null || value === '') return undefined;
  return IMAGE_TYPES.find((t) => t.toLowerCase() === value.toLowerCase()) ?? value;
}

export function categoryEnum(value: string | null | undefined): EhpcImageCategory | null {
  const category = vendorCategory(value);
  return category === 'Public' ? 'PUBLIC' : category === 'Custom' ? 'CUSTOM' : null;
}

export function visibilityOfCategory(value: string | null | undefined): ImageVisibility | null {
  const category = vendorCategory(value);
  return category ? (EHPC_VISIBILITY[category] ?? null) : null;
}

export function imageTypeEnum(value: unknown): EhpcImageType | null {
  const type = typeof value === 'string' ? vendorImageType(value) : undefined;
  return type === 'VM' ? 'VM' : type === 'Container' ? 'CONTAINER' : null;
}

// ---------------------------------------------------------------------------
// Sizes

const BINARY: Record<string, bigint> = { b: 1n, kib: 1024n, mib: 1024n ** 2n, gib: 1024n ** 3n, tib: 1024n ** 4n };
const DECIMAL: Record<string, bigint> = { kb: 1000n, mb: 1000n ** 2n, gb: 1000n ** 3n, tb: 1000n ** 4n };
const SIZE = /^\s*(\d{1,15})(?:\.(\d{1,15}))?\s*([KMGT]i?B|B)?\s*$/i;

/**
 * Bytes in a size such as "40 GiB", "2.5 GB", "500 MiB", "1024 KB", "123 B":
 * binary units (KiB, MiB, GiB, TiB) are powers of 1024, decimal ones (KB, MB,
 * GB, TB) powers of 1000, computed exactly in integers ("2.5 GB" is
 * 2 500 000 000). A fraction of a byte ("0.1 KiB") is rounded to the nearest
 * byte. A bare number is GiB, the unit the API page gives for `Size`. Anything
 * else (empty, negative, "40 Gb", "large") is null.
 */
export function sizeToBytes(value: unknown): bigint | null {
  if (typeof value !== 'string') return null;
  const match = SIZE.exec(value);
  if (!match) return null;
  const [, whole, fraction = '', rawUnit] = match;
  const unit = (rawUnit ?? 'GiB').toLowerCase();
  // "Gb"/"mb" spelled with a lower-case b would be bits in some writing; only B is accepted.
  if (rawUnit && !rawUnit.endsWith('B')) return null;
  const factor = BINARY[unit] ?? DECIMAL[unit];
  if (factor === undefined) return null;
  const scale = 10n ** BigInt(fraction.length);
  const numerator = (BigInt(whole) * scale + BigInt(fraction || '0')) * factor;
  return (numerator * 2n + scale) / (2n * scale); // round half up
}

// ---------------------------------------------------------------------------
// Parts

const bool = (value: unknown): boolean | null => {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return null;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function mapContainerImageSpec(spec: EhpcContainerImageSpecWire | undefined): EhpcContainerImageSpec | null {
  if (!isObject(spec)) return null;
  const credential = isObject(spec.RegistryCredential) ? spec.RegistryCredential : undefined;
  return {
    __typename: 'EhpcContainerImageSpec',
    registryUrl: stringOrNull(spec.RegistryUrl),
    isAcrRegistry: bool(spec.IsACRRegistry),
    isAcrEnterprise: bool(spec.IsACREnterprise),
    registryCriId: stringOrNull(spec.RegistryCriId),
    // Built field by field: the Password is never copied.
    registryCredential: credential
      ? {
          __typename: 'EhpcRegistryCredential',
          server: stringOrNull(credential.Server),
          userName: stringOrNull(credential.UserName),
          hasPassword: typeof credential.Password === 'string' && credential.Password !== '',
        }
      : null,
    osTag: stringOrNull(spec.OsTag),
    platform: stringOrNull(spec.Platform),
    architecture: stringOrNull(spec.Architecture),
  };
}

function mapVmImageSpec(spec: EhpcVmImageSpecWire | undefined): EhpcVmImageSpec | null {
  if (!isObject(spec)) return null;
  return {
    __typename: 'EhpcVmImageSpec',
    imageId: stringOrNull(spec.ImageId),
    osTag: stringOrNull(spec.OsTag),
    platform: stringOrNull(spec.Platform),
    architecture: stringOrNull(spec.Architecture),
  };
}

function mapDocumentInfo(info: EhpcDocumentInfoWire | undefined): EhpcDocumentInfo | null {
  if (!isObject(info)) return null;
  return {
    __typename: 'EhpcDocumentInfo',
    documentId: stringOrNull(info.DocumentId),
    encodingMode: stringOrNull(info.EncodingMode),
    document: stringOrNull(info.Document),
  };
}

function mapAdditionalRegions(list: unknown): EhpcAdditionalRegionInfo[] | null {
  if (!Array.isArray(list)) return null;
  return list.filter(isObject).map((info) => ({
    __typename: 'EhpcAdditionalRegionInfo' as const,
    status: stringOrNull(info.Status),
    imageId: stringOrNull(info.ImageId),
    regionId: stringOrNull(info.RegionId),
  }));
}

// ---------------------------------------------------------------------------
// The image

interface EhpcImageParts {
  /** The E-HPC image id (what was asked for, or the ListImages entry's ImageId). */
  imageId: string;
  /** GetImage's `Image` and that answer's RequestId. */
  detail?: { image: EhpcImageWire; requestId?: string } | null;
  /** The ListImages entry and that answer's RequestId. */
  listed?: { item: EhpcListImagesItemWire; requestId?: string } | null;
  /** The category asked for or found (Public/Custom). */
  category?: string | null;
}

interface EhpcLocation {
  region: string;
  /** Account; '' (an AccessKey id is not an account and ids must not carry credentials). */
  project: string;
}

const trimmed = (value: string | undefined) => (typeof value === 'string' ? value.trim() || null : null);

/** Maps what was read of one image to the GraphQL type. */
export function mapEhpcImage(parts: EhpcImageParts, where: EhpcLocation): EhpcImageModel {
  const detail = parts.detail?.image;
  const item = parts.listed?.item;
  const type = imageTypeEnum(detail?.ImageType ?? item?.ImageType);
  const container = detail ? mapContainerImageSpec(detail.ContainerImageSpec) : null;
  const vm = detail ? mapVmImageSpec(detail.VMImageSpec) : null;
  const [ownSpec, otherSpec] = type === 'CONTAINER' ? [container, vm] : [vm, container];
  const vendorStatus = detail ? stringOrNull(detail.Status) : null;
  const createTime = dateFromIso(detail?.CreateTime ?? item?.CreateTime);
  const updateTime = dateFromIso(item?.UpdateTime);
  const pick = (field: 'Name' | 'Description' | 'AppId' | 'Version') => stringOrNull(detail?.[field] ?? item?.[field]);
  return {
    __typename: 'EhpcImage',
    id: encodeGlobalId({ provider: PROVIDER, region: where.region, project: where.project, nativeId: parts.imageId }),
    provider: PROVIDER,
    nativeId: parts.imageId,
    region: where.region || null,
    name: pick('Name'),
    description: pick('Description'),
    status: statusFromWord(vendorStatus),
    vendorStatus,
    architecture: architectureFromWord(ownSpec?.architecture) ?? architectureFromWord(otherSpec?.architecture),
    sizeBytes: detail ? sizeToBytes(detail.Size) : null,
    createdAt: createTime,
    updatedAt: updateTime,
    visibility: visibilityOfCategory(parts.category),

    imageType: type,
    imageCategory: categoryEnum(parts.category),
    appId: pick('AppId'),
    version: pick('Version'),
    size: detail ? stringOrNull(detail.Size) : null,
    createTime,
    ehpcStatus: vendorStatus,
    containerImageSpec: container,
    vmImageSpec: vm,
    documentInfo: detail ? mapDocumentInfo(detail.DocumentInfo) : null,
    additionalRegionsInfo: detail ? mapAdditionalRegions(detail.AdditionalRegionsInfo) : null,
    updateTime,
    weight: item ? integerOrNull(item.Weight) : null,
    osTag: item ? stringOrNull(item.OsTag) : (ownSpec?.osTag ?? null),
    requestId: trimmed(parts.detail?.requestId) ?? trimmed(parts.listed?.requestId),
  };
}
