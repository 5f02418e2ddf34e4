// How a stored image reads in each answer: GetImage's `Image` object exactly as
// documented (docs/vendor/003-ehpc-get-image.txt: no ImageId, no category), and a ListImages
// `Images` entry (fewer fields, a numeric DocumentId; the SDK's
// ListImagesResponseBodyImages). Fields a stored image lacks are left out, as
// the real API omits nulls.

import type { EhpcAdditionalRegionInfo, EhpcGetImageImage, EhpcImage, EhpcListImagesItem } from './types.js';

/** GetImage's view; `regions` narrows AdditionalRegionsInfo to those regions, in that order. */
export function getImageView(image: Readonly<EhpcImage>, regions: string[] | undefined): EhpcGetImageImage {
  let additional: EhpcAdditionalRegionInfo[] | undefined = image.AdditionalRegionsInfo;
  if (regions && additional) {
    const stored = additional;
    additional = regions.flatMap((region) => stored.filter((info) => info.RegionId === region));
  }
  return structuredClone({
    ImageType: image.ImageType,
    AppId: image.AppId,
    Name: image.Name,
    Version: image.Version,
    Description: image.Description,
    Size: image.Size,
    CreateTime: image.CreateTime,
    Status: image.Status,
    ContainerImageSpec: image.ContainerImageSpec,
    VMImageSpec: image.VMImageSpec,
    DocumentInfo: image.DocumentInfo,
    AdditionalRegionsInfo: additional,
  });
}

export function listItemView(image: Readonly<EhpcImage>): EhpcListImagesItem {
  const documentId = image.DocumentInfo?.DocumentId;
  return {
    AppId: image.AppId ?? '',
    CreateTime: image.CreateTime,
    Description: image.Description,
    DocumentId: documentId && /^\d+$/.test(documentId) ? Number(documentId) : undefined,
    ImageId: image.ImageId,
    ImageType: image.ImageType,
    Name: image.Name,
    OsTag: image.ImageType === 'VM' ? image.VMImageSpec?.OsTag : image.ContainerImageSpec?.OsTag,
    UpdateTime: image.UpdateTime ?? image.CreateTime,
    Version: image.Version,
    Weight: image.Weight,
  };
}
