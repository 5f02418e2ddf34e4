// Names of everything the gateway keeps in the shared state. A name is the
// configured prefix, a kind, and a keyed hash (HMAC-SHA-256) of what it is
// about: a source instance, an image id, a caller's credential, a tenant set.
// So no key or channel holds a credential, nor anything that would let one be
// guessed back from it, and a Redis shared with another deployment (another
// key) finds nothing it could match.
//
// The hash key: IMAGE_GATEWAY_CACHE_KEY_SECRET when set (give every replica
// the same one); else derived, by HMAC, from the secrets every replica is
// configured with anyway (the cloud credentials, the Redis URL), so replicas
// of one deployment agree without another setting. With no secret configured
// at all (every source passthrough, no password on Redis), the derivation has
// nothing to key with: set IMAGE_GATEWAY_CACHE_KEY_SECRET then. In-process
// state, shared with nobody, uses a random key.

import { createHmac, randomBytes } from 'node:crypto';

/** What a name is of: cache entries are `e`, the rest control keys (never pushed out by cache entries in-process). */
export type ControlKind = 'gen' | 'lease' | 'fence' | 'last' | 'rate' | 'refresh' | 'upstream';

export class StateKeys {
  constructor(
    private readonly prefix: string,
    private readonly secret: Buffer,
  ) {}

  /** A keyed hash of `parts`, 128 bits, base64url. */
  hash(...parts: readonly unknown[]): string {
    return createHmac('sha256', this.secret).update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
  }

  /** A cache entry's key. */
  entry(...parts: readonly unknown[]): string {
    return `${this.prefix}e:${this.hash(...parts)}`;
  }

  /** A control key (a generation, a lease, a counter …). */
  control(kind: ControlKind, ...parts: readonly unknown[]): string {
    return `${this.prefix}k:${kind}:${this.hash(kind, ...parts)}`;
  }

  /** Whether `key` is a control key. */
  isControlKey(key: string): boolean {
    return key.startsWith(`${this.prefix}k:`);
  }

  /** A pub/sub channel's name. */
  channel(kind: string, ...parts: readonly unknown[]): string {
    return `${this.prefix}ch:${kind}:${this.hash('channel', kind, ...parts)}`;
  }
}

/** The hash key replicas agree on: the configured one, else one derived from `secrets` (never one of them as such). */
export function hashKeyFor(configured: string | undefined, secrets: readonly string[], shared: boolean): Buffer {
  if (configured) return createHmac('sha256', 'image-gateway state keys').update(configured).digest();
  if (!shared) return randomBytes(32);
  const hmac = createHmac('sha256', 'image-gateway state keys, derived');
  for (const secret of [...new Set(secrets)].sort()) hmac.update(`${secret.length}:${secret}`);
  return hmac.digest();
}
