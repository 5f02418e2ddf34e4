// The order ModelArts writes an image's fields in: the pages' examples list
// the documented fields alphabetically (docs/vendor/000-modelarts-image-details.txt, 001, 004).

import type { ModelArtsWireImage } from './types.js';

const FIELD_ORDER = [
  'arch',
  'create_at',
  'description',
  'dev_services',
  'id',
  'name',
  'namespace',
  'origin',
  'resource_categories',
  'service_type',
  'size',
  'status',
  'status_message',
  'support_res_categories',
  'swr_path',
  'tag',
  'type',
  'update_at',
  'visibility',
  'workspace_id',
];

/** Documented fields in the pages' (alphabetical) order, then any extra ones. */
export function orderFields(image: ModelArtsWireImage): ModelArtsWireImage {
  const out: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (image[key] !== undefined) out[key] = image[key];
  for (const [key, value] of Object.entries(image)) if (!(key in out) && value !== undefined) out[key] = value;
  return out as ModelArtsWireImage;
}
