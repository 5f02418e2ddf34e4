// Upstream URL paths and query strings, built so that no caller-supplied value
// can reach another upstream path: every segment is percent-encoded on its own
// (`a/b` → `a%2Fb`, `x?y=1` → `x%3Fy%3D1`, `%2e%2e` → `%252e%252e`), and the
// dot-segments `.` and `..`, which a server or proxy may resolve, are refused.
//
// The encoding keeps exactly RFC 3986's unreserved characters (A-Z a-z 0-9
// - _ . ~) and writes upper-case hex: the set Huawei's and Alibaba's signers
// use, so the path we send is also the canonical URI we sign.

import { badUserInput } from '../errors.js';

/** Only RFC 3986 unreserved characters: nothing to encode (UUIDs, names, most query values). */
const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;

/** Percent-encodes everything but RFC 3986 unreserved characters, with upper-case hex. */
export function encodeRfc3986(value: string): string {
  if (UNRESERVED_ONLY.test(value)) return value;
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Refuses a lone UTF-16 surrogate (GraphQL strings may carry "\uD800"): it has
 * no UTF-8 form, and encodeURIComponent would throw a URIError, which would
 * surface as an internal error instead of the caller's mistake.
 */
function wellFormed(value: string, field: string): void {
  if (/\p{Surrogate}/u.test(value)) throw badUserInput(`${field} is not well-formed Unicode (a lone surrogate)`, field);
}

/** One path segment from a value we do not control. */
export function encodePathSegment(value: string, field = 'id'): string {
  if (value === '' || value === '.' || value === '..') {
    throw badUserInput(`${field} must not be empty, "." or ".."`, field);
  }
  if (value.length > 1024) throw badUserInput(`${field} is longer than 1024 characters`, field);
  if (UNRESERVED_ONLY.test(value)) return value; // well-formed, and nothing to encode
  wellFormed(value, field);
  return encodeRfc3986(value);
}

/** `/a/b/c` from raw segments, each encoded on its own. */
export function buildPath(segments: readonly string[], field = 'id'): string {
  return '/' + segments.map((segment) => encodePathSegment(segment, field)).join('/');
}

export type QueryValue = string | number | boolean | undefined | null | readonly string[];
export type QueryParams = Record<string, QueryValue>;

/**
 * The query string (without `?`): keys sorted, keys and values RFC 3986
 * encoded, arrays repeated in sorted order, empty values as `key=`. This is
 * the canonical query of both vendors' signing schemes, so the string we send
 * is the string we sign.
 */
export function buildQuery(params: QueryParams | undefined): string {
  if (!params) return '';
  const parts: string[] = [];
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? [...(value as readonly string[])].sort() : [String(value)];
    wellFormed(key, key);
    for (const item of values) wellFormed(item, key);
    for (const item of values) parts.push(`${encodeRfc3986(key)}=${encodeRfc3986(item)}`);
  }
  return parts.join('&');
}
