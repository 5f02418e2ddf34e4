// The IMS emulator's state: the images the project sees (its own, public,
// community and shared ones), seeded from seed.ts unless told not to. Every
// image gets Glance's `self`, `file` and `schema` links when it has none.
// Reads hand out the stored objects: a handler copies what it answers, and
// changes an image by putting a changed copy back.

import { imsSeedImages } from './seed.js';
import { syntheticImage } from './synthetic.js';
import type { ImsWireImage } from './types.js';

export interface ImsStore {
  readonly projectId: string;
  /** Every stored image, in insertion order, visible or not (not copies: do not change them). */
  all(): ReadonlyArray<Readonly<ImsWireImage>>;
  /** One stored image, visible or not (not a copy). */
  get(id: string): Readonly<ImsWireImage> | undefined;
  /** Whether the project sees the image: its own, or public, community or shared. */
  visible: (image: Readonly<ImsWireImage>) => boolean;
  /** Whether the project owns the image (and so may change or delete it). */
  owns: (image: Readonly<ImsWireImage>) => boolean;
  /** Adds or replaces a copy of an image; returns a copy of what is stored. */
  put(image: ImsWireImage): ImsWireImage;
  /** Forgets an image. */
  remove(id: string): void;
  /** The data clock as Glance writes times: ISO 8601 to the second, `Z`. */
  now(): string;
  /** Adds `count` synthetic images, continuing the sequence of earlier calls. */
  generate(count: number, overrides: Partial<ImsWireImage>): ImsWireImage[];
  /** The same images as another project of the account sees them (its own private ones, and what is shared). */
  as(projectId: string): ImsStore;
}

export function createImsStore(projectId: string, seed: boolean, clock: () => number = Date.now): ImsStore {
  const images = new Map<string, ImsWireImage>();
  const counter = { generated: 0 };
  const put = (image: ImsWireImage) => {
    const copy = structuredClone(image);
    copy.self ??= `/v2/images/${copy.id}`;
    copy.file ??= `/v2/images/${copy.id}/file`;
    copy.schema ??= '/v2/schemas/image';
    images.set(copy.id, copy);
    return structuredClone(copy);
  };
  if (seed) for (const image of imsSeedImages(projectId)) put(image);
  return storeView(images, projectId, put, counter, clock, true);
}

/**
 * The store as one project sees it: every view shares the images (and the
 * synthetic sequence). Shared images are the sandbox project's to see (it is
 * a member of every share); another project sees only its own and public ones.
 */
function storeView(
  images: Map<string, ImsWireImage>,
  projectId: string,
  put: (image: ImsWireImage) => ImsWireImage,
  counter: { generated: number },
  clock: () => number,
  memberOfShares: boolean,
): ImsStore {
  const view: ImsStore = {
    projectId,
    all: () => [...images.values()],
    get: (id) => images.get(id),
    visible: (image) =>
      image.owner === projectId ||
      image.visibility === 'public' ||
      image.visibility === 'community' ||
      (memberOfShares && image.visibility === 'shared'),
    owns: (image) => image.owner === projectId,
    put,
    remove: (id) => void images.delete(id),
    now: () => new Date(clock()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    generate(count, overrides) {
      const out: ImsWireImage[] = [];
      for (let k = 0; k < count; k += 1) {
        out.push(put({ ...syntheticImage(counter.generated, projectId), ...structuredClone(overrides) }));
        counter.generated += 1;
      }
      return out;
    },
    as: (other) => (other === projectId ? view : storeView(images, other, put, counter, clock, false)),
  };
  return view;
}
