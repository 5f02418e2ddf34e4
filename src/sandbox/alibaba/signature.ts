// Server-side verification of Alibaba Cloud's V3 request signature,
// `ACS3-HMAC-SHA256`, as the POP gateway in front of every RPC/ROA product
// (E-HPC Instant included) performs it. Written from Alibaba's "V3 request
// structure and signature" document and checked, in the tests, against the
// official SDK (`@alicloud/openapi-util` getAuthorization, `@alicloud/openapi-client`
// callApi) used as an oracle. Nothing here is imported from the gateway.
//
// The algorithm, as the vendor documents it:
//   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQueryString \n
//                      CanonicalHeaders \n SignedHeaders \n HashedRequestPayload
//   - CanonicalURI: the path, each `/`-separated segment RFC 3986-encoded (`/` for RPC).
//   - CanonicalQueryString: parameters sorted by name (then by value for repeated
//     names), name and value each RFC 3986-encoded (unreserved A-Za-z0-9-_.~ kept,
//     everything else `%XX`, space = %20), `name=value` joined by `&`.
//   - CanonicalHeaders: `name:trimmed value\n` for every signed header, names
//     lower-cased and sorted; SignedHeaders: those names joined by `;`.
//   - HashedRequestPayload: hex SHA-256 of the body (of "" when none); the
//     client sends it as `x-acs-content-sha256`.
//   StringToSign = "ACS3-HMAC-SHA256\n" + hex(SHA-256(CanonicalRequest))
//   Signature    = hex(HMAC-SHA256(AccessKeySecret, StringToSign))
//   Authorization: ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<a;b>,Signature=<hex>
//
// The server rebuilds the canonical request from what arrived on the wire: the
// raw query is decoded (form semantics, as the POP gateway's servlet stack and
// URLSearchParams do: `+` is a space) and re-encoded, so a client that encodes
// differently on the wire (Node's querystring leaves `!'()*` bare, the SDK's
// canonical form escapes them) still verifies, and a query changed after signing
// does not.
//
// The errors it answers with are in pop-errors.ts.

import type { IncomingHttpHeaders } from 'node:http';
import { constantTimeEqual, hmacSha256Hex, sha256Hex } from '../hashes.js';
import { popErrors, type AlibabaPopError } from './pop-errors.js';

const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

/** How far `x-acs-date` may be from the server's clock, and how long a nonce is remembered. */
export const ACS3_MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** The headers every V3 request must carry and sign (Authorization aside). */
const ACS3_REQUIRED_SIGNED_HEADERS = [
  'host',
  'x-acs-action',
  'x-acs-content-sha256',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-version',
] as const;

/** One access key the verifier accepts, with the STS security tokens issued for it. */
export interface Acs3Credential {
  accessKeyId: string;
  accessKeySecret: string;
  /** Security tokens accepted with this key (`x-acs-security-token`); none = plain AK/SK only. */
  securityTokens?: string[];
}

export interface Acs3VerifierOptions {
  credentials: Acs3Credential[];
  /** The server clock, ms since the epoch (default Date.now). */
  now?: () => number;
  /** Allowed clock skew and nonce memory, ms (default 15 minutes). */
  maxClockSkewMs?: number;
}

/** The parts of an HTTP request the signature covers. */
export interface Acs3Request {
  method: string;
  /** Raw request path, undecoded. */
  rawPath: string;
  /** Raw query string without `?`, undecoded ('' when none). */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Acs3Verified {
  ok: true;
  accessKeyId: string;
  securityToken?: string;
  action: string;
  version: string;
  nonce: string;
  /** The string the signature was checked over (useful in tests and logs; contains no secret). */
  stringToSign: string;
}

export type Acs3VerifyResult = Acs3Verified | { ok: false; error: AlibabaPopError };

export interface Acs3Verifier {
  verify(request: Acs3Request): Acs3VerifyResult;
  /** Forgets every remembered nonce. */
  resetNonces(): void;
}

// ---------------------------------------------------------------------------
// Canonical form

/** RFC 3986 percent-encoding as Alibaba's SDKs do it (encodeURIComponent plus `!'()*`). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The canonical URI of a raw path: each segment decoded, then re-encoded; empty path = `/`. */
export function canonicalUri(rawPath: string): string {
  if (rawPath === '' || rawPath === '/') return '/';
  return rawPath
    .split('/')
    .map((segment) => percentEncode(safeDecode(segment)))
    .join('/');
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The canonical query string of a raw query: decoded with form semantics
 * (URLSearchParams), sorted by name then value, each part re-encoded.
 */
export function canonicalQueryString(rawQuery: string): string {
  const pairs = [...new URLSearchParams(rawQuery)];
  pairs.sort(([ka, va], [kb, vb]) => byCodeUnits(ka, kb) || byCodeUnits(va, vb));
  return pairs.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  // Node joins repeated custom headers with ", "; only set-cookie arrives as an array.
  return Array.isArray(value)
    ? [...value]
        .map((v) => v.trim())
        .sort()
        .join(',')
    : value.trim();
}

/** `name:value\n` for each signed header (names lower-case and sorted by the caller). */
function canonicalHeaders(headers: IncomingHttpHeaders, signedHeaders: readonly string[]): string {
  return signedHeaders.map((name) => `${name}:${headerValue(headers, name) ?? ''}\n`).join('');
}

interface CanonicalRequestParts {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  signedHeaders: readonly string[];
  hashedPayload: string;
}

function buildCanonicalRequest(parts: CanonicalRequestParts): string {
  return [
    parts.method.toUpperCase(),
    canonicalUri(parts.rawPath),
    canonicalQueryString(parts.rawQuery),
    canonicalHeaders(parts.headers, parts.signedHeaders),
    parts.signedHeaders.join(';'),
    parts.hashedPayload,
  ].join('\n');
}

function buildStringToSign(canonicalRequest: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

/** A parsed `Authorization: ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`. */
interface ParsedAcs3Authorization {
  algorithm: string;
  credential: string;
  signedHeaders: string[];
  signature: string;
}

function parseAcs3Authorization(header: string): ParsedAcs3Authorization | undefined {
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  if (space <= 0) return undefined;
  const algorithm = trimmed.slice(0, space);
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const key = part.slice(0, eq).trim();
    if (fields.has(key)) return undefined;
    fields.set(key, part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) return undefined;
  return {
    algorithm,
    credential,
    signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()),
    signature,
  };
}

/** Parses `yyyy-MM-ddTHH:mm:ssZ` strictly; undefined when malformed. */
export function parseAcsDate(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(t);
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    check.getUTCHours() !== h ||
    check.getUTCMinutes() !== mi ||
    check.getUTCSeconds() !== s
  ) {
    return undefined;
  }
  return t;
}

// ---------------------------------------------------------------------------
// The verifier

/**
 * A verifier with its own nonce memory. Checks, in order: the Authorization
 * header's form; the access key; that every required header is present and
 * signed (and every `x-acs-*` header present is signed); `x-acs-date`; the
 * security token; the signature (over the body's real hash); the nonce.
 * A nonce is remembered only once a request has verified, so forged requests
 * cannot burn a legitimate client's nonces.
 */
export function createAcs3Verifier(options: Acs3VerifierOptions): Acs3Verifier {
  const now = options.now ?? Date.now;
  const window = options.maxClockSkewMs ?? ACS3_MAX_CLOCK_SKEW_MS;
  const credentials = new Map(options.credentials.map((c) => [c.accessKeyId, c]));
  /** `${accessKeyId}\n${nonce}` → ms when it may be used again; insertion order ≈ time order. */
  const nonces = new Map<string, number>();

  const forgetExpiredNonces = (at: number) => {
    for (const [key, expiresAt] of nonces) {
      if (expiresAt > at) break;
      nonces.delete(key);
    }
  };

  const fail = (error: AlibabaPopError): Acs3VerifyResult => ({ ok: false, error });

  return {
    resetNonces: () => nonces.clear(),
    verify(request) {
      const authorization = headerValue(request.headers, 'authorization');
      if (!authorization) return fail(popErrors.incompleteSignature('The Authorization header is missing.'));
      const parsed = parseAcs3Authorization(authorization);
      if (!parsed) return fail(popErrors.incompleteSignature('The Authorization header is malformed.'));
      if (parsed.algorithm !== ACS3_ALGORITHM) {
        return fail(popErrors.incompleteSignature(`The signature algorithm ${parsed.algorithm} is not supported.`));
      }
      if (!/^[0-9a-f]{64}$/.test(parsed.signature)) {
        return fail(popErrors.incompleteSignature('The signature is not 64 lower-case hex digits.'));
      }
      const credential = credentials.get(parsed.credential);
      if (!credential) return fail(popErrors.accessKeyNotFound());

      const signed = [...new Set(parsed.signedHeaders)].sort(byCodeUnits);
      if (signed.length !== parsed.signedHeaders.length) {
        return fail(popErrors.incompleteSignature('SignedHeaders lists a header twice.'));
      }
      for (const name of signed) {
        if (headerValue(request.headers, name) === undefined) {
          return fail(popErrors.incompleteSignature(`The signed header ${name} is missing.`));
        }
      }
      for (const name of ACS3_REQUIRED_SIGNED_HEADERS) {
        if (!signed.includes(name)) {
          return fail(popErrors.incompleteSignature(`The header ${name} must be present and signed.`));
        }
      }
      for (const name of Object.keys(request.headers)) {
        if (name.startsWith('x-acs-') && !signed.includes(name)) {
          return fail(popErrors.incompleteSignature(`The header ${name} must be signed.`));
        }
      }

      const date = parseAcsDate(headerValue(request.headers, 'x-acs-date') ?? '');
      if (date === undefined) return fail(popErrors.timestampFormat());
      const at = now();
      if (Math.abs(at - date) > window) return fail(popErrors.timestampExpired());

      const securityToken = headerValue(request.headers, 'x-acs-security-token');
      if (securityToken !== undefined && !(credential.securityTokens ?? []).includes(securityToken)) {
        return fail(popErrors.securityTokenMalformed());
      }

      const claimedHash = headerValue(request.headers, 'x-acs-content-sha256') ?? '';
      const actualHash = sha256Hex(request.body);
      const canonical = buildCanonicalRequest({
        method: request.method,
        rawPath: request.rawPath,
        rawQuery: request.rawQuery,
        headers: request.headers,
        signedHeaders: signed,
        // The server's own calculation uses the body it received: a body that
        // does not match x-acs-content-sha256 fails as a signature mismatch.
        hashedPayload: actualHash,
      });
      const stringToSign = buildStringToSign(canonical);
      const expected = hmacSha256Hex(credential.accessKeySecret, stringToSign);
      if (!constantTimeEqual(expected, parsed.signature) || claimedHash !== actualHash) {
        return fail(popErrors.signatureDoesNotMatch(stringToSign));
      }

      const nonce = headerValue(request.headers, 'x-acs-signature-nonce') ?? '';
      if (nonce === '') return fail(popErrors.incompleteSignature('x-acs-signature-nonce is empty.'));
      forgetExpiredNonces(at);
      const nonceKey = `${credential.accessKeyId}\n${nonce}`;
      const usableAgainAt = nonces.get(nonceKey);
      if (usableAgainAt !== undefined && usableAgainAt > at) return fail(popErrors.nonceUsed());
      nonces.delete(nonceKey);
      nonces.set(nonceKey, at + window);

      return {
        ok: true,
        accessKeyId: credential.accessKeyId,
        securityToken,
        action: headerValue(request.headers, 'x-acs-action') ?? '',
        version: headerValue(request.headers, 'x-acs-version') ?? '',
        nonce,
        stringToSign,
      };
    },
  };
}
