// Whose credentials a watched image is read with: the part of a poller's key
// that keeps subscribers apart when they may not read the same things.
//
// Upstream calls use the gateway's own configured credentials, except for
// passthrough sources, which forward the caller's own cloud token. So
// subscribers without a token of their own share one poller per image (the
// constant key), and a caller with a token gets the poller of that token: a
// key derived from it (a hash, never the token itself), so that a subscriber
// never receives what their own token could not read.

import { createHash } from 'node:crypto';
import type { GatewayContext } from '../context-types.js';

/** The credential key of the gateway's own credentials. */
export const GATEWAY_CREDENTIAL_KEY = 'gateway';

/** The key of the credentials the upstream reads of this operation are made with. */
export function credentialKeyOf(context: GatewayContext): string {
  const token = context.scope.credentials?.token;
  if (!token) return GATEWAY_CREDENTIAL_KEY;
  return `token:${createHash('sha256').update(token).digest('base64url')}`;
}
