// Saving a Running Instance as a Container Image:
// `POST /v1/{project_id}/notebooks/{id}/create-image` (docs/vendor/004-modelarts-save-notebook-image.txt). The
// new image inherits the notebook's arch, flavors and services, and goes
// INIT → CREATING → ACTIVE on the clock (../save-progression.ts).

import { deterministicInt, deterministicUuid } from '../../deterministic.js';
import { notebookNotFound, ParameterError } from '../errors.js';
import { ok, type ModelArtsHandler } from '../handler.js';
import { optionalDescription, optionalString, parseJsonObject } from '../params.js';
import type { ModelArtsWireImage } from '../types.js';
import { MAX_DESCRIPTION, MAX_NAME, MAX_TAG, NAME_PATTERN, TAG_PATTERN } from '../vocabulary.js';

export const saveNotebook: ModelArtsHandler = ({ request, params, requestId, store, settings }) => {
  const body = parseJsonObject(request.body, true);
  const notebookId = params.id;
  const notebook = store.notebook(notebookId);
  if (!notebook) return notebookNotFound(requestId);
  const description = optionalDescription(body, MAX_DESCRIPTION);
  const name = optionalString(body, 'name') ?? `notebook-${notebookId.slice(0, 8)}`;
  if (name.length === 0 || name.length > MAX_NAME || !NAME_PATTERN.test(name)) {
    throw new ParameterError(`name must be 1-${MAX_NAME} lowercase letters, digits, '-', '_' or '.'`);
  }
  const namespace = optionalString(body, 'namespace') ?? 'atelier-auto';
  if (namespace.length === 0 || !NAME_PATTERN.test(namespace)) {
    throw new ParameterError(`namespace must be lowercase letters, digits, '-', '_' or '.'`);
  }
  const createdAt = store.now();
  const tag = optionalString(body, 'tag') ?? compactTimestamp(createdAt);
  if (tag.length === 0 || tag.length > MAX_TAG || !TAG_PATTERN.test(tag)) {
    throw new ParameterError(`tag must be 1-${MAX_TAG} letters, digits, '-', '_' or '.'`);
  }
  const workspaceId = optionalString(body, 'workspace_id') ?? '0';
  const swrPath = `${settings.swrDomain}/${namespace}/${name}:${tag}`;
  const image: ModelArtsWireImage = {
    arch: notebook.arch ?? 'x86_64',
    create_at: createdAt,
    ...(description !== undefined ? { description } : {}),
    dev_services: [...(notebook.dev_services ?? ['NOTEBOOK', 'SSH'])],
    id: deterministicUuid(`modelarts-save:${notebookId}:${swrPath}:${createdAt}:${store.count()}`),
    name,
    namespace,
    origin: 'IMAGE_SAVE',
    resource_categories: [...(notebook.resource_categories ?? ['CPU'])],
    service_type: notebook.service_type ?? 'UNKNOWN',
    status: 'INIT',
    swr_path: swrPath,
    tag,
    type: 'DEDICATED',
    update_at: createdAt,
    visibility: 'PRIVATE',
    workspace_id: workspaceId,
  };
  store.putSaving(image, createdAt, deterministicInt(`size:${image.id}`, 2_097_152, 16_777_216));
  return ok(store.image(image.id), requestId);
};

/** `YYYYMMDDHHmmss` (UTC): the default tag of a saved image. */
function compactTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
