// The E-HPC Instant actions the emulator serves (API 2023-07-01). An RPC API
// routes by action, the `x-acs-action` header, not by path: every action is
// `POST /` (GET accepted too). One line per action; any other action is 404
// InvalidAction.NotFound.

import type { EhpcHandler } from './handler.js';
import { addImage } from './handlers/add-image.js';
import { getImage } from './handlers/get-image.js';
import { listImages } from './handlers/list-images.js';
import { removeImage } from './handlers/remove-image.js';

export const EHPC_API_VERSION = '2023-07-01';

export const ehpcActions = {
  GetImage: getImage,
  ListImages: listImages,
  AddImage: addImage,
  RemoveImage: removeImage,
} satisfies Record<string, EhpcHandler>;

export type EhpcAction = keyof typeof ehpcActions;

export function isEhpcAction(action: string): action is EhpcAction {
  return Object.hasOwn(ehpcActions, action);
}
