// Alibaba Cloud V3 request signing, `ACS3-HMAC-SHA256`, as the vendor's "V3
// request structure and signature" page describes it and the official SDK
// (`@alicloud/openapi-util` getAuthorization, called by `@alicloud/openapi-client`
// for every V3 request) implements it:
//
//   canonical request = METHOD \n CanonicalURI \n CanonicalQuery \n
//                       CanonicalHeaders \n SignedHeaders \n HashedPayload
//   string to sign    = "ACS3-HMAC-SHA256" \n hex(SHA-256(canonical request))
//   signature         = hex(HMAC-SHA256(AccessKeySecret, string to sign))
//   Authorization: ACS3-HMAC-SHA256 Credential={AK},SignedHeaders={a;b},Signature={hex}
//
// - CanonicalURI: the path as sent, already RFC 3986-encoded (`/` for RPC APIs).
// - CanonicalQuery: keys sorted, values RFC 3986-encoded: exactly the query
//   string we send (src/upstream/paths.ts buildQuery), so it is used as is.
// - Signed headers: `host`, `content-type` and every `x-acs-*` header,
//   lower-cased, sorted, values trimmed (repeated names joined with `,`).
// - HashedPayload: hex SHA-256 of the body (of "" when none), also sent as
//   `x-acs-content-sha256`.
// - `x-acs-date` is `yyyy-MM-ddTHH:mm:ssZ`; `x-acs-signature-nonce` is a fresh
//   crypto-random UUID per attempt (the server refuses a nonce seen before, so
//   a retried call must be signed anew — the HTTP client does that).
// - An STS token is sent, and signed, as `x-acs-security-token`.
//
// A test checks our Authorization against the SDK's getAuthorization on the
// same requests.

import crypto from 'node:crypto';

const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

interface AlibabaCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS token of temporary credentials. */
  securityToken?: string;
}

interface AlibabaSigningInput {
  method: string;
  /** Host header value (host[:port]). */
  host: string;
  /** Encoded path, as sent. */
  path: string;
  /** Canonical query string, as sent (no `?`). */
  query: string;
  /** The request's headers (x-acs-action, x-acs-version, content-type, accept, …). */
  headers: Record<string, string>;
  body?: Buffer | string;
}

interface AlibabaSigningOptions {
  now?: Date;
  /** The signature nonce; a fresh random UUID when absent (tests fix it). */
  nonce?: string;
}

/** `yyyy-MM-ddTHH:mm:ssZ` in UTC, the x-acs-date format. */
export function acsDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const sha256Hex = (data: string | Buffer): string => crypto.createHash('sha256').update(data).digest('hex');

function isSigned(lowerName: string): boolean {
  return lowerName === 'host' || lowerName === 'content-type' || lowerName.startsWith('x-acs-');
}

/** The canonical request of already-complete headers (exported for tests). */
function canonicalRequest(input: {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  hashedPayload: string;
}): { canonical: string; signedHeaders: string[] } {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of Object.entries(input.headers)) {
    const lower = name.toLowerCase();
    if (!isSigned(lower)) continue;
    const values = grouped.get(lower) ?? [];
    values.push(String(value).trim());
    grouped.set(lower, values);
  }
  const signedHeaders = [...grouped.keys()].sort();
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${grouped.get(name)!.sort().join(',')}\n`).join('');
  const canonical = [
    input.method.toUpperCase(),
    input.path || '/',
    input.query,
    canonicalHeaders,
    signedHeaders.join(';'),
    input.hashedPayload,
  ].join('\n');
  return { canonical, signedHeaders };
}

/**
 * Signs a request; returns the headers to send: the given ones plus `host`,
 * `x-acs-date`, `x-acs-signature-nonce`, `x-acs-content-sha256`,
 * `x-acs-security-token` (with an STS token) and `Authorization`.
 */
export function signAlibabaRequest(
  input: AlibabaSigningInput,
  credentials: AlibabaCredentials,
  options: AlibabaSigningOptions = {},
): Record<string, string> {
  const hashedPayload = sha256Hex(input.body ?? '');
  const headers: Record<string, string> = {};
  // Drop any caller-supplied copies of the headers we own, whatever their case.
  const owned = new Set([
    'host',
    'x-acs-date',
    'x-acs-signature-nonce',
    'x-acs-content-sha256',
    'x-acs-security-token',
    'authorization',
  ]);
  for (const [name, value] of Object.entries(input.headers)) if (!owned.has(name.toLowerCase())) headers[name] = value;
  headers.host = input.host;
  headers['x-acs-date'] = acsDate(options.now ?? new Date());
  headers['x-acs-signature-nonce'] = options.nonce ?? crypto.randomUUID();
  headers['x-acs-content-sha256'] = hashedPayload;
  if (credentials.securityToken) headers['x-acs-security-token'] = credentials.securityToken;
  const { canonical, signedHeaders } = canonicalRequest({
    method: input.method,
    path: input.path,
    query: input.query,
    headers,
    hashedPayload,
  });
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(canonical)}`;
  const signature = crypto.createHmac('sha256', credentials.accessKeySecret).update(stringToSign).digest('hex');
  headers.Authorization = `${ACS3_ALGORITHM} Credential=${credentials.accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`;
  return headers;
}
