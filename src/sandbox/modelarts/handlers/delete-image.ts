// Deleting an image: `DELETE /v1/{project_id}/images/{id}[?force=true|false]`
// (vendor-notes §2). Answers 200 with the image as it was, status DELETED.

import { imageNotFound } from '../errors.js';
import { ok, type ModelArtsHandler } from '../handler.js';
import { booleanParam } from '../params.js';

export const deleteImage: ModelArtsHandler = ({ request, params, requestId, store, settings }) => {
  const last = store.image(params.id);
  if (!last) return imageNotFound(params.id, requestId, settings.notFoundStatus);
  booleanParam(request.query, 'force');
  store.remove(params.id);
  return ok({ ...last, status: 'DELETED', update_at: store.now() }, requestId);
};
