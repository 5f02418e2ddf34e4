// The IMS image API the emulator publishes (Glance v2 with Huawei `__`
// properties): one line per operation (docs/vendor/002-ims-image-details.txt, docs/vendor-notes.md §3,
// docs/vendor-writes.md §2). APIG answers 404 APIG.0101 for any other method + path,
// before authenticating.

import { routeTable } from '../routes.js';
import type { ImsHandler } from './handler.js';
import { addTag } from './handlers/add-tag.js';
import { createImage } from './handlers/create-image.js';
import { deleteImage } from './handlers/delete-image.js';
import { getImage } from './handlers/get-image.js';
import { listImages } from './handlers/list-images.js';
import { removeTag } from './handlers/remove-tag.js';
import { updateImage } from './handlers/update-image.js';

export const imsRoutes = routeTable<ImsHandler>([
  { method: 'GET', path: '/v2/images', handler: listImages },
  { method: 'POST', path: '/v2/images', handler: createImage },
  { method: 'GET', path: '/v2/images/{image_id}', handler: getImage },
  { method: 'PATCH', path: '/v2/images/{image_id}', handler: updateImage },
  { method: 'DELETE', path: '/v2/images/{image_id}', handler: deleteImage },
  { method: 'PUT', path: '/v2/images/{image_id}/tags/{tag}', handler: addTag },
  { method: 'DELETE', path: '/v2/images/{image_id}/tags/{tag}', handler: removeTag },
]);
