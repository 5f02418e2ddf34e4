// Whose credentials a watched image is read with: the part of a poller's key
// that keeps subscribers apart when they may not read the same things.
//
// Today every upstream call uses the gateway's own configured credentials, so
// every subscriber shares one poller per image: the key is constant. When
// callers' own credentials are forwarded (per-user credentials), this returns
// a key of the caller's credential (a hash, never the credential itself), and
// each caller then gets the poller of their own credential.

import type { GatewayContext } from '../context.js';

/** The credential key of the gateway's own credentials. */
export const GATEWAY_CREDENTIAL_KEY = 'gateway';

/** The key of the credentials the upstream reads of this operation are made with. */
export function credentialKeyOf(_context: GatewayContext): string {
  return GATEWAY_CREDENTIAL_KEY;
}
