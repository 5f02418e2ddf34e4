/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** `AddImage`: add a custom image to E-HPC, a VM image from ECS or a container image from a registry. */
export type AddEhpcImageInput = {
  /** For a CONTAINER image (`ContainerImageSpec`, sent JSON-encoded). */
  containerImageSpec?: EhpcContainerImageSpecInput | null | undefined;
  /** Description (`Description`). */
  description?: string | null | undefined;
  /** VM or CONTAINER (`ImageType`); when left out, the one spec given says which. */
  imageType?: EhpcImageType | null | undefined;
  /** Image version (`ImageVersion`), e.g. `V1.0`. */
  imageVersion?: string | null | undefined;
  /** Image name (`Name`). */
  name: string;
  /** Region of the E-HPC instance to add to; defaults to the configured one. */
  region?: string | null | undefined;
  /** For a VM image (`VMImageSpec`, sent JSON-encoded). */
  vmImageSpec?: EhpcVmImageSpecInput | null | undefined;
};

export type CpuArchitecture =
  | 'AARCH64'
  | 'X86_64';

/**
 * `POST /v2/images`: an image's metadata, without data yet (status QUEUED).
 * Checked before any call: `name` 1–255 characters; `minDisk` 0–1024 (GB; IMS
 * itself requires 1–1024, and 0, Glance's default, means no minimum); `minRam`
 * ≥ 0 (MB); `diskFormat` and `containerFormat` a lower-case word of at most 20
 * characters (`[a-z0-9][a-z0-9_-]*`: which formats there are is an endpoint's
 * setting; IMS documents zvhd2, vhd, raw, qcow2 and the container format bare);
 * each tag 1–255 characters without `/` (any Unicode); every property value a string.
 */
export type CreateImsImageInput = {
  /** Container format (`container_format`); the default is bare. */
  containerFormat?: string | null | undefined;
  /** Description (sent as `__description`), at most 1024 characters. */
  description?: string | null | undefined;
  /** Image format (`disk_format`); IMS's default is zvhd2. */
  diskFormat?: string | null | undefined;
  /** An id of your choosing (a lower-case UUID), as Glance allows; default: the endpoint picks one. */
  id?: string | null | undefined;
  /** Minimum disk in GB (`min_disk`). */
  minDisk?: number | null | undefined;
  /** Minimum memory in MB (`min_ram`). */
  minRam?: number | null | undefined;
  /** Image name (`name`), 1–255 characters. */
  name: string;
  /** OS version (sent as `__os_version`), e.g. `Ubuntu 22.04 server 64bit`; IMS derives platform, OS type and bits from it. */
  osVersion?: string | null | undefined;
  /**
   * Other properties, by their wire names, each value a string (`{"hw_disk_bus": "virtio"}`).
   * Refused: Glance's core and read-only attributes (`id`, `status`, `owner`, `size`, …),
   * its reserved `os_glance_*`, `location(s)`, `deleted(_at)`, and the names with a field
   * of their own here (`__description`, `__os_version`).
   */
  properties?: Record<string, unknown> | null | undefined;
  /** A protected image cannot be deleted (`protected`, default false). */
  protected?: boolean | null | undefined;
  /** Region of the IMS endpoint to create in; defaults to the first configured. */
  region?: string | null | undefined;
  /** Tags (`tags`). */
  tags?: Array<string> | null | undefined;
  /** Visibility (`visibility`): IMS creates private images only; Glance's default is shared, and public needs an admin. */
  visibility?: ImsVisibility | null | undefined;
};

export type DeleteImageInput = {
  /** Delete what stores the image's content too, where the cloud can (ModelArts: its SWR content). Default false. */
  force?: boolean | null | undefined;
  /** The image's global id (any provider's `Image.id`). */
  id: string | number;
};

/** Container image configuration (AddImage's `ContainerImageSpec`). */
export type EhpcContainerImageSpecInput = {
  /** Whether the image is stored in an ACR Enterprise Edition instance (`IsACREnterprise`). */
  isAcrEnterprise?: boolean | null | undefined;
  /** Whether the image is stored in an Alibaba Cloud Container Registry (ACR) instance (`IsACRRegistry`). */
  isAcrRegistry?: boolean | null | undefined;
  /** Authentication for a private registry (`RegistryCredential`). */
  registryCredential?: EhpcRegistryCredentialInput | null | undefined;
  /** ACR Enterprise Edition instance id (`RegistryCriId`). */
  registryCriId?: string | null | undefined;
  /** Container image registry URL (`RegistryUrl`), e.g. `registry-vpc.cn-hangzhou.aliyuncs.com/ehpc_open/nginx:latest`. */
  registryUrl: string;
};

/** Image source (`ImageCategory`). */
export type EhpcImageCategory =
  /** Your own image (`Custom`). */
  | 'CUSTOM'
  /** Provided by Alibaba Cloud (`Public`). */
  | 'PUBLIC';

/** Image type (`ImageType`). */
export type EhpcImageType =
  /** A container image (`Container`). */
  | 'CONTAINER'
  /** A virtual machine image (`VM`, the API's default). */
  | 'VM';

/**
 * Authentication for a private image registry (AddImage's
 * `ContainerImageSpec.RegistryCredential`).
 */
export type EhpcRegistryCredentialInput = {
  /** Password (`Password`): at least 4 characters, sent to E-HPC in the signed AddImage call only, never returned, logged or echoed. */
  password?: string | null | undefined;
  /** Registry server address (`Server`), e.g. `registry-vpc.cn-hangzhou.aliyuncs.com`. */
  server?: string | null | undefined;
  /** Username to log on to the registry (`UserName`). */
  userName?: string | null | undefined;
};

/** Virtual machine image configuration (AddImage's `VMImageSpec`). */
export type EhpcVmImageSpecInput = {
  /** The ECS image id (`ImageId`), e.g. `m-bp1akkkr1rkxtb******`. */
  imageId: string;
};

/** What `images` returns; every condition must hold (lists are any-of). */
export type ImageFilter = {
  architecture?: Array<CpuArchitecture> | null | undefined;
  /** Created strictly after this time. */
  createdAfter?: string | null | undefined;
  /** Created strictly before this time. */
  createdBefore?: string | null | undefined;
  /** Case-insensitive substring of the name. */
  nameContains?: string | null | undefined;
  /** Only these providers (default: all configured). */
  providers?: Array<ImageProvider> | null | undefined;
  /** Only these source regions. */
  regions?: Array<string> | null | undefined;
  status?: Array<ImageStatus> | null | undefined;
  visibility?: Array<ImageVisibility> | null | undefined;
};

/** The cloud API an image comes from. Each source's SDL adds its own value (`extend enum ImageProvider`). */
export type ImageProvider =
  /** Alibaba Cloud E-HPC Instant (API version 2023-07-01) */
  | 'EHPC'
  /** Huawei Cloud IMS through its native OpenStack Glance v2 API (any Glance v2) */
  | 'IMS'
  /** Huawei Cloud ModelArts image management */
  | 'MODELARTS';

/** An image's lifecycle state, normalized across clouds; `vendorStatus` keeps the cloud's own word. */
export type ImageStatus =
  | 'ACTIVE'
  | 'CREATING'
  | 'DELETED'
  | 'FAILED'
  | 'QUEUED'
  | 'UNKNOWN';

export type ImageVisibility =
  | 'PRIVATE'
  | 'PUBLIC'
  | 'SHARED';

/** ECS boot mode (`hw_firmware_type`). */
export type ImsFirmwareType =
  | 'BIOS'
  | 'UEFI';

/** Glance's image status (`status`); `Image.status` is its normalized form. */
export type ImsImageStatus =
  /** Usable. */
  | 'ACTIVE'
  /** Glance: an admin made the image's data unavailable. */
  | 'DEACTIVATED'
  /** Deleted. */
  | 'DELETED'
  /** Glance: the interoperable import is running. */
  | 'IMPORTING'
  /** The upload failed. */
  | 'KILLED'
  /** Glance: deleted, data kept until the scrubber runs. */
  | 'PENDING_DELETE'
  /** Metadata exists, no data uploaded yet. */
  | 'QUEUED'
  /** The data is being uploaded to the backend store. */
  | 'SAVING'
  /** Glance: data staged by the interoperable import, not yet imported. */
  | 'UPLOADING';

/** IMS image type (`__imagetype`). */
export type ImsImageType =
  /** Public image (`gold`). */
  | 'GOLD'
  /** KooGallery image (`market`). */
  | 'MARKET'
  /** Private image. */
  | 'PRIVATE'
  /** Image shared with the project. */
  | 'SHARED';

/** OS type (`__os_type`). */
export type ImsOsType =
  | 'LINUX'
  | 'OTHER'
  | 'WINDOWS';

/** Where the image is used (`virtual_env_type`). */
export type ImsVirtualEnvType =
  /** Data disk image (`DataImage`). */
  | 'DATA_IMAGE'
  /** ECS system disk image (`FusionCompute`). */
  | 'FUSION_COMPUTE'
  /** BMS image (`Ironic`). */
  | 'IRONIC'
  /** ISO image (`IsoImage`). */
  | 'ISO_IMAGE';

/** Glance's image visibility (`visibility`); `Image.visibility` is its normalized form (COMMUNITY → PUBLIC). */
export type ImsVisibility =
  /** Glance: usable by every project, not listed by default. */
  | 'COMMUNITY'
  | 'PRIVATE'
  | 'PUBLIC'
  | 'SHARED';

/** Processor architecture (`arch`). The API sends `x86_64` in examples and `X86_64` in its enum; both map here. */
export type ModelArtsArch =
  | 'AARCH64'
  | 'X86_64';

/** Services a ModelArts image supports (`dev_services`, `services`). */
export type ModelArtsDevService =
  /** Access a notebook instance over HTTPS. */
  | 'NOTEBOOK'
  /** Access a notebook instance from a local IDE over SSH. */
  | 'SSH';

/** Where a ModelArts image comes from (`origin`). */
export type ModelArtsImageOrigin =
  /** Custom image (the default). */
  | 'CUSTOMIZE'
  /** Image saved from a development environment instance. */
  | 'IMAGE_SAVE';

/** ModelArts image status (`status`); `Image.status` is its normalized form. */
export type ModelArtsImageStatus =
  | 'ACTIVE'
  | 'CREATE_FAILED'
  | 'CREATING'
  | 'DELETED'
  | 'ERROR'
  | 'INIT';

/** Built-in or private (`type`). */
export type ModelArtsImageType =
  /** Built-in system image. */
  | 'BUILD_IN'
  /** Private image. */
  | 'DEDICATED';

/** Flavors a ModelArts image supports (`resource_categories`, `resource_category`, `support_res_categories`). */
export type ModelArtsResourceCategory =
  | 'ASCEND'
  | 'CPU'
  | 'GPU';

/** Which services a ModelArts image is for (`service_type`). */
export type ModelArtsServiceType =
  | 'COMMON'
  | 'DEV'
  | 'INFERENCE'
  | 'TRAIN'
  | 'UNKNOWN';

/** ModelArts image visibility (`visibility`). */
export type ModelArtsVisibility =
  | 'PRIVATE'
  | 'PUBLIC';

/** `POST /v1/{project_id}/images`: register a custom image from SWR. */
export type RegisterModelArtsImageInput = {
  arch?: ModelArtsArch | null | undefined;
  /** At most 512 characters. */
  description?: string | null | undefined;
  origin?: ModelArtsImageOrigin | null | undefined;
  /** Project to register in; defaults to the configured project. */
  projectId?: string | null | undefined;
  /** Region of the ModelArts instance to use; defaults to the configured region. */
  region?: string | null | undefined;
  /** Flavors the image supports (sent as `resource_category`). */
  resourceCategory?: Array<ModelArtsResourceCategory> | null | undefined;
  serviceType?: ModelArtsServiceType | null | undefined;
  /** Services the image supports (sent as `services`). */
  services?: Array<ModelArtsDevService> | null | undefined;
  /** SWR image address, e.g. `swr.example.com/org/name:tag`. */
  swrPath?: string | null | undefined;
  visibility?: ModelArtsVisibility | null | undefined;
  /** Workspace id; `0` when no workspaces are available. */
  workspaceId?: string | null | undefined;
};

/** `POST /v1/{project_id}/notebooks/{id}/create-image`: save a running notebook instance as an image. */
export type SaveNotebookAsImageInput = {
  /** At most 512 characters. */
  description?: string | null | undefined;
  /** At most 512 characters: lowercase letters, digits, `-`, `_` and `.`. */
  name?: string | null | undefined;
  /** SWR organization. */
  namespace?: string | null | undefined;
  /** The notebook instance id (`id` in the path). */
  notebookId: string;
  projectId?: string | null | undefined;
  region?: string | null | undefined;
  /** At most 64 characters: letters, digits, `-`, `_` and `.`. */
  tag?: string | null | undefined;
  workspaceId?: string | null | undefined;
};

export type CatalogImageDetailsQueryVariables = Exact<{
  id: string | number;
}>;


export type CatalogImageDetailsQuery = { node:
    | { __typename: 'EhpcImage', description: string | null, id: string, provider: ImageProvider, nativeId: string, name: string | null, region: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, visibility: ImageVisibility | null, createdAt: string | null, updatedAt: string | null, imageType: EhpcImageType | null, imageCategory: EhpcImageCategory | null, appId: string | null, version: string | null, createTime: string | null, ehpcStatus: string | null, updateTime: string | null, weight: number | null, osTag: string | null, requestId: string | null, sizeText: string | null, containerImageSpec: { registryUrl: string | null, isAcrRegistry: boolean | null, isAcrEnterprise: boolean | null, registryCriId: string | null, osTag: string | null, platform: string | null, architecture: string | null, registryCredential: { server: string | null, userName: string | null, hasPassword: boolean } | null } | null, vmImageSpec: { imageId: string | null, osTag: string | null, platform: string | null, architecture: string | null } | null, documentInfo: { documentId: string | null, encodingMode: string | null, document: string | null } | null, additionalRegionsInfo: Array<{ status: string | null, imageId: string | null, regionId: string | null }> | null }
    | { __typename: 'ImsImage', description: string | null, id: string, provider: ImageProvider, nativeId: string, name: string | null, region: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, visibility: ImageVisibility | null, createdAt: string | null, updatedAt: string | null, projectId: string | null, file: string | null, owner: string | null, size: number | string | null, self: string | null, schema: string | null, glanceStatus: ImsImageStatus | null, tags: Array<string> | null, glanceVisibility: ImsVisibility | null, checksum: string | null, protected: boolean | null, containerFormat: string | null, minRam: number | null, maxRam: number | null, diskFormat: string | null, virtualSize: number | string | null, minDisk: number | null, osBit: number | null, osVersion: string | null, isregistered: boolean | null, platform: string | null, osType: ImsOsType | null, systemCmkid: string | null, virtualEnvType: ImsVirtualEnvType | null, imageSourceType: string | null, imagetype: ImsImageType | null, originalimagename: string | null, backupId: string | null, productcode: string | null, imageSize: number | string | null, dataOrigin: string | null, rootOrigin: string | null, lazyloading: boolean | null, activeAt: string | null, sequenceNum: number | null, supportKvm: boolean | null, supportXen: boolean | null, supportLargememory: boolean | null, supportDiskintensive: boolean | null, supportHighperformance: boolean | null, supportXenGpuType: string | null, supportKvmGpuType: string | null, supportXenHana: boolean | null, supportKvmInfiniband: boolean | null, supportFcInject: boolean | null, enterpriseProjectId: string | null, isOffshelved: boolean | null, hwFirmwareType: ImsFirmwareType | null, hwVifMultiqueueEnabled: boolean | null, supportArm: boolean | null, supportAgentList: Array<string> | null, accountCode: string | null, imageLocation: string | null, isConfigInit: boolean | null, supportAmd: boolean | null, properties: Record<string, unknown>, osFeatureList: Array<{ name: string, value: string | null }> | null }
    | { __typename: 'ModelArtsImage', description: string | null, id: string, provider: ImageProvider, nativeId: string, name: string | null, region: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, visibility: ImageVisibility | null, createdAt: string | null, updatedAt: string | null, projectId: string | null, arch: ModelArtsArch | null, createAt: string | null, devServices: Array<ModelArtsDevService> | null, namespace: string | null, origin: ModelArtsImageOrigin | null, resourceCategories: Array<ModelArtsResourceCategory> | null, serviceType: ModelArtsServiceType | null, size: number | string | null, modelArtsStatus: ModelArtsImageStatus | null, statusMessage: string | null, supportResCategories: Array<ModelArtsResourceCategory> | null, swrPath: string | null, tag: string | null, type: ModelArtsImageType | null, updateAt: string | null, modelArtsVisibility: ModelArtsVisibility | null, workspaceId: string | null }
   | null };

export type ModelArtsImageDetailsFragment = { projectId: string | null, arch: ModelArtsArch | null, createAt: string | null, devServices: Array<ModelArtsDevService> | null, namespace: string | null, origin: ModelArtsImageOrigin | null, resourceCategories: Array<ModelArtsResourceCategory> | null, serviceType: ModelArtsServiceType | null, size: number | string | null, modelArtsStatus: ModelArtsImageStatus | null, statusMessage: string | null, supportResCategories: Array<ModelArtsResourceCategory> | null, swrPath: string | null, tag: string | null, type: ModelArtsImageType | null, updateAt: string | null, modelArtsVisibility: ModelArtsVisibility | null, workspaceId: string | null };

export type ImsImageDetailsFragment = { projectId: string | null, file: string | null, owner: string | null, size: number | string | null, self: string | null, schema: string | null, glanceStatus: ImsImageStatus | null, tags: Array<string> | null, glanceVisibility: ImsVisibility | null, checksum: string | null, protected: boolean | null, containerFormat: string | null, minRam: number | null, maxRam: number | null, diskFormat: string | null, virtualSize: number | string | null, minDisk: number | null, osBit: number | null, osVersion: string | null, isregistered: boolean | null, platform: string | null, osType: ImsOsType | null, systemCmkid: string | null, virtualEnvType: ImsVirtualEnvType | null, imageSourceType: string | null, imagetype: ImsImageType | null, originalimagename: string | null, backupId: string | null, productcode: string | null, imageSize: number | string | null, dataOrigin: string | null, rootOrigin: string | null, lazyloading: boolean | null, activeAt: string | null, sequenceNum: number | null, supportKvm: boolean | null, supportXen: boolean | null, supportLargememory: boolean | null, supportDiskintensive: boolean | null, supportHighperformance: boolean | null, supportXenGpuType: string | null, supportKvmGpuType: string | null, supportXenHana: boolean | null, supportKvmInfiniband: boolean | null, supportFcInject: boolean | null, enterpriseProjectId: string | null, isOffshelved: boolean | null, hwFirmwareType: ImsFirmwareType | null, hwVifMultiqueueEnabled: boolean | null, supportArm: boolean | null, supportAgentList: Array<string> | null, accountCode: string | null, imageLocation: string | null, isConfigInit: boolean | null, supportAmd: boolean | null, properties: Record<string, unknown>, osFeatureList: Array<{ name: string, value: string | null }> | null };

export type EhpcImageDetailsFragment = { imageType: EhpcImageType | null, imageCategory: EhpcImageCategory | null, appId: string | null, version: string | null, createTime: string | null, ehpcStatus: string | null, updateTime: string | null, weight: number | null, osTag: string | null, requestId: string | null, sizeText: string | null, containerImageSpec: { registryUrl: string | null, isAcrRegistry: boolean | null, isAcrEnterprise: boolean | null, registryCriId: string | null, osTag: string | null, platform: string | null, architecture: string | null, registryCredential: { server: string | null, userName: string | null, hasPassword: boolean } | null } | null, vmImageSpec: { imageId: string | null, osTag: string | null, platform: string | null, architecture: string | null } | null, documentInfo: { documentId: string | null, encodingMode: string | null, document: string | null } | null, additionalRegionsInfo: Array<{ status: string | null, imageId: string | null, regionId: string | null }> | null };

type ImageRow_EhpcImage_Fragment = { id: string, provider: ImageProvider, nativeId: string, name: string | null, region: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, visibility: ImageVisibility | null, createdAt: string | null, updatedAt: string | null };

type ImageRow_ImsImage_Fragment = { id: string, provider: ImageProvider, nativeId: string, name: string | null, region: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, visibility: ImageVisibility | null, createdAt: string | null, updatedAt: string | null };

type ImageRow_ModelArtsImage_Fragment = { id: string, provider: ImageProvider, nativeId: string, name: string | null, region: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, visibility: ImageVisibility | null, createdAt: string | null, updatedAt: string | null };

export type ImageRowFragment =
  | ImageRow_EhpcImage_Fragment
  | ImageRow_ImsImage_Fragment
  | ImageRow_ModelArtsImage_Fragment
;

export type CatalogImagesQueryVariables = Exact<{
  filter?: ImageFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CatalogImagesQuery = { images: { totalCount: number | null, edges: Array<{ cursor: string, node:
        | { id: string, provider: ImageProvider, nativeId: string, name: string | null, region: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, visibility: ImageVisibility | null, createdAt: string | null, updatedAt: string | null }
        | { id: string, provider: ImageProvider, nativeId: string, name: string | null, region: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, visibility: ImageVisibility | null, createdAt: string | null, updatedAt: string | null }
        | { id: string, provider: ImageProvider, nativeId: string, name: string | null, region: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, visibility: ImageVisibility | null, createdAt: string | null, updatedAt: string | null }
       }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CatalogRegisterModelArtsImageMutationVariables = Exact<{
  input: RegisterModelArtsImageInput;
}>;


export type CatalogRegisterModelArtsImageMutation = { registerModelArtsImage: { image: { id: string, provider: ImageProvider, nativeId: string, name: string | null, region: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, visibility: ImageVisibility | null, createdAt: string | null, updatedAt: string | null } | null } };

export type CatalogSaveNotebookAsImageMutationVariables = Exact<{
  input: SaveNotebookAsImageInput;
}>;


export type CatalogSaveNotebookAsImageMutation = { saveNotebookAsImage: { image: { id: string, provider: ImageProvider, nativeId: string, name: string | null, region: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, visibility: ImageVisibility | null, createdAt: string | null, updatedAt: string | null } | null } };

export type CatalogCreateImsImageMutationVariables = Exact<{
  input: CreateImsImageInput;
}>;


export type CatalogCreateImsImageMutation = { createImsImage: { image: { id: string, provider: ImageProvider, nativeId: string, name: string | null, region: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, visibility: ImageVisibility | null, createdAt: string | null, updatedAt: string | null } | null } };

export type CatalogAddEhpcImageMutationVariables = Exact<{
  input: AddEhpcImageInput;
}>;


export type CatalogAddEhpcImageMutation = { addEhpcImage: { image: { id: string, provider: ImageProvider, nativeId: string, name: string | null, region: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, visibility: ImageVisibility | null, createdAt: string | null, updatedAt: string | null } | null } };

export type CatalogDeleteImageMutationVariables = Exact<{
  input: DeleteImageInput;
}>;


export type CatalogDeleteImageMutation = { deleteImage: { deletedId: string } };

export type CatalogWatchImageSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type CatalogWatchImageSubscription = { imageChanged:
    | { id: string, provider: ImageProvider, nativeId: string, name: string | null, region: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, visibility: ImageVisibility | null, createdAt: string | null, updatedAt: string | null }
    | { id: string, provider: ImageProvider, nativeId: string, name: string | null, region: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, visibility: ImageVisibility | null, createdAt: string | null, updatedAt: string | null }
    | { id: string, provider: ImageProvider, nativeId: string, name: string | null, region: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, visibility: ImageVisibility | null, createdAt: string | null, updatedAt: string | null }
   };

export const ModelArtsImageDetailsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ModelArtsImageDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelArtsImage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projectId"}},{"kind":"Field","name":{"kind":"Name","value":"arch"}},{"kind":"Field","name":{"kind":"Name","value":"createAt"}},{"kind":"Field","name":{"kind":"Name","value":"devServices"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"resourceCategories"}},{"kind":"Field","name":{"kind":"Name","value":"serviceType"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"modelArtsStatus"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"supportResCategories"}},{"kind":"Field","name":{"kind":"Name","value":"swrPath"}},{"kind":"Field","name":{"kind":"Name","value":"tag"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"updateAt"}},{"kind":"Field","name":{"kind":"Name","value":"modelArtsVisibility"}},{"kind":"Field","name":{"kind":"Name","value":"workspaceId"}}]}}]} as unknown as DocumentNode<ModelArtsImageDetailsFragment, unknown>;
export const ImsImageDetailsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImsImageDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImsImage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projectId"}},{"kind":"Field","name":{"kind":"Name","value":"file"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"self"}},{"kind":"Field","name":{"kind":"Name","value":"schema"}},{"kind":"Field","name":{"kind":"Name","value":"glanceStatus"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"glanceVisibility"}},{"kind":"Field","name":{"kind":"Name","value":"checksum"}},{"kind":"Field","name":{"kind":"Name","value":"protected"}},{"kind":"Field","name":{"kind":"Name","value":"containerFormat"}},{"kind":"Field","name":{"kind":"Name","value":"minRam"}},{"kind":"Field","name":{"kind":"Name","value":"maxRam"}},{"kind":"Field","name":{"kind":"Name","value":"diskFormat"}},{"kind":"Field","name":{"kind":"Name","value":"virtualSize"}},{"kind":"Field","name":{"kind":"Name","value":"minDisk"}},{"kind":"Field","name":{"kind":"Name","value":"osBit"}},{"kind":"Field","name":{"kind":"Name","value":"osVersion"}},{"kind":"Field","name":{"kind":"Name","value":"isregistered"}},{"kind":"Field","name":{"kind":"Name","value":"platform"}},{"kind":"Field","name":{"kind":"Name","value":"osType"}},{"kind":"Field","name":{"kind":"Name","value":"systemCmkid"}},{"kind":"Field","name":{"kind":"Name","value":"virtualEnvType"}},{"kind":"Field","name":{"kind":"Name","value":"imageSourceType"}},{"kind":"Field","name":{"kind":"Name","value":"imagetype"}},{"kind":"Field","name":{"kind":"Name","value":"originalimagename"}},{"kind":"Field","name":{"kind":"Name","value":"backupId"}},{"kind":"Field","name":{"kind":"Name","value":"productcode"}},{"kind":"Field","name":{"kind":"Name","value":"imageSize"}},{"kind":"Field","name":{"kind":"Name","value":"dataOrigin"}},{"kind":"Field","name":{"kind":"Name","value":"rootOrigin"}},{"kind":"Field","name":{"kind":"Name","value":"lazyloading"}},{"kind":"Field","name":{"kind":"Name","value":"activeAt"}},{"kind":"Field","name":{"kind":"Name","value":"osFeatureList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sequenceNum"}},{"kind":"Field","name":{"kind":"Name","value":"supportKvm"}},{"kind":"Field","name":{"kind":"Name","value":"supportXen"}},{"kind":"Field","name":{"kind":"Name","value":"supportLargememory"}},{"kind":"Field","name":{"kind":"Name","value":"supportDiskintensive"}},{"kind":"Field","name":{"kind":"Name","value":"supportHighperformance"}},{"kind":"Field","name":{"kind":"Name","value":"supportXenGpuType"}},{"kind":"Field","name":{"kind":"Name","value":"supportKvmGpuType"}},{"kind":"Field","name":{"kind":"Name","value":"supportXenHana"}},{"kind":"Field","name":{"kind":"Name","value":"supportKvmInfiniband"}},{"kind":"Field","name":{"kind":"Name","value":"supportFcInject"}},{"kind":"Field","name":{"kind":"Name","value":"enterpriseProjectId"}},{"kind":"Field","name":{"kind":"Name","value":"isOffshelved"}},{"kind":"Field","name":{"kind":"Name","value":"hwFirmwareType"}},{"kind":"Field","name":{"kind":"Name","value":"hwVifMultiqueueEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"supportArm"}},{"kind":"Field","name":{"kind":"Name","value":"supportAgentList"}},{"kind":"Field","name":{"kind":"Name","value":"accountCode"}},{"kind":"Field","name":{"kind":"Name","value":"imageLocation"}},{"kind":"Field","name":{"kind":"Name","value":"isConfigInit"}},{"kind":"Field","name":{"kind":"Name","value":"supportAmd"}},{"kind":"Field","name":{"kind":"Name","value":"properties"}}]}}]} as unknown as DocumentNode<ImsImageDetailsFragment, unknown>;
export const EhpcImageDetailsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EhpcImageDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EhpcImage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageType"}},{"kind":"Field","name":{"kind":"Name","value":"imageCategory"}},{"kind":"Field","name":{"kind":"Name","value":"appId"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","alias":{"kind":"Name","value":"sizeText"},"name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"createTime"}},{"kind":"Field","name":{"kind":"Name","value":"ehpcStatus"}},{"kind":"Field","name":{"kind":"Name","value":"containerImageSpec"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registryUrl"}},{"kind":"Field","name":{"kind":"Name","value":"isAcrRegistry"}},{"kind":"Field","name":{"kind":"Name","value":"isAcrEnterprise"}},{"kind":"Field","name":{"kind":"Name","value":"registryCriId"}},{"kind":"Field","name":{"kind":"Name","value":"registryCredential"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"server"}},{"kind":"Field","name":{"kind":"Name","value":"userName"}},{"kind":"Field","name":{"kind":"Name","value":"hasPassword"}}]}},{"kind":"Field","name":{"kind":"Name","value":"osTag"}},{"kind":"Field","name":{"kind":"Name","value":"platform"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}}]}},{"kind":"Field","name":{"kind":"Name","value":"vmImageSpec"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"osTag"}},{"kind":"Field","name":{"kind":"Name","value":"platform"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}}]}},{"kind":"Field","name":{"kind":"Name","value":"documentInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"encodingMode"}},{"kind":"Field","name":{"kind":"Name","value":"document"}}]}},{"kind":"Field","name":{"kind":"Name","value":"additionalRegionsInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"regionId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updateTime"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"osTag"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}}]}}]} as unknown as DocumentNode<EhpcImageDetailsFragment, unknown>;
export const ImageRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImageRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Image"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ImageRowFragment, unknown>;
export const CatalogImageDetailsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CatalogImageDetails"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Image"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImageRow"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ModelArtsImageDetails"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImsImageDetails"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"EhpcImageDetails"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImageRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Image"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ModelArtsImageDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelArtsImage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projectId"}},{"kind":"Field","name":{"kind":"Name","value":"arch"}},{"kind":"Field","name":{"kind":"Name","value":"createAt"}},{"kind":"Field","name":{"kind":"Name","value":"devServices"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"resourceCategories"}},{"kind":"Field","name":{"kind":"Name","value":"serviceType"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"modelArtsStatus"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"supportResCategories"}},{"kind":"Field","name":{"kind":"Name","value":"swrPath"}},{"kind":"Field","name":{"kind":"Name","value":"tag"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"updateAt"}},{"kind":"Field","name":{"kind":"Name","value":"modelArtsVisibility"}},{"kind":"Field","name":{"kind":"Name","value":"workspaceId"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImsImageDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImsImage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projectId"}},{"kind":"Field","name":{"kind":"Name","value":"file"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"self"}},{"kind":"Field","name":{"kind":"Name","value":"schema"}},{"kind":"Field","name":{"kind":"Name","value":"glanceStatus"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"glanceVisibility"}},{"kind":"Field","name":{"kind":"Name","value":"checksum"}},{"kind":"Field","name":{"kind":"Name","value":"protected"}},{"kind":"Field","name":{"kind":"Name","value":"containerFormat"}},{"kind":"Field","name":{"kind":"Name","value":"minRam"}},{"kind":"Field","name":{"kind":"Name","value":"maxRam"}},{"kind":"Field","name":{"kind":"Name","value":"diskFormat"}},{"kind":"Field","name":{"kind":"Name","value":"virtualSize"}},{"kind":"Field","name":{"kind":"Name","value":"minDisk"}},{"kind":"Field","name":{"kind":"Name","value":"osBit"}},{"kind":"Field","name":{"kind":"Name","value":"osVersion"}},{"kind":"Field","name":{"kind":"Name","value":"isregistered"}},{"kind":"Field","name":{"kind":"Name","value":"platform"}},{"kind":"Field","name":{"kind":"Name","value":"osType"}},{"kind":"Field","name":{"kind":"Name","value":"systemCmkid"}},{"kind":"Field","name":{"kind":"Name","value":"virtualEnvType"}},{"kind":"Field","name":{"kind":"Name","value":"imageSourceType"}},{"kind":"Field","name":{"kind":"Name","value":"imagetype"}},{"kind":"Field","name":{"kind":"Name","value":"originalimagename"}},{"kind":"Field","name":{"kind":"Name","value":"backupId"}},{"kind":"Field","name":{"kind":"Name","value":"productcode"}},{"kind":"Field","name":{"kind":"Name","value":"imageSize"}},{"kind":"Field","name":{"kind":"Name","value":"dataOrigin"}},{"kind":"Field","name":{"kind":"Name","value":"rootOrigin"}},{"kind":"Field","name":{"kind":"Name","value":"lazyloading"}},{"kind":"Field","name":{"kind":"Name","value":"activeAt"}},{"kind":"Field","name":{"kind":"Name","value":"osFeatureList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sequenceNum"}},{"kind":"Field","name":{"kind":"Name","value":"supportKvm"}},{"kind":"Field","name":{"kind":"Name","value":"supportXen"}},{"kind":"Field","name":{"kind":"Name","value":"supportLargememory"}},{"kind":"Field","name":{"kind":"Name","value":"supportDiskintensive"}},{"kind":"Field","name":{"kind":"Name","value":"supportHighperformance"}},{"kind":"Field","name":{"kind":"Name","value":"supportXenGpuType"}},{"kind":"Field","name":{"kind":"Name","value":"supportKvmGpuType"}},{"kind":"Field","name":{"kind":"Name","value":"supportXenHana"}},{"kind":"Field","name":{"kind":"Name","value":"supportKvmInfiniband"}},{"kind":"Field","name":{"kind":"Name","value":"supportFcInject"}},{"kind":"Field","name":{"kind":"Name","value":"enterpriseProjectId"}},{"kind":"Field","name":{"kind":"Name","value":"isOffshelved"}},{"kind":"Field","name":{"kind":"Name","value":"hwFirmwareType"}},{"kind":"Field","name":{"kind":"Name","value":"hwVifMultiqueueEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"supportArm"}},{"kind":"Field","name":{"kind":"Name","value":"supportAgentList"}},{"kind":"Field","name":{"kind":"Name","value":"accountCode"}},{"kind":"Field","name":{"kind":"Name","value":"imageLocation"}},{"kind":"Field","name":{"kind":"Name","value":"isConfigInit"}},{"kind":"Field","name":{"kind":"Name","value":"supportAmd"}},{"kind":"Field","name":{"kind":"Name","value":"properties"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EhpcImageDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EhpcImage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageType"}},{"kind":"Field","name":{"kind":"Name","value":"imageCategory"}},{"kind":"Field","name":{"kind":"Name","value":"appId"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","alias":{"kind":"Name","value":"sizeText"},"name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"createTime"}},{"kind":"Field","name":{"kind":"Name","value":"ehpcStatus"}},{"kind":"Field","name":{"kind":"Name","value":"containerImageSpec"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registryUrl"}},{"kind":"Field","name":{"kind":"Name","value":"isAcrRegistry"}},{"kind":"Field","name":{"kind":"Name","value":"isAcrEnterprise"}},{"kind":"Field","name":{"kind":"Name","value":"registryCriId"}},{"kind":"Field","name":{"kind":"Name","value":"registryCredential"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"server"}},{"kind":"Field","name":{"kind":"Name","value":"userName"}},{"kind":"Field","name":{"kind":"Name","value":"hasPassword"}}]}},{"kind":"Field","name":{"kind":"Name","value":"osTag"}},{"kind":"Field","name":{"kind":"Name","value":"platform"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}}]}},{"kind":"Field","name":{"kind":"Name","value":"vmImageSpec"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"osTag"}},{"kind":"Field","name":{"kind":"Name","value":"platform"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}}]}},{"kind":"Field","name":{"kind":"Name","value":"documentInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"encodingMode"}},{"kind":"Field","name":{"kind":"Name","value":"document"}}]}},{"kind":"Field","name":{"kind":"Name","value":"additionalRegionsInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"regionId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updateTime"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"osTag"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}}]}}]} as unknown as DocumentNode<CatalogImageDetailsQuery, CatalogImageDetailsQueryVariables>;
export const CatalogImagesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CatalogImages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ImageFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"images"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImageRow"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImageRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Image"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CatalogImagesQuery, CatalogImagesQueryVariables>;
export const CatalogRegisterModelArtsImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CatalogRegisterModelArtsImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterModelArtsImageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerModelArtsImage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImageRow"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImageRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Image"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CatalogRegisterModelArtsImageMutation, CatalogRegisterModelArtsImageMutationVariables>;
export const CatalogSaveNotebookAsImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CatalogSaveNotebookAsImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SaveNotebookAsImageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"saveNotebookAsImage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImageRow"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImageRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Image"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CatalogSaveNotebookAsImageMutation, CatalogSaveNotebookAsImageMutationVariables>;
export const CatalogCreateImsImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CatalogCreateImsImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateImsImageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createImsImage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImageRow"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImageRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Image"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CatalogCreateImsImageMutation, CatalogCreateImsImageMutationVariables>;
export const CatalogAddEhpcImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CatalogAddEhpcImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddEhpcImageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addEhpcImage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImageRow"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImageRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Image"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CatalogAddEhpcImageMutation, CatalogAddEhpcImageMutationVariables>;
export const CatalogDeleteImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CatalogDeleteImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteImageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteImage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedId"}}]}}]}}]} as unknown as DocumentNode<CatalogDeleteImageMutation, CatalogDeleteImageMutationVariables>;
export const CatalogWatchImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CatalogWatchImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImageRow"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImageRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Image"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CatalogWatchImageSubscription, CatalogWatchImageSubscriptionVariables>;