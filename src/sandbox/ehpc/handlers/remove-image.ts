// RemoveImage (the SDK's RemoveImageRequest, docs/vendor-writes.md §3): deletes a
// Custom image. ImageId is required; ImageType defaults to VM and must match,
// as in GetImage (else 404 ImageNotFound). An image a job still uses is 403
// ImageInUse, "Image is still used by jobs." (mark one with the emulator's
// `setImageInUse`).
//
// Where the vendor is silent (the emulator's choice): a Public image is
// Alibaba Cloud's, not the account's, and is refused with 407 NotAuthorized.

import { documentedError } from '../errors.js';
import { ok, type EhpcHandler } from '../handler.js';
import { oneOf, required, TYPES } from '../params.js';

export const removeImage: EhpcHandler = (call) => {
  const { params, store, requestId } = call;
  const imageId = required(params, 'ImageId');
  const type = oneOf(params, 'ImageType', TYPES) ?? 'VM';
  const image = store.get(imageId);
  if (!image || image.ImageType !== type) return documentedError(call, 'ImageNotFound');
  if (image.ImageCategory !== 'Custom') return documentedError(call, 'NotAuthorized');
  if (store.inUse(imageId)) return documentedError(call, 'ImageInUse');
  store.remove(imageId);
  return ok(requestId, { Success: true });
};
