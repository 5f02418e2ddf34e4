// Server-side verification of Huawei Cloud API Gateway (APIG) authentication, as
// the sandbox's ModelArts and IMS emulators need it: AK/SK `SDK-HMAC-SHA256`
// signatures and IAM tokens in `X-Auth-Token`.
//
// Written from Huawei's API Request Signing Guide (devg-apisign
// api-sign-algorithm-002) and checked against the official Node SDK's signer
// (`@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner`) in the tests. Nothing
// here is shared with the gateway's own signer (README.md, "Sandbox": the sandbox and the
// gateway share no code).
//
// Canonical request (what the signer hashes):
//   METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HexSHA256(payload)
// String to sign: "SDK-HMAC-SHA256\n" + X-Sdk-Date + "\n" + HexSHA256(canonical request)
// Signature: hex HMAC-SHA256(SK, string to sign) — no key derivation.

import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorRequest } from '../emulator.js';
import { constantTimeEqual, hmacSha256Hex, sha256Hex } from '../hashes.js';

const SDK_HMAC_SHA256 = 'SDK-HMAC-SHA256';
/** APIG rejects an `X-Sdk-Date` more than 15 minutes away from its own clock. */
const HUAWEI_MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** What a verifier knows: one or more AK → SK pairs and the accepted IAM tokens. */
export interface HuaweiAuthConfig {
  keys: ReadonlyArray<{ ak: string; sk: string }>;
  tokens?: readonly string[];
  /** Server clock for the X-Sdk-Date window (default Date.now). */
  now?: () => number;
  /** Allowed distance between X-Sdk-Date and the server clock (default 15 min). */
  maxSkewMs?: number;
}

export type HuaweiAuthFailure =
  | 'missing-credentials'
  | 'malformed-authorization'
  | 'unknown-access-key'
  | 'date-missing'
  | 'date-not-signed'
  | 'date-malformed'
  | 'date-out-of-range'
  | 'signed-header-missing'
  | 'signature-mismatch'
  | 'invalid-token';

export type HuaweiAuthResult =
  | { ok: true; scheme: 'aksk'; accessKey: string; signedHeaders: string[] }
  | { ok: true; scheme: 'token' }
  | { ok: false; reason: HuaweiAuthFailure; /** APIG's error_msg for it */ message: string; accessKey?: string };

/** The parts of a request a signature covers. */
export type SignableRequest = Pick<EmulatorRequest, 'method' | 'rawPath' | 'rawQuery' | 'headers' | 'body'>;

export interface ParsedAuthorization {
  algorithm: string;
  accessKey: string;
  signedHeaders: string[];
  signature: string;
}

/**
 * Parses `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex`.
 * Returns undefined when the header is not of that shape.
 */
export function parseSdkAuthorization(value: string | undefined): ParsedAuthorization | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const space = trimmed.indexOf(' ');
  if (space <= 0) return undefined;
  const algorithm = trimmed.slice(0, space);
  if (algorithm !== SDK_HMAC_SHA256) return undefined;
  const parts = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKey = parts.get('Access');
  const signedHeaders = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  if (!accessKey || !signedHeaders || !signature) return undefined;
  if (!/^[0-9a-f]{64}$/i.test(signature)) return undefined;
  return {
    algorithm,
    accessKey,
    signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()),
    signature: signature.toLowerCase(),
  };
}

/** Parses `YYYYMMDDTHHmmssZ` (UTC) into epoch ms; undefined when malformed. */
export function parseSdkDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return ms;
}

/** Formats epoch ms as `YYYYMMDDTHHmmssZ`. */
export function formatSdkDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** Percent-encodes like the signer: everything but `A-Za-z0-9-_.~`, UTF-8, upper-case hex. */
export function signerEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Canonical URIs a client may have signed for this raw path.
 *
 * The signer percent-encodes every decoded path segment and appends `/`, so a
 * client that put the same encoding on the wire signed the raw path itself
 * (first candidate). A client that left reserved-but-legal characters such as
 * `!`, `(`, `:` unencoded on the wire still signed their encoded form, which is
 * what APIG computes from the decoded path (second candidate, when different).
 */
export function canonicalUriCandidates(rawPath: string): string[] {
  const withSlash = (p: string) => (p.endsWith('/') ? p : `${p}/`);
  const raw = withSlash(rawPath || '/');
  const normalized = withSlash(
    (rawPath || '/')
      .split('/')
      .map((segment) => {
        const decoded = decodeSegment(segment);
        return decoded === undefined ? segment : signerEncode(decoded);
      })
      .join('/'),
  );
  return normalized === raw ? [raw] : [raw, normalized];
}

/**
 * Canonical query string: parameters decoded (form rules: `+` is a space),
 * keys sorted, values of a repeated key sorted, each `key=value` re-encoded with
 * the signer's encoding (`key=` for an empty value), joined by `&`.
 */
export function canonicalQueryString(rawQuery: string): string {
  if (!rawQuery) return '';
  const grouped = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(rawQuery)) {
    const list = grouped.get(key);
    if (list) list.push(value);
    else grouped.set(key, [value]);
  }
  const keys = [...grouped.keys()].sort();
  const pairs: string[] = [];
  for (const key of keys) {
    const values = [...(grouped.get(key) ?? [])].sort();
    for (const value of values) pairs.push(`${signerEncode(key)}=${signerEncode(value)}`);
  }
  return pairs.join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(',') : value;
}

/** `name:value\n` for every signed header, in the order the client listed them. */
function canonicalHeaders(headers: IncomingHttpHeaders, signedHeaders: readonly string[]): string | undefined {
  let out = '';
  for (const name of signedHeaders) {
    const value = headerValue(headers, name);
    if (value === undefined) return undefined;
    out += `${name}:${value.trim()}\n`;
  }
  return out;
}

/** The payload hash: the `X-Sdk-Content-Sha256` header when present (e.g. UNSIGNED-PAYLOAD), else SHA-256 of the body bytes. */
function payloadHash(request: Pick<EmulatorRequest, 'headers' | 'body'>): string {
  return headerValue(request.headers, 'x-sdk-content-sha256') ?? sha256Hex(request.body);
}

function buildCanonicalRequest(
  method: string,
  canonicalUri: string,
  canonicalQuery: string,
  canonicalHeaderBlock: string,
  signedHeaders: readonly string[],
  hashedPayload: string,
): string {
  return [
    method.toUpperCase(),
    canonicalUri,
    canonicalQuery,
    canonicalHeaderBlock,
    signedHeaders.join(';'),
    hashedPayload,
  ].join('\n');
}

function stringToSign(sdkDate: string, canonicalRequest: string): string {
  return `${SDK_HMAC_SHA256}\n${sdkDate}\n${sha256Hex(canonicalRequest)}`;
}

const APIG_MESSAGES = Object.freeze({
  missing: 'Incorrect IAM authentication information: x-auth-token not found',
  signature: 'Incorrect IAM authentication information: verify aksk signature fail',
  token: 'Incorrect IAM authentication information: decrypt token fail',
  unknownAk: (ak: string) => `Incorrect IAM authentication information: Get secretKey failed,ak:${ak},err:ak not exist`,
});

function fail(
  reason: HuaweiAuthFailure,
  message: string = APIG_MESSAGES.signature,
  accessKey?: string,
): HuaweiAuthResult {
  return accessKey === undefined ? { ok: false, reason, message } : { ok: false, reason, message, accessKey };
}

/**
 * Authenticates a request as APIG would: an `Authorization: SDK-HMAC-SHA256 …`
 * header is verified as an AK/SK signature; otherwise an `X-Auth-Token` must be
 * one of the configured tokens.
 */
export function verifyHuaweiRequest(request: SignableRequest, config: HuaweiAuthConfig): HuaweiAuthResult {
  const authorization = headerValue(request.headers, 'authorization');
  if (authorization === undefined || authorization.trim() === '') {
    const token = headerValue(request.headers, 'x-auth-token');
    if (token === undefined || token === '') return fail('missing-credentials', APIG_MESSAGES.missing);
    const known = (config.tokens ?? []).some((t) => constantTimeEqual(t, token));
    return known ? { ok: true, scheme: 'token' } : fail('invalid-token', APIG_MESSAGES.token);
  }

  const parsed = parseSdkAuthorization(authorization);
  if (!parsed) return fail('malformed-authorization');
  const key = config.keys.find((k) => k.ak === parsed.accessKey);
  if (!key) return fail('unknown-access-key', APIG_MESSAGES.unknownAk(parsed.accessKey), parsed.accessKey);

  const sdkDate = headerValue(request.headers, 'x-sdk-date');
  if (sdkDate === undefined) return fail('date-missing', undefined, parsed.accessKey);
  if (!parsed.signedHeaders.includes('x-sdk-date')) return fail('date-not-signed', undefined, parsed.accessKey);
  const signedAt = parseSdkDate(sdkDate.trim());
  if (signedAt === undefined) return fail('date-malformed', undefined, parsed.accessKey);
  const now = (config.now ?? Date.now)();
  if (Math.abs(now - signedAt) > (config.maxSkewMs ?? HUAWEI_MAX_CLOCK_SKEW_MS)) {
    return fail('date-out-of-range', undefined, parsed.accessKey);
  }

  const headerBlock = canonicalHeaders(request.headers, parsed.signedHeaders);
  if (headerBlock === undefined) return fail('signed-header-missing', undefined, parsed.accessKey);
  const query = canonicalQueryString(request.rawQuery);
  const hashedPayload = payloadHash(request);

  let matched = false;
  for (const uri of canonicalUriCandidates(request.rawPath)) {
    const canonical = buildCanonicalRequest(
      request.method,
      uri,
      query,
      headerBlock,
      parsed.signedHeaders,
      hashedPayload,
    );
    const expected = hmacSha256Hex(key.sk, stringToSign(sdkDate.trim(), canonical));
    if (constantTimeEqual(expected, parsed.signature)) matched = true;
  }
  if (!matched) return fail('signature-mismatch', undefined, parsed.accessKey);
  return { ok: true, scheme: 'aksk', accessKey: parsed.accessKey, signedHeaders: parsed.signedHeaders };
}
