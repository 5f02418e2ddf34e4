// The hashing the sandbox's signature verifiers are built on (each vendor's
// algorithm, e.g. Huawei's SDK-HMAC-SHA256 or Alibaba's ACS3-HMAC-SHA256, is
// hex SHA-256 of a canonical request and a hex HMAC-SHA256 over it), and the
// comparison they check signatures and tokens with.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacSha256Hex(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/** Whether two strings are equal, in a time that does not depend on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    timingSafeEqual(left, left); // keep the work independent of where a mismatch is
    return false;
  }
  return timingSafeEqual(left, right);
}
