// Registering a Custom Image: `POST /v1/{project_id}/images` (docs/vendor/001-modelarts-register-image.txt).
// The image is ACTIVE at once; its size is made up, stable for the SWR path.
// Registering an SWR path already registered in the workspace answers the
// existing image (idempotent).

import { deterministicInt, deterministicUuid } from '../../deterministic.js';
import { ParameterError } from '../errors.js';
import { ok, type ModelArtsHandler } from '../handler.js';
import { optionalDescription, optionalEnum, optionalEnumArray, optionalString, parseJsonObject } from '../params.js';
import { parseSwrPath } from '../swr-path.js';
import type { ModelArtsWireImage } from '../types.js';
import {
  ARCHES,
  DEV_SERVICES,
  MAX_DESCRIPTION,
  ORIGINS,
  RESOURCE_CATEGORIES,
  SERVICE_TYPES,
  VISIBILITIES,
} from '../vocabulary.js';

export const registerImage: ModelArtsHandler = ({ request, requestId, store }) => {
  const body = parseJsonObject(request.body);
  const arch = optionalEnum(body, 'arch', ARCHES, true);
  const description = optionalDescription(body, MAX_DESCRIPTION);
  const origin = optionalEnum(body, 'origin', ORIGINS) ?? 'CUSTOMIZE';
  const resourceCategories = optionalEnumArray(body, 'resource_category', RESOURCE_CATEGORIES) ?? ['CPU'];
  const serviceType = optionalEnum(body, 'service_type', SERVICE_TYPES) ?? 'UNKNOWN';
  const services = optionalEnumArray(body, 'services', DEV_SERVICES) ?? ['NOTEBOOK', 'SSH'];
  const visibility = optionalEnum(body, 'visibility', VISIBILITIES) ?? 'PRIVATE';
  const workspaceId = optionalString(body, 'workspace_id') ?? '0';
  const swrPath = optionalString(body, 'swr_path');
  if (swrPath === undefined || swrPath === '') throw new ParameterError('swr_path is required');
  const parsed = parseSwrPath(swrPath);
  if (!parsed) throw new ParameterError(`swr_path '${swrPath}' is not of the form {registry}/{namespace}/{name}:{tag}`);

  const existing = store
    .images()
    .find((i) => i.swr_path === swrPath && i.type === 'DEDICATED' && (i.workspace_id ?? '0') === workspaceId);
  if (existing) return ok(existing, requestId);

  const createdAt = store.now();
  const image: ModelArtsWireImage = {
    arch: (arch ?? 'X86_64').toLowerCase(),
    create_at: createdAt,
    ...(description !== undefined ? { description } : {}),
    dev_services: services,
    id: deterministicUuid(`modelarts-register:${swrPath}:${workspaceId}:${createdAt}:${store.count()}`),
    name: parsed.name,
    namespace: parsed.namespace,
    origin,
    resource_categories: resourceCategories,
    service_type: serviceType,
    size: deterministicInt(`size:${swrPath}`, 1_048_576, 4_194_304_000),
    status: 'ACTIVE',
    swr_path: swrPath,
    tag: parsed.tag,
    type: 'DEDICATED',
    update_at: createdAt,
    visibility,
    workspace_id: workspaceId,
  };
  store.put(image);
  return ok(store.image(image.id), requestId);
};
