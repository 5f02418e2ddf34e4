// Obtaining Details of an Image: `GET /v1/{project_id}/images/{id}`
// (docs/vendor/000-modelarts-image-details.txt). A saving image answers its current stage.

import { imageNotFound } from '../errors.js';
import { ok, type ModelArtsHandler } from '../handler.js';

export const getImage: ModelArtsHandler = ({ params, requestId, store, settings }) => {
  const image = store.image(params.id);
  return image ? ok(image, requestId) : imageNotFound(params.id, requestId, settings.notFoundStatus);
};
