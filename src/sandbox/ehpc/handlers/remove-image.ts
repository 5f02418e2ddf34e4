// RemoveImage (the SDK's RemoveImageRequest, vendor-writes.md): deletes a
// Custom image; ImageType defaults to VM and must match, as in GetImage.
// Public images cannot be removed (404 ImageNotFound).

import { documentedError } from '../errors.js';
import { ok, type EhpcHandler } from '../handler.js';
import { oneOf, required, TYPES } from '../params.js';

export const removeImage: EhpcHandler = (call) => {
  const { params, store, requestId } = call;
  const imageId = required(params, 'ImageId');
  const type = oneOf(params, 'ImageType', TYPES) ?? 'VM';
  const image = store.get(imageId);
  if (!image || image.ImageType !== type || image.ImageCategory !== 'Custom') {
    return documentedError(call, 'ImageNotFound');
  }
  store.remove(imageId);
  return ok(requestId, { Success: true });
};
