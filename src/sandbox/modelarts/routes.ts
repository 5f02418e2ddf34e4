// The ModelArts image API the emulator publishes: one line per operation
// (docs/vendor/000-modelarts-image-details.txt, 001, 004; list from docs/vendor-notes.md §2; delete and sync from
// docs/vendor-writes.md §1). APIG
// answers 404 APIG.0101 for any other method + path, before authenticating.

import { routeTable } from '../routes.js';
import type { ModelArtsHandler } from './handler.js';
import { deleteImage } from './handlers/delete-image.js';
import { getImage } from './handlers/get-image.js';
import { listImages } from './handlers/list-images.js';
import { registerImage } from './handlers/register-image.js';
import { saveNotebook } from './handlers/save-notebook.js';
import { syncImage } from './handlers/sync-image.js';

export const modelArtsRoutes = routeTable<ModelArtsHandler>([
  { method: 'GET', path: '/v1/{project_id}/images', handler: listImages },
  { method: 'POST', path: '/v1/{project_id}/images', handler: registerImage },
  { method: 'GET', path: '/v1/{project_id}/images/{id}', handler: getImage },
  { method: 'DELETE', path: '/v1/{project_id}/images/{id}', handler: deleteImage },
  { method: 'POST', path: '/v1/{project_id}/images/{id}/sync', handler: syncImage },
  { method: 'POST', path: '/v1/{project_id}/notebooks/{id}/create-image', handler: saveNotebook },
]);
