// The emulator's own model of an E-HPC Instant (API 2023-07-01) image, in the
// vendor's field names, written from the GetImage page and the generated SDK
// models (GetImageResponseBodyImage*, ListImagesResponseBodyImages). Shared with
// nothing outside src/sandbox.

export type EhpcImageCategory = 'Public' | 'Custom';
export type EhpcImageType = 'VM' | 'Container';

export interface EhpcRegistryCredential {
  Server?: string;
  UserName?: string;
  Password?: string;
}

export interface EhpcContainerImageSpec {
  RegistryUrl?: string;
  IsACRRegistry?: boolean;
  IsACREnterprise?: boolean;
  RegistryCriId?: string;
  RegistryCredential?: EhpcRegistryCredential;
  OsTag?: string;
  Platform?: string;
  Architecture?: string;
}

export interface EhpcVmImageSpec {
  ImageId?: string;
  OsTag?: string;
  Platform?: string;
  Architecture?: string;
}

export interface EhpcDocumentInfo {
  DocumentId?: string;
  EncodingMode?: string;
  Document?: string;
}

export interface EhpcAdditionalRegionInfo {
  Status?: string;
  ImageId?: string;
  RegionId?: string;
}

/**
 * One image as the emulator stores it: everything GetImage returns, plus what
 * only ListImages shows (ImageId, UpdateTime, Weight, a numeric DocumentId) and
 * the category GetImage/ListImages filter on. Optional fields left out are
 * left out of the responses too, as the real API omits nulls.
 */
export interface EhpcImage {
  ImageId: string;
  ImageCategory: EhpcImageCategory;
  ImageType: EhpcImageType;
  AppId?: string;
  Name: string;
  Version?: string;
  Description?: string;
  /** A human size such as "40 GiB" (GetImage only). */
  Size?: string;
  /** ISO 8601, `yyyy-MM-ddTHH:mm:ssZ`. */
  CreateTime: string;
  /** ISO 8601 (ListImages only); defaults to CreateTime. */
  UpdateTime?: string;
  Status?: string;
  /** ListImages only. */
  Weight?: number;
  ContainerImageSpec?: EhpcContainerImageSpec;
  VMImageSpec?: EhpcVmImageSpec;
  DocumentInfo?: EhpcDocumentInfo;
  AdditionalRegionsInfo?: EhpcAdditionalRegionInfo[];
}

/** What `seedImage` accepts: an id, the rest defaulted. */
export type EhpcImageInput = Partial<EhpcImage> & { ImageId: string };

/** GetImage's `Image` object, exactly as documented (no ImageId, no category). */
export interface EhpcGetImageImage {
  ImageType: EhpcImageType;
  AppId?: string;
  Name: string;
  Version?: string;
  Description?: string;
  Size?: string;
  CreateTime: string;
  Status?: string;
  ContainerImageSpec?: EhpcContainerImageSpec;
  VMImageSpec?: EhpcVmImageSpec;
  DocumentInfo?: EhpcDocumentInfo;
  AdditionalRegionsInfo?: EhpcAdditionalRegionInfo[];
}

/** One entry of ListImages' `Images` (fewer fields than GetImage; DocumentId is a number). */
export interface EhpcListImagesItem {
  AppId: string;
  CreateTime: string;
  Description?: string;
  DocumentId?: number;
  ImageId: string;
  ImageType: EhpcImageType;
  Name: string;
  OsTag?: string;
  UpdateTime?: string;
  Version?: string;
  Weight?: number;
}
