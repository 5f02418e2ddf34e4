// The ModelArts emulator's state: the images and notebook instances of the one
// project (seeded from seed.ts unless told not to), and the saves in progress.
// Images are read as GET answers them at this moment: a saving image through
// save-progression.ts, every read a copy. A forced delete remembers the SWR
// path whose content it removed; a sync corrects a stuck status (see
// handlers/sync-image.ts).

import { orderFields } from './fields.js';
import { imageDuringSave, type SaveInProgress } from './save-progression.js';
import { seedImages, seedNotebooks } from './seed.js';
import { syntheticImage } from './synthetic.js';
import type { ModelArtsNotebook, ModelArtsWireImage } from './types.js';

export interface ModelArtsStoreOptions {
  /** The data clock: create_at/update_at of new images and the save progression. */
  now: () => number;
  /** How long a save is INIT, then CREATING, before it is ACTIVE. */
  saveDelaysMs: { creating: number; active: number };
  /** Start with the seed images and notebooks. */
  seed: boolean;
}

export interface ModelArtsStore {
  readonly now: () => number;
  /** Every image as GET answers it now, in insertion order. */
  images(): ModelArtsWireImage[];
  image(id: string): ModelArtsWireImage | undefined;
  /** How many images are stored. */
  count(): number;
  /** Adds or replaces an image, stored as given (a copy); it is not being saved. */
  put(image: ModelArtsWireImage): void;
  /** Adds an image a notebook save started at `startedAt`; its status follows the clock, ACTIVE at `sizeKb`. */
  putSaving(image: ModelArtsWireImage, startedAt: number, sizeKb: number): void;
  /** Deletes an image; `withSwrContent` (a forced delete) records its SWR path as deleted too. */
  remove(id: string, options?: { withSwrContent?: boolean }): void;
  /** SWR paths whose content forced deletes removed, in order. */
  deletedSwrContent(): string[];
  /** Corrects a stuck status (INIT or CREATING with no save in progress → ACTIVE); the image as it then reads. */
  sync(id: string): ModelArtsWireImage | undefined;
  notebook(id: string): ModelArtsNotebook | undefined;
  putNotebook(notebook: ModelArtsNotebook): void;
  notebookIds(): string[];
  /** Adds `count` synthetic images, continuing the sequence of earlier calls; returns copies. */
  generate(count: number, overrides: Partial<ModelArtsWireImage>): ModelArtsWireImage[];
}

export function createModelArtsStore(options: ModelArtsStoreOptions): ModelArtsStore {
  const images = new Map<string, ModelArtsWireImage>();
  const saves = new Map<string, SaveInProgress>();
  const notebooks = new Map<string, ModelArtsNotebook>();
  const swrContentDeleted: string[] = [];
  let generated = 0;

  const view = (image: ModelArtsWireImage): ModelArtsWireImage => {
    const save = saves.get(image.id);
    return save ? imageDuringSave(image, save, options.now()) : structuredClone(image);
  };
  const put = (image: ModelArtsWireImage) => {
    images.set(image.id, structuredClone(image));
    saves.delete(image.id);
  };

  if (options.seed) {
    for (const image of seedImages()) images.set(image.id, image);
    for (const notebook of seedNotebooks()) notebooks.set(notebook.id, notebook);
  }

  return {
    now: options.now,
    images: () => [...images.values()].map(view),
    image: (id) => {
      const image = images.get(id);
      return image ? view(image) : undefined;
    },
    count: () => images.size,
    put,
    putSaving(image, startedAt, sizeKb) {
      images.set(image.id, structuredClone(image));
      saves.set(image.id, {
        startedAt,
        creatingMs: options.saveDelaysMs.creating,
        activeMs: options.saveDelaysMs.active,
        sizeKb,
      });
    },
    remove(id, { withSwrContent = false } = {}) {
      const swrPath = images.get(id)?.swr_path;
      if (withSwrContent && swrPath) swrContentDeleted.push(swrPath);
      images.delete(id);
      saves.delete(id);
    },
    deletedSwrContent: () => [...swrContentDeleted],
    sync(id) {
      const image = images.get(id);
      if (!image) return undefined;
      const stuck = !saves.has(id) && (image.status === 'INIT' || image.status === 'CREATING');
      if (stuck) {
        images.set(
          id,
          orderFields({
            ...image,
            status: 'ACTIVE',
            status_message: 'Image saved successfully.',
            update_at: options.now(),
          }),
        );
      }
      return view(images.get(id) ?? image);
    },
    notebook: (id) => notebooks.get(id),
    putNotebook: (notebook) => void notebooks.set(notebook.id, structuredClone(notebook)),
    notebookIds: () => [...notebooks.keys()],
    generate(count, overrides) {
      const out: ModelArtsWireImage[] = [];
      for (let k = 0; k < count; k += 1) {
        const image = orderFields({ ...syntheticImage(generated), ...structuredClone(overrides) });
        generated += 1;
        put(image);
        out.push(structuredClone(image));
      }
      return out;
    },
  };
}
