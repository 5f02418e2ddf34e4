// The values the ModelArts pages document for image fields (docs/vendor/000-modelarts-image-details.txt,
// 001, 004): the enums a request may use and the limits on names, tags and
// descriptions.

export const ARCHES = ['X86_64', 'AARCH64'] as const;
export const ORIGINS = ['CUSTOMIZE', 'IMAGE_SAVE'] as const;
export const RESOURCE_CATEGORIES = ['CPU', 'GPU', 'ASCEND'] as const;
export const SERVICE_TYPES = ['COMMON', 'INFERENCE', 'TRAIN', 'DEV', 'UNKNOWN'] as const;
export const DEV_SERVICES = ['NOTEBOOK', 'SSH'] as const;
export const VISIBILITIES = ['PRIVATE', 'PUBLIC'] as const;
export const IMAGE_TYPES = ['BUILD_IN', 'DEDICATED'] as const;
/** ListImage's sort_key values. */
export const SORT_KEYS = ['create_at', 'update_at', 'name'] as const;

export const MAX_DESCRIPTION = 512;
export const MAX_NAME = 512;
export const MAX_TAG = 64;
export const NAME_PATTERN = /^[a-z0-9._-]+$/;
export const TAG_PATTERN = /^[A-Za-z0-9._-]+$/;
