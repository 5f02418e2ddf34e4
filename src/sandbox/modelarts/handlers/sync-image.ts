// SyncImage: `POST /v1/{project_id}/images/{id}/sync` (docs/vendor-writes.md §1), no
// body: "corrects an abnormal image status" and answers the image.
//
// What is abnormal is the emulator's reading: an image that says INIT or
// CREATING while no save is in progress for it (the seeded example of page
// 004 is one: a snapshot that stays INIT) is stuck; its save finished, so sync
// makes it ACTIVE. Any other image (a save still in progress included)
// already reads as it is, and sync answers it unchanged.

import { ParameterError, imageNotFound } from '../errors.js';
import { ok, type ModelArtsHandler } from '../handler.js';
import { parseJsonObject } from '../params.js';

export const syncImage: ModelArtsHandler = ({ request, params, requestId, store, settings }) => {
  if (Object.keys(parseJsonObject(request.body, true)).length > 0) {
    throw new ParameterError('sync takes no request body');
  }
  const image = store.sync(params.id);
  return image ? ok(image, requestId) : imageNotFound(params.id, requestId, settings.notFoundStatus);
};
