// The IMS image API the emulator publishes (Glance v2 with Huawei `__`
// properties): one line per operation (docs/vendor/002, vendor-notes §3). APIG
// answers 404 APIG.0101 for any other method + path, before authenticating.

import { routeTable } from '../routes.js';
import type { ImsHandler } from './handler.js';
import { getImage } from './handlers/get-image.js';
import { listImages } from './handlers/list-images.js';

export const imsRoutes = routeTable<ImsHandler>([
  { method: 'GET', path: '/v2/images', handler: listImages },
  { method: 'GET', path: '/v2/images/{image_id}', handler: getImage },
]);
