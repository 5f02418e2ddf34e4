// Deleting an Image (Native OpenStack API): `DELETE /v2/images/{image_id}`, 204.
// "You can only delete your own private images": another project's image is a
// 403 (a public one; a private one is not visible: 404), and so is a
// protected one (Glance: "Image … is protected and cannot be deleted."). An
// optional JSON body `{"delete_backup": true|false}` (full-ECS images' backups)
// is accepted and checked; the emulator has no backups to delete.

import { BadRequest, noContent, Refused } from '../errors.js';
import { isJsonObject, jsonBody, ownImage, type ImsHandler } from '../handler.js';

export const deleteImage: ImsHandler = ({ request, params, requestId, store }) => {
  const image = ownImage(store, params.image_id, 'delete');
  const body = jsonBody(request);
  if (body !== undefined) {
    if (!isJsonObject(body)) throw new BadRequest('The request body must be a JSON object.');
    if (body.delete_backup !== undefined && typeof body.delete_backup !== 'boolean') {
      throw new BadRequest('delete_backup must be true or false.');
    }
  }
  if (image.protected === true) throw new Refused(403, `Image ${image.id} is protected and cannot be deleted.`);
  store.remove(image.id);
  return noContent(requestId);
};
