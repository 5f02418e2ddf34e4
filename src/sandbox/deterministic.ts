// Stable made-up values for the images an emulator invents (synthetic images,
// images created through the API): the same seed string always gives the same
// id or number, so test data is reproducible run after run.

import { createHash } from 'node:crypto';

const sha256 = (seed: string) => createHash('sha256').update(seed).digest('hex');

/** A version-4-shaped UUID derived from `seed`. */
export function deterministicUuid(seed: string): string {
  const hex = sha256(seed);
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** An integer in [min, max] derived from `seed`. */
export function deterministicInt(seed: string, min: number, max: number): number {
  const n = parseInt(sha256(seed).slice(0, 12), 16);
  return min + (n % (max - min + 1));
}
