// Global ids: one opaque, URL-safe string that says where an image lives
// (provider, region, project or account) and what the vendor calls it.
//
// Shape: base64url (no padding) of the JSON array
//   ["img", 1, provider, region, project, nativeId]
// JSON keeps any native id intact (slashes, `%`, `?`, unicode) without an
// escaping scheme of our own; base64url makes the result safe in a URL path or
// query without encoding. The leading tag and version let us reject ids that
// are not ours and change the format later without misreading old ids.

import { badUserInput } from './errors.js';

/** Where an image lives and its vendor id: what a global id carries. */
export interface ImageRef {
  /** The source's `ImageProvider` value (MODELARTS, IMS, …). */
  provider: string;
  /** '' when the source has no region. */
  region: string;
  /** Project (Huawei) or account (Alibaba); '' when not applicable. */
  project: string;
  nativeId: string;
}

const TAG = 'img';
const VERSION = 1;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Ids longer than this are refused before decoding: no vendor id comes close. */
const MAX_GLOBAL_ID_LENGTH = 4096;

export function encodeGlobalId(ref: ImageRef): string {
  const json = JSON.stringify([TAG, VERSION, ref.provider, ref.region ?? '', ref.project ?? '', ref.nativeId]);
  return Buffer.from(json, 'utf8').toString('base64url');
}

/** What a provider looks like: an `ImageProvider` enum value. */
const PROVIDER_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * Decodes a global id, or returns undefined when it is not one of ours. With
 * `providers`, an id naming any other provider is not one of ours either.
 */
export function tryDecodeGlobalId(id: string, providers?: readonly string[]): ImageRef | undefined {
  const ref = decodeOnce(id);
  if (ref && providers && !providers.includes(ref.provider)) return undefined;
  return ref;
}

/**
 * Ids already decoded, most of them asked again and again (a page refreshed,
 * a watched image): a bounded memo, emptied when full. Refs are frozen, so a
 * caller cannot change another's.
 */
const decoded = new Map<string, Readonly<ImageRef> | undefined>();
const MAX_MEMOIZED_IDS = 4096;
/** Longer ids (none of ours comes close) are decoded each time rather than held. */
const MAX_MEMOIZED_ID_LENGTH = 512;

function decodeOnce(id: string): Readonly<ImageRef> | undefined {
  if (typeof id !== 'string') return undefined;
  if (decoded.has(id)) return decoded.get(id);
  const ref = decode(id);
  if (id.length > MAX_MEMOIZED_ID_LENGTH) return ref;
  if (decoded.size >= MAX_MEMOIZED_IDS) decoded.clear();
  decoded.set(id, ref && Object.freeze(ref));
  return ref;
}

function decode(id: string): ImageRef | undefined {
  if (id.length === 0 || id.length > MAX_GLOBAL_ID_LENGTH || !BASE64URL.test(id)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 6) return undefined;
  const [tag, version, provider, region, project, nativeId] = parsed as unknown[];
  if (tag !== TAG || version !== VERSION) return undefined;
  if (typeof provider !== 'string' || !PROVIDER_NAME.test(provider)) return undefined;
  if (typeof region !== 'string' || typeof project !== 'string') return undefined;
  if (typeof nativeId !== 'string' || nativeId.length === 0) return undefined;
  // Re-encoding must give the same text: refuses non-canonical base64 that
  // would make two different strings name the same image.
  const ref: ImageRef = { provider, region, project, nativeId };
  if (encodeGlobalId(ref) !== id) return undefined;
  return ref;
}

/** Decodes a global id or throws BAD_USER_INPUT naming the argument at fault. */
export function decodeGlobalId(id: string, field = 'id', providers?: readonly string[]): ImageRef {
  const ref = tryDecodeGlobalId(id, providers);
  if (!ref) throw badUserInput(`${field} is not a valid image-gateway global id`, field);
  return ref;
}
