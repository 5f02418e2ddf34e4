// The E-HPC emulator's state: the images of the account in its region, seeded
// from seed.ts unless told not to. A stored image has every field GetImage
// and ListImages filter on (missing ones defaulted: Custom, VM, Name = id,
// CreateTime = now). Reads hand out the stored objects: the answers are views
// (views.ts) built from them.

import { ehpcSeedImages } from './seed.js';
import { isoSeconds, syntheticImage } from './synthetic.js';
import type { EhpcImage, EhpcImageInput } from './types.js';

export interface EhpcStore {
  /** Every image in ListImages order (not copies: do not change them). */
  all(): ReadonlyArray<Readonly<EhpcImage>>;
  /** One image (not a copy). */
  get(imageId: string): Readonly<EhpcImage> | undefined;
  has(imageId: string): boolean;
  /** Adds or replaces a copy of an image, missing fields defaulted; returns a copy of what is stored. */
  put(input: EhpcImageInput): EhpcImage;
  remove(imageId: string): boolean;
  clear(): void;
  /** Whether a job uses the image (RemoveImage then answers ImageInUse). */
  inUse(imageId: string): boolean;
  setInUse(imageId: string, inUse: boolean): void;
  /** Adds `count` synthetic images, continuing the sequence of earlier calls. */
  generate(count: number, overrides: Partial<Omit<EhpcImage, 'ImageId'>>): EhpcImage[];
}

/** ListImages order: CreateTime newest first, then ImageId ascending. */
function listOrder(a: EhpcImage, b: EhpcImage): number {
  const ta = Date.parse(a.CreateTime);
  const tb = Date.parse(b.CreateTime);
  if (ta !== tb) return (Number.isNaN(tb) ? -Infinity : tb) - (Number.isNaN(ta) ? -Infinity : ta);
  return a.ImageId < b.ImageId ? -1 : a.ImageId > b.ImageId ? 1 : 0;
}

export function createEhpcStore(now: () => number, seed: boolean): EhpcStore {
  const images = new Map<string, EhpcImage>();
  const usedByJobs = new Set<string>();
  let generated = 0;

  const put = (input: EhpcImageInput) => {
    const createTime = input.CreateTime ?? isoSeconds(now());
    const image: EhpcImage = structuredClone({
      ...input,
      ImageId: input.ImageId,
      ImageCategory: input.ImageCategory ?? 'Custom',
      ImageType: input.ImageType ?? 'VM',
      Name: input.Name ?? input.ImageId,
      CreateTime: createTime,
      UpdateTime: input.UpdateTime ?? createTime,
    });
    images.set(image.ImageId, image);
    return structuredClone(image);
  };
  if (seed) for (const image of ehpcSeedImages()) put(image);

  return {
    all: () => [...images.values()].sort(listOrder),
    get: (imageId) => images.get(imageId),
    has: (imageId) => images.has(imageId),
    put,
    remove(imageId) {
      usedByJobs.delete(imageId);
      return images.delete(imageId);
    },
    clear: () => {
      images.clear();
      usedByJobs.clear();
    },
    inUse: (imageId) => usedByJobs.has(imageId),
    setInUse: (imageId, inUse) => void (inUse ? usedByJobs.add(imageId) : usedByJobs.delete(imageId)),
    generate(count, overrides) {
      const out: EhpcImage[] = [];
      for (let i = 0; i < count; i++) {
        generated += 1;
        out.push(put({ ...syntheticImage(generated), ...structuredClone(overrides) }));
      }
      return out;
    },
  };
}
