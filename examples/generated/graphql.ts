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

/**
 * `PUT` / `DELETE /v2/images/{id}/tags/{tag}`. The tag travels as one path
 * segment, percent-encoded: printable ASCII of 1–255 characters, spaces, `?`,
 * `#` and `%` included. Refused before any call: `/` (a Glance decodes `%2F`
 * before routing, so no such call reaches the tag) and anything not ASCII (a
 * Glance reads the path as Latin-1 and would store "grüße" as "grÃ¼Ãe"; give
 * such tags at creation). Huawei's IMS also refuses `=`.
 */
export type ImsImageTagInput = {
  /** The image's id (a UUID) or its global id. */
  id: string | number;
  region?: string | null | undefined;
  tag: string;
};

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

/**
 * `PATCH /v2/images/{id}` (`application/openstack-images-v2.1-json-patch`).
 * IMS lets only the name, the description and custom properties change, so
 * those are all this takes; at least one change is needed.
 */
export type UpdateImsImageInput = {
  /** A new description (`__description`), at most 1024 characters. */
  description?: string | null | undefined;
  /** The image's id (a UUID) or its global id. */
  id: string | number;
  /** A new name, 1–255 characters. */
  name?: string | null | undefined;
  region?: string | null | undefined;
  /**
   * Properties to remove, by wire name (`__description` removes the description);
   * core and reserved names are refused. Each must be there: the endpoint answers
   * CONFLICT otherwise.
   */
  removeProperties?: Array<string> | null | undefined;
  /**
   * Properties to set (added or replaced), by wire name, each value a string.
   * Refused as in CreateImsImageInput.properties, except that `__os_version` may
   * be set here (`__description` is `description`).
   */
  setProperties?: Record<string, unknown> | null | undefined;
};

export type AddEhpcImageMutationVariables = Exact<{
  input: AddEhpcImageInput;
}>;


export type AddEhpcImageMutation = { addEhpcImage: { image: { id: string, nativeId: string, name: string | null, version: string | null, imageType: EhpcImageType | null, status: ImageStatus, vmImageSpec: { imageId: string | null } | null, containerImageSpec: { registryUrl: string | null, registryCredential: { server: string | null, userName: string | null, hasPassword: boolean } | null } | null } | null } };

export type CreateImsImageMutationVariables = Exact<{
  input: CreateImsImageInput;
}>;


export type CreateImsImageMutation = { createImsImage: { image: { id: string, nativeId: string, name: string | null, description: string | null, status: ImageStatus, vendorStatus: string | null, visibility: ImageVisibility | null, diskFormat: string | null, containerFormat: string | null, minDisk: number | null, minRam: number | null, osVersion: string | null, protected: boolean | null, tags: Array<string> | null, properties: Record<string, unknown>, updatedAt: string | null } | null } };

export type ImsImageEditorFragment = { id: string, nativeId: string, name: string | null, description: string | null, status: ImageStatus, vendorStatus: string | null, visibility: ImageVisibility | null, diskFormat: string | null, containerFormat: string | null, minDisk: number | null, minRam: number | null, osVersion: string | null, protected: boolean | null, tags: Array<string> | null, properties: Record<string, unknown>, updatedAt: string | null };

export type DeleteImageMutationVariables = Exact<{
  id: string | number;
  force?: boolean | null | undefined;
}>;


export type DeleteImageMutation = { deleteImage: { deletedId: string, image:
      | { id: string, provider: ImageProvider, nativeId: string, name: string | null, status: ImageStatus, vendorStatus: string | null }
      | { id: string, provider: ImageProvider, nativeId: string, name: string | null, status: ImageStatus, vendorStatus: string | null }
      | { id: string, provider: ImageProvider, nativeId: string, name: string | null, status: ImageStatus, vendorStatus: string | null }
     | null } };

export type UpdateImsImageMutationVariables = Exact<{
  input: UpdateImsImageInput;
}>;


export type UpdateImsImageMutation = { updateImsImage: { image: { id: string, nativeId: string, name: string | null, description: string | null, status: ImageStatus, vendorStatus: string | null, visibility: ImageVisibility | null, diskFormat: string | null, containerFormat: string | null, minDisk: number | null, minRam: number | null, osVersion: string | null, protected: boolean | null, tags: Array<string> | null, properties: Record<string, unknown>, updatedAt: string | null } | null } };

export type AddImsImageTagMutationVariables = Exact<{
  input: ImsImageTagInput;
}>;


export type AddImsImageTagMutation = { addImsImageTag: { image: { id: string, nativeId: string, name: string | null, description: string | null, status: ImageStatus, vendorStatus: string | null, visibility: ImageVisibility | null, diskFormat: string | null, containerFormat: string | null, minDisk: number | null, minRam: number | null, osVersion: string | null, protected: boolean | null, tags: Array<string> | null, properties: Record<string, unknown>, updatedAt: string | null } | null } };

export type RemoveImsImageTagMutationVariables = Exact<{
  input: ImsImageTagInput;
}>;


export type RemoveImsImageTagMutation = { removeImsImageTag: { image: { id: string, nativeId: string, name: string | null, description: string | null, status: ImageStatus, vendorStatus: string | null, visibility: ImageVisibility | null, diskFormat: string | null, containerFormat: string | null, minDisk: number | null, minRam: number | null, osVersion: string | null, protected: boolean | null, tags: Array<string> | null, properties: Record<string, unknown>, updatedAt: string | null } | null } };

export type ImageDetailPageQueryVariables = Exact<{
  id: string | number;
}>;


export type ImageDetailPageQuery = { node:
    | { provider: ImageProvider, nativeId: string, region: string | null, name: string | null, description: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, createdAt: string | null, updatedAt: string | null, visibility: ImageVisibility | null, id: string }
    | { provider: ImageProvider, nativeId: string, region: string | null, name: string | null, description: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, createdAt: string | null, updatedAt: string | null, visibility: ImageVisibility | null, id: string }
    | { provider: ImageProvider, nativeId: string, region: string | null, name: string | null, description: string | null, status: ImageStatus, vendorStatus: string | null, architecture: CpuArchitecture | null, sizeBytes: number | string | null, createdAt: string | null, updatedAt: string | null, visibility: ImageVisibility | null, swrPath: string | null, tag: string | null, namespace: string | null, serviceType: ModelArtsServiceType | null, resourceCategories: Array<ModelArtsResourceCategory> | null, devServices: Array<ModelArtsDevService> | null, workspaceId: string | null, id: string }
   | null };

export type ImageListPageQueryVariables = Exact<{
  filter?: ImageFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ImageListPageQuery = { images: { totalCount: number | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node:
        | { id: string, provider: ImageProvider, region: string | null, name: string | null, status: ImageStatus, architecture: CpuArchitecture | null, sizeBytes: number | string | null, createdAt: string | null, visibility: ImageVisibility | null }
        | { id: string, provider: ImageProvider, region: string | null, name: string | null, status: ImageStatus, architecture: CpuArchitecture | null, sizeBytes: number | string | null, createdAt: string | null, visibility: ImageVisibility | null }
        | { id: string, provider: ImageProvider, region: string | null, name: string | null, status: ImageStatus, architecture: CpuArchitecture | null, sizeBytes: number | string | null, createdAt: string | null, visibility: ImageVisibility | null }
       }> } };

export type RegisterImageMutationVariables = Exact<{
  input: RegisterModelArtsImageInput;
}>;


export type RegisterImageMutation = { registerModelArtsImage: { image: { id: string, nativeId: string, name: string | null, status: ImageStatus, swrPath: string | null, tag: string | null, resourceCategories: Array<ModelArtsResourceCategory> | null } | null } };

export type SaveNotebookMutationVariables = Exact<{
  input: SaveNotebookAsImageInput;
}>;


export type SaveNotebookMutation = { saveNotebookAsImage: { image: { id: string, nativeId: string, name: string | null, status: ImageStatus, vendorStatus: string | null, swrPath: string | null } | null } };

export type WatchImageSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type WatchImageSubscription = { imageChanged:
    | { id: string, provider: ImageProvider, nativeId: string, name: string | null, status: ImageStatus, vendorStatus: string | null, updatedAt: string | null }
    | { id: string, provider: ImageProvider, nativeId: string, name: string | null, status: ImageStatus, vendorStatus: string | null, updatedAt: string | null }
    | { id: string, provider: ImageProvider, nativeId: string, name: string | null, status: ImageStatus, vendorStatus: string | null, updatedAt: string | null }
   };

export const ImsImageEditorFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImsImageEditor"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImsImage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"}},{"kind":"Field","name":{"kind":"Name","value":"diskFormat"}},{"kind":"Field","name":{"kind":"Name","value":"containerFormat"}},{"kind":"Field","name":{"kind":"Name","value":"minDisk"}},{"kind":"Field","name":{"kind":"Name","value":"minRam"}},{"kind":"Field","name":{"kind":"Name","value":"osVersion"}},{"kind":"Field","name":{"kind":"Name","value":"protected"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"properties"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ImsImageEditorFragment, unknown>;
export const AddEhpcImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddEhpcImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddEhpcImageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addEhpcImage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"imageType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vmImageSpec"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"containerImageSpec"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registryUrl"}},{"kind":"Field","name":{"kind":"Name","value":"registryCredential"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"server"}},{"kind":"Field","name":{"kind":"Name","value":"userName"}},{"kind":"Field","name":{"kind":"Name","value":"hasPassword"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AddEhpcImageMutation, AddEhpcImageMutationVariables>;
export const CreateImsImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateImsImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateImsImageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createImsImage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImsImageEditor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImsImageEditor"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImsImage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"}},{"kind":"Field","name":{"kind":"Name","value":"diskFormat"}},{"kind":"Field","name":{"kind":"Name","value":"containerFormat"}},{"kind":"Field","name":{"kind":"Name","value":"minDisk"}},{"kind":"Field","name":{"kind":"Name","value":"minRam"}},{"kind":"Field","name":{"kind":"Name","value":"osVersion"}},{"kind":"Field","name":{"kind":"Name","value":"protected"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"properties"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CreateImsImageMutation, CreateImsImageMutationVariables>;
export const DeleteImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"force"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteImage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"force"},"value":{"kind":"Variable","name":{"kind":"Name","value":"force"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedId"}},{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteImageMutation, DeleteImageMutationVariables>;
export const UpdateImsImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateImsImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateImsImageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateImsImage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImsImageEditor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImsImageEditor"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImsImage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"}},{"kind":"Field","name":{"kind":"Name","value":"diskFormat"}},{"kind":"Field","name":{"kind":"Name","value":"containerFormat"}},{"kind":"Field","name":{"kind":"Name","value":"minDisk"}},{"kind":"Field","name":{"kind":"Name","value":"minRam"}},{"kind":"Field","name":{"kind":"Name","value":"osVersion"}},{"kind":"Field","name":{"kind":"Name","value":"protected"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"properties"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<UpdateImsImageMutation, UpdateImsImageMutationVariables>;
export const AddImsImageTagDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddImsImageTag"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ImsImageTagInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addImsImageTag"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImsImageEditor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImsImageEditor"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImsImage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"}},{"kind":"Field","name":{"kind":"Name","value":"diskFormat"}},{"kind":"Field","name":{"kind":"Name","value":"containerFormat"}},{"kind":"Field","name":{"kind":"Name","value":"minDisk"}},{"kind":"Field","name":{"kind":"Name","value":"minRam"}},{"kind":"Field","name":{"kind":"Name","value":"osVersion"}},{"kind":"Field","name":{"kind":"Name","value":"protected"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"properties"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<AddImsImageTagMutation, AddImsImageTagMutationVariables>;
export const RemoveImsImageTagDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveImsImageTag"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ImsImageTagInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeImsImageTag"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImsImageEditor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImsImageEditor"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImsImage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"}},{"kind":"Field","name":{"kind":"Name","value":"diskFormat"}},{"kind":"Field","name":{"kind":"Name","value":"containerFormat"}},{"kind":"Field","name":{"kind":"Name","value":"minDisk"}},{"kind":"Field","name":{"kind":"Name","value":"minRam"}},{"kind":"Field","name":{"kind":"Name","value":"osVersion"}},{"kind":"Field","name":{"kind":"Name","value":"protected"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"properties"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<RemoveImsImageTagMutation, RemoveImsImageTagMutationVariables>;
export const ImageDetailPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ImageDetailPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Image"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelArtsImage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"swrPath"}},{"kind":"Field","name":{"kind":"Name","value":"tag"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"serviceType"}},{"kind":"Field","name":{"kind":"Name","value":"resourceCategories"}},{"kind":"Field","name":{"kind":"Name","value":"devServices"}},{"kind":"Field","name":{"kind":"Name","value":"workspaceId"}}]}}]}}]}}]} as unknown as DocumentNode<ImageDetailPageQuery, ImageDetailPageQueryVariables>;
export const ImageListPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ImageListPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ImageFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"images"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ImageListPageQuery, ImageListPageQueryVariables>;
export const RegisterImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegisterImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterModelArtsImageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerModelArtsImage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"swrPath"}},{"kind":"Field","name":{"kind":"Name","value":"tag"}},{"kind":"Field","name":{"kind":"Name","value":"resourceCategories"}}]}}]}}]}}]} as unknown as DocumentNode<RegisterImageMutation, RegisterImageMutationVariables>;
export const SaveNotebookDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SaveNotebook"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SaveNotebookAsImageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"saveNotebookAsImage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"swrPath"}}]}}]}}]}}]} as unknown as DocumentNode<SaveNotebookMutation, SaveNotebookMutationVariables>;
export const WatchImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WatchImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"nativeId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]} as unknown as DocumentNode<WatchImageSubscription, WatchImageSubscriptionVariables>;