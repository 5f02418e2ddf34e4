// Updating Image Information (Native OpenStack API): `PATCH /v2/images/{image_id}`.
// The media type picks the body's form (the page, and Glance's
// RequestDeserializer.update): `application/openstack-images-v2.1-json-patch`
// takes `[{"op": "add"|"replace"|"remove", "path": "/name", "value": …}]`,
// `…-v2.0-json-patch` takes `[{"replace": "/name", "value": …}]`; any other
// type is a 415 naming both in `Accept-Patch`. Paths are one-segment JSON
// pointers (`~1` is `/`, `~0` is `~`).
//
// IMS: "Only customized attributes, image name, and image description can be
// modified": any other core attribute is refused (403), like Glance's
// read-only and reserved ones. `replace` and `remove` need the property to be
// there (409 otherwise, as Glance answers); `add` sets it either way in v2.1,
// and only when it is absent in v2.0. The whole patch applies, or none of it.
// 200 with the image.

import { BadRequest, imsHeaders, Refused } from '../errors.js';
import { checkCoreValue, checkProperty, checkWritable, CORE_ATTRIBUTES } from '../glance-properties.js';
import { isJsonObject, jsonBody, ownImage, type ImsHandler } from '../handler.js';
import type { ImsWireImage } from '../types.js';

const MEDIA_TYPES: Readonly<Record<string, 'v2.0' | 'v2.1'>> = {
  'application/openstack-images-v2.0-json-patch': 'v2.0',
  'application/openstack-images-v2.1-json-patch': 'v2.1',
};
const OPERATIONS = ['add', 'remove', 'replace'] as const;
type Operation = (typeof OPERATIONS)[number];
/** The core attributes IMS lets a PATCH change. */
const CHANGEABLE_CORE = new Set(['name']);

interface Change {
  op: Operation;
  attribute: string;
  value?: unknown;
}

export const updateImage: ImsHandler = ({ request, params, requestId, store }) => {
  const image = ownImage(store, params.image_id, 'modify');
  const mediaType = String(request.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  const version = MEDIA_TYPES[mediaType];
  if (!version) {
    throw new Refused(415, `The media type ${mediaType || '(none)'} is not supported for this method.`, {
      headers: { 'accept-patch': Object.keys(MEDIA_TYPES).join(', ') },
    });
  }
  const body = jsonBody(request);
  if (!Array.isArray(body)) throw new BadRequest('Request body must be a JSON array of operation objects.');
  const changes = body.map((raw) => parseChange(raw, version));

  const next: ImsWireImage = structuredClone(image);
  for (const change of changes) apply(next, change, version);
  next.updated_at = store.now();
  return { status: 200, headers: imsHeaders(requestId), body: store.put(next) };
};

function parseChange(raw: unknown, version: 'v2.0' | 'v2.1'): Change {
  if (!isJsonObject(raw)) throw new BadRequest('Operations must be JSON objects.');
  let op: Operation;
  let path: unknown;
  if (version === 'v2.1') {
    if (!OPERATIONS.includes(raw.op as Operation)) {
      throw new BadRequest(`Invalid operation: \`${String(raw.op)}\`. It must be one of: ${OPERATIONS.join(', ')}.`);
    }
    op = raw.op as Operation;
    path = raw.path;
  } else {
    const named = OPERATIONS.filter((name) => name in raw);
    if (named.length !== 1)
      throw new BadRequest('Operation objects must contain exactly one member named "add", "remove", or "replace".');
    op = named[0];
    path = raw[op];
  }
  const attribute = attributeOf(path);
  // An image's id is set once, by its create.
  if (attribute === 'id') throw new Refused(403, "Attribute 'id' is read-only.");
  checkWritable(attribute);
  if (CORE_ATTRIBUTES.has(attribute) && !CHANGEABLE_CORE.has(attribute)) {
    throw new Refused(
      403,
      `Attribute '${attribute}' cannot be modified: only custom attributes, the name and the description can.`,
    );
  }
  if (op === 'remove') return { op, attribute };
  if (!('value' in raw)) throw new BadRequest(`Operation "${op}" requires a member named "value".`);
  if (CORE_ATTRIBUTES.has(attribute)) checkCoreValue(attribute, raw.value);
  else checkProperty(attribute, raw.value);
  return { op, attribute, value: raw.value };
}

/** The attribute a one-segment JSON pointer names (`/name`, `/__description`, `/a~1b` → `a/b`). */
function attributeOf(path: unknown): string {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new BadRequest(`Pointer \`${String(path)}\` does not start with "/".`);
  }
  const token = path.slice(1);
  if (token === '' || token.includes('/')) throw new BadRequest(`Invalid JSON pointer for this resource: '${path}'`);
  if (/~[^01]|~$/.test(token))
    throw new BadRequest(`Pointer \`${path}\` contains "~" not part of a recognized escape sequence.`);
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function apply(image: ImsWireImage, change: Change, version: 'v2.0' | 'v2.1'): void {
  const { op, attribute } = change;
  // Core attributes are always there (null at worst).
  const present = CORE_ATTRIBUTES.has(attribute) || attribute in image;
  if (op === 'remove') {
    if (CORE_ATTRIBUTES.has(attribute)) throw new Refused(403, `Property ${attribute} may not be removed.`);
    if (!present) throw new Refused(409, `Property ${attribute} does not exist.`);
    delete image[attribute];
    return;
  }
  if (op === 'replace' && !present) throw new Refused(409, `Property ${attribute} does not exist.`);
  if (op === 'add' && present && version === 'v2.0') {
    throw new Refused(409, `Property ${attribute} already present.`);
  }
  image[attribute] = change.value;
}
