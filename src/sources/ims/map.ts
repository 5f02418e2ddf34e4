// IMS / Glance v2 wire JSON → ImsImage. Pure: no I/O, no clock.
//
// Glance returns custom properties as top-level string fields beside its core
// fields, so a documented property is read by name and converted from its
// string form; everything the page does not document lands in `properties`.

import type {
  CpuArchitecture,
  ImageStatus,
  ImageVisibility,
  ImsFirmwareType,
  ImsImage,
  ImsImageStatus,
  ImsImageType,
  ImsOsFeature,
  ImsOsType,
  ImsVirtualEnvType,
  ImsVisibility,
} from '../../generated/graphql.js';
import { encodeGlobalId } from '../../ids.js';
import { architectureFromWord, dateFromIso, enumValue, stringOrNull } from '../normalize.js';
import type { ImageModel } from '../types.js';
import { PROVIDER, type ImsImageWire } from './api.js';

/** Glance `status` → normalized status; anything else is UNKNOWN. */
export const IMS_STATUS: Readonly<Record<ImsImageStatus, ImageStatus>> = {
  QUEUED: 'QUEUED',
  SAVING: 'CREATING',
  UPLOADING: 'CREATING',
  IMPORTING: 'CREATING',
  ACTIVE: 'ACTIVE',
  KILLED: 'FAILED',
  DELETED: 'DELETED',
  PENDING_DELETE: 'DELETED',
  // The data is unavailable until an admin reactivates it: neither failed nor gone.
  DEACTIVATED: 'UNKNOWN',
};

/** Glance `visibility` → normalized visibility. Community images are usable by every project. */
export const IMS_VISIBILITY: Readonly<Record<ImsVisibility, ImageVisibility>> = {
  PUBLIC: 'PUBLIC',
  COMMUNITY: 'PUBLIC',
  PRIVATE: 'PRIVATE',
  SHARED: 'SHARED',
};

const IMAGE_TYPES: readonly ImsImageType[] = ['GOLD', 'PRIVATE', 'SHARED', 'MARKET'];
const OS_TYPES: readonly ImsOsType[] = ['LINUX', 'WINDOWS', 'OTHER'];
const FIRMWARE_TYPES: readonly ImsFirmwareType[] = ['BIOS', 'UEFI'];
const VIRTUAL_ENV_TYPES: Readonly<Record<string, ImsVirtualEnvType>> = {
  fusioncompute: 'FUSION_COMPUTE',
  ironic: 'IRONIC',
  dataimage: 'DATA_IMAGE',
  isoimage: 'ISO_IMAGE',
};

/**
 * Every response field of docs/vendor/002-ims-image-details.txt (wire names). These are mapped to
 * their own GraphQL fields; any other key goes to `properties`.
 */
export const DOCUMENTED_FIELDS: ReadonlySet<string> = new Set([
  'file',
  'owner',
  'id',
  'size',
  'self',
  'schema',
  'status',
  'tags',
  'visibility',
  'name',
  'checksum',
  'protected',
  'container_format',
  'min_ram',
  'max_ram',
  'updated_at',
  '__os_bit',
  '__os_version',
  '__description',
  'disk_format',
  '__isregistered',
  '__platform',
  '__os_type',
  '__system__cmkid',
  'min_disk',
  'virtual_env_type',
  '__image_source_type',
  '__imagetype',
  'created_at',
  'virtual_size',
  '__originalimagename',
  '__backup_id',
  '__productcode',
  '__image_size',
  '__data_origin',
  '__root_origin',
  '__lazyloading',
  'active_at',
  '__os_feature_list',
  '__sequence_num',
  '__support_kvm',
  '__support_xen',
  '__support_largememory',
  '__support_diskintensive',
  '__support_highperformance',
  '__support_xen_gpu_type',
  '__support_kvm_gpu_type',
  '__support_xen_hana',
  '__support_kvm_infiniband',
  '__support_fc_inject',
  'enterprise_project_id',
  '__is_offshelved',
  'hw_firmware_type',
  'hw_vif_multiqueue_enabled',
  '__support_arm',
  '__support_agent_list',
  '__account_code',
  '__image_location',
  '__is_config_init',
  '__support_amd',
]);

export type ImsImageModel = ImsImage & ImageModel & { __typename: 'ImsImage' };

declare module '../../models.js' {
  interface ImageModels {
    ImsImage: ImsImageModel;
  }
}

interface ImsLocation {
  region: string;
  /** The project the instance reads with ('' when unknown). */
  projectId: string;
}

// ---------------------------------------------------------------------------
// String-typed property readers. Absent, empty or unparsable → null.

/** "true"/"True"/"TRUE" → true, "false"/"False" → false, a JSON boolean as is; else null. */
export function booleanFrom(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return null;
  const word = value.trim().toLowerCase();
  if (word === 'true') return true;
  if (word === 'false') return false;
  return null;
}

/** A safe integer from a number or a decimal string ("64", "0"); else null. */
export function intFrom(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value !== 'string' || !/^\s*-?\d{1,15}\s*$/.test(value)) return null;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) ? n : null;
}

/** A non-negative byte count, exact beyond 2^53 when sent as a string; else null. */
export function bigIntFrom(value: unknown): bigint | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : null;
  if (typeof value !== 'string' || !/^\s*\d{1,30}\s*$/.test(value)) return null;
  return BigInt(value.trim());
}

/** `__support_agent_list` "hss,ces" → ["hss", "ces"]; blanks dropped; absent → null. */
export function commaListFrom(value: unknown): string[] | null {
  if (typeof value !== 'string') return null;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const featureValue = (value: unknown): string | null =>
  value === undefined || value === null ? null : typeof value === 'string' ? value : JSON.stringify(value);

/** `__os_feature_list` JSON text → features (see ImsOsFeature in the SDL); garbage → null. */
export function osFeaturesFrom(value: unknown): ImsOsFeature[] | null {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (Array.isArray(parsed)) {
    const out: ImsOsFeature[] = [];
    for (const item of parsed) {
      if (typeof item === 'string') out.push({ name: item, value: null });
      else if (item && typeof item === 'object' && !Array.isArray(item)) {
        const record = item as Record<string, unknown>;
        const name = record.name ?? record.key;
        if (typeof name !== 'string') return null;
        out.push({ name, value: featureValue(record.value) });
      } else return null;
    }
    return out;
  }
  if (parsed && typeof parsed === 'object') {
    return Object.entries(parsed as Record<string, unknown>).map(([name, item]) => ({
      name,
      value: featureValue(item),
    }));
  }
  return null;
}

/** The architecture rule documented on ImsImage.architecture. */
export function imsArchitecture(wire: ImsImageWire): CpuArchitecture | null {
  const arm = booleanFrom(wire.__support_arm);
  if (arm === true) return 'AARCH64';
  const standard = architectureFromWord(wire.architecture);
  if (standard) return standard;
  const bits = intFrom(wire.__os_bit);
  if ((booleanFrom(wire.__support_amd) === true || arm === false) && bits !== 32) return 'X86_64';
  return null;
}

const GLANCE_STATUSES = Object.keys(IMS_STATUS) as ImsImageStatus[];
const GLANCE_VISIBILITIES = Object.keys(IMS_VISIBILITY) as ImsVisibility[];

/** Glance's word → the SDL enum spelling (`pending_delete` → PENDING_DELETE). */
function glanceWord<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  return typeof value === 'string' ? enumValue(value.replace(/-/g, '_'), allowed) : null;
}

/** Maps one image body (details or a list item) to the GraphQL type. */
export function mapImsImage(wire: ImsImageWire, where: ImsLocation): ImsImageModel {
  const glanceStatus = glanceWord(wire.status, GLANCE_STATUSES);
  const glanceVisibility = glanceWord(wire.visibility, GLANCE_VISIBILITIES);
  const size = bigIntFrom(wire.size);
  const imageSize = bigIntFrom(wire.__image_size);
  const createdAt = dateFromIso(wire.created_at);
  const updatedAt = dateFromIso(wire.updated_at);
  // for…in, not Object.entries: no pair array per key (a third of this function's time under
  // `nodes`, by the profile). A parsed JSON body has no inherited enumerable keys. No prototype:
  // a property an upstream names `__proto__` stays a property, not the bag's prototype.
  const properties: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key in wire) if (!DOCUMENTED_FIELDS.has(key)) properties[key] = wire[key];
  const virtualEnv =
    typeof wire.virtual_env_type === 'string' ? VIRTUAL_ENV_TYPES[wire.virtual_env_type.toLowerCase()] : undefined;
  return {
    __typename: 'ImsImage',
    id: encodeGlobalId({ provider: PROVIDER, region: where.region, project: where.projectId, nativeId: wire.id }),
    provider: PROVIDER,
    nativeId: wire.id,
    region: where.region || null,
    projectId: where.projectId || null,
    name: stringOrNull(wire.name),
    description: stringOrNull(wire.__description),
    status: glanceStatus ? IMS_STATUS[glanceStatus] : 'UNKNOWN',
    vendorStatus: stringOrNull(wire.status),
    architecture: imsArchitecture(wire),
    sizeBytes: imageSize ?? size,
    createdAt,
    updatedAt,
    visibility: glanceVisibility ? IMS_VISIBILITY[glanceVisibility] : null,

    file: stringOrNull(wire.file),
    owner: stringOrNull(wire.owner),
    size,
    self: stringOrNull(wire.self),
    schema: stringOrNull(wire.schema),
    glanceStatus,
    tags: Array.isArray(wire.tags) ? wire.tags.filter((tag): tag is string => typeof tag === 'string') : null,
    glanceVisibility,
    checksum: stringOrNull(wire.checksum),
    protected: typeof wire.protected === 'boolean' ? wire.protected : booleanFrom(wire.protected),
    containerFormat: stringOrNull(wire.container_format),
    minRam: intFrom(wire.min_ram),
    maxRam: intFrom(wire.max_ram),
    diskFormat: stringOrNull(wire.disk_format),
    virtualSize: bigIntFrom(wire.virtual_size),
    minDisk: intFrom(wire.min_disk),
    osBit: intFrom(wire.__os_bit),
    osVersion: stringOrNull(wire.__os_version),
    isregistered: booleanFrom(wire.__isregistered),
    platform: stringOrNull(wire.__platform),
    osType: enumValue(wire.__os_type, OS_TYPES),
    systemCmkid: stringOrNull(wire.__system__cmkid),
    virtualEnvType: virtualEnv ?? null,
    imageSourceType: stringOrNull(wire.__image_source_type),
    imagetype: enumValue(wire.__imagetype, IMAGE_TYPES),
    originalimagename: stringOrNull(wire.__originalimagename),
    backupId: stringOrNull(wire.__backup_id),
    productcode: stringOrNull(wire.__productcode),
    imageSize,
    dataOrigin: stringOrNull(wire.__data_origin),
    rootOrigin: stringOrNull(wire.__root_origin),
    lazyloading: booleanFrom(wire.__lazyloading),
    activeAt: dateFromIso(wire.active_at),
    osFeatureList: wire.__os_feature_list === undefined ? null : osFeaturesFrom(wire.__os_feature_list),
    sequenceNum: intFrom(wire.__sequence_num),
    supportKvm: booleanFrom(wire.__support_kvm),
    supportXen: booleanFrom(wire.__support_xen),
    supportLargememory: booleanFrom(wire.__support_largememory),
    supportDiskintensive: booleanFrom(wire.__support_diskintensive),
    supportHighperformance: booleanFrom(wire.__support_highperformance),
    supportXenGpuType: stringOrNull(wire.__support_xen_gpu_type),
    supportKvmGpuType: stringOrNull(wire.__support_kvm_gpu_type),
    supportXenHana: booleanFrom(wire.__support_xen_hana),
    supportKvmInfiniband: booleanFrom(wire.__support_kvm_infiniband),
    supportFcInject: booleanFrom(wire.__support_fc_inject),
    enterpriseProjectId: stringOrNull(wire.enterprise_project_id),
    isOffshelved: booleanFrom(wire.__is_offshelved),
    hwFirmwareType: enumValue(wire.hw_firmware_type, FIRMWARE_TYPES),
    hwVifMultiqueueEnabled: booleanFrom(wire.hw_vif_multiqueue_enabled),
    supportArm: booleanFrom(wire.__support_arm),
    supportAgentList: commaListFrom(wire.__support_agent_list),
    accountCode: stringOrNull(wire.__account_code),
    imageLocation: stringOrNull(wire.__image_location),
    isConfigInit: booleanFrom(wire.__is_config_init),
    supportAmd: booleanFrom(wire.__support_amd),
    properties,
  };
}
