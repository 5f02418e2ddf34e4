// API keys: the keys file holds each key's SHA-256, never the key. A
// presented key is hashed and its digest compared with every configured one
// in constant time (crypto.timingSafeEqual over equal-length digests, and no
// early exit), so neither the comparison nor the position of a match tells
// how close a guess came.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyConfig } from '../config/index.js';

export class ApiKeyVerifier {
  private readonly keys: ReadonlyArray<{ digest: Buffer; key: ApiKeyConfig }>;

  constructor(keys: readonly ApiKeyConfig[]) {
    this.keys = keys.map((key) => ({ digest: Buffer.from(key.sha256, 'hex'), key }));
  }

  /** The configured key `presented` is, or undefined. */
  identify(presented: string): ApiKeyConfig | undefined {
    const digest = createHash('sha256').update(presented, 'utf8').digest();
    let found: ApiKeyConfig | undefined;
    for (const { digest: expected, key } of this.keys) {
      if (timingSafeEqual(digest, expected) && !found) found = key;
    }
    return found;
  }
}
