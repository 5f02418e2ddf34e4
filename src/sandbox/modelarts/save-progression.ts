// A notebook saved as an image (docs/vendor/004-modelarts-save-notebook-image.txt) is not ready at once: it is
// INIT, then CREATING while the image is pushed, then ACTIVE with its size.
// The emulator keeps when each save started and derives the status from the
// clock whenever the image is read: no timers, so a client that polls sees the
// progression, and a test with its own clock steps through it.

import { orderFields } from './fields.js';
import type { ModelArtsWireImage } from './types.js';

/** A save in progress: INIT for `creatingMs`, CREATING for `activeMs`, then ACTIVE at `sizeKb`. */
export interface SaveInProgress {
  startedAt: number;
  creatingMs: number;
  activeMs: number;
  sizeKb: number;
}

/** The image as it reads at `at`, `save` applied (a new object). */
export function imageDuringSave(image: ModelArtsWireImage, save: SaveInProgress, at: number): ModelArtsWireImage {
  const copy = structuredClone(image);
  const elapsed = at - save.startedAt;
  if (elapsed < save.creatingMs) {
    copy.status = 'INIT';
    copy.update_at = save.startedAt;
  } else if (elapsed < save.creatingMs + save.activeMs) {
    copy.status = 'CREATING';
    copy.update_at = save.startedAt + save.creatingMs;
    copy.status_message = 'Saving the notebook instance as an image.';
  } else {
    copy.status = 'ACTIVE';
    copy.update_at = save.startedAt + save.creatingMs + save.activeMs;
    copy.size = save.sizeKb;
    copy.status_message = 'Image saved successfully.';
  }
  return orderFields(copy);
}
