// Huawei Cloud API Gateway AK/SK signing, `SDK-HMAC-SHA256`, as the API
// Request Signing Guide describes it and the official Node SDK
// (`@huaweicloud/huaweicloud-sdk-core`, auth/AKSKSigner.js) implements it:
//
//   canonical request = METHOD \n CanonicalURI \n CanonicalQuery \n
//                       CanonicalHeaders \n SignedHeaders \n hex(SHA-256(body))
//   string to sign    = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(SHA-256(canonical request))
//   signature         = hex(HMAC-SHA256(SK, string to sign))      (no key derivation)
//
// CanonicalURI is the path with each segment RFC 3986 encoded and a `/`
// appended; the path we send is already encoded that way (paths.ts), so it is
// used as is. The canonical query is our query string (paths.ts builds it
// sorted and encoded). Every header handed in is signed, lower-cased and
// sorted, values untrimmed like the SDK. A test checks our signatures against
// the SDK's on the same requests.

import crypto from 'node:crypto';

interface HuaweiSigningInput {
  method: string;
  /** Host header value (host[:port]). */
  host: string;
  /** Encoded path, as sent. */
  path: string;
  /** Canonical query string, as sent (no `?`). */
  query: string;
  /** Headers to sign besides host and X-Sdk-Date (e.g. content-type, x-project-id). */
  headers: Record<string, string>;
  /** The exact body bytes sent; undefined or empty for none. */
  body?: Buffer | string;
}

interface HuaweiCredentials {
  ak: string;
  sk: string;
}

const HUAWEI_ALGORITHM = 'SDK-HMAC-SHA256';

/** `YYYYMMDDTHHmmssZ` in UTC, the X-Sdk-Date format. */
export function huaweiSdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

const sha256Hex = (data: string | Buffer) => crypto.createHash('sha256').update(data).digest('hex');

/** Most calls are GETs: the hash of their empty body, once. */
const EMPTY_BODY_SHA256 = sha256Hex('');

/** Header names compared lower-cased; header names are ASCII, so code-point order is the SDK's locale order. */
const byLowerName = (a: readonly [string, string], b: readonly [string, string]) =>
  a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

/**
 * Signs a request; returns the headers to send: the given ones plus `host`,
 * `X-Sdk-Date` and `Authorization`.
 */
export function signHuaweiRequest(
  input: HuaweiSigningInput,
  credentials: HuaweiCredentials,
  now: Date = new Date(),
): Record<string, string> {
  const sdkDate = huaweiSdkDate(now);
  const all: Record<string, string> = { ...input.headers, host: input.host, 'X-Sdk-Date': sdkDate };
  const names = Object.keys(all)
    .map((name) => [name, name.toLowerCase()] as const)
    .sort(byLowerName);
  const signedHeaders = names.map(([, lower]) => lower).join(';');
  const canonicalHeaders = names.map(([name, lower]) => `${lower}:${all[name]}\n`).join('');
  const canonicalUri = input.path.endsWith('/') ? input.path : `${input.path}/`;
  const payloadHash =
    all['X-Sdk-Content-Sha256'] ??
    all['x-sdk-content-sha256'] ??
    (input.body === undefined || input.body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(input.body));
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri,
    input.query,
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');
  const stringToSign = [HUAWEI_ALGORITHM, sdkDate, sha256Hex(canonicalRequest)].join('\n');
  const signature = crypto.createHmac('sha256', credentials.sk).update(stringToSign).digest('hex');
  return {
    ...all,
    Authorization: `${HUAWEI_ALGORITHM} Access=${credentials.ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
