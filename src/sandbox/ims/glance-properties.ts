// Which image attributes a client may write, and with which values, as Glance
// v2 decides it (glance/api/v2/images.py RequestDeserializer, glance/domain
// ImageFactory, the image schema) with IMS' own limits on top (docs
// "Creating Image Metadata", "Updating Image Information (Native OpenStack
// API)"): a create and a PATCH check each attribute they name here.

import { BadRequest, Refused } from './errors.js';

/** Set by the service alone: naming one is refused with 403 "read-only". */
const READ_ONLY = new Set([
  'created_at',
  'updated_at',
  'status',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'size',
  'virtual_size',
  'direct_url',
  'self',
  'file',
  'schema',
  'stores',
]);
/** Glance keeps these for itself: 403 "reserved". */
const RESERVED = new Set(['owner', 'location', 'locations', 'deleted', 'deleted_at']);
/** Glance's reserved namespace: any attribute starting with it is refused with 403. */
const RESERVED_PREFIX = 'os_glance';

/** Core attributes with their own types (the image schema); every other attribute is a string property. */
export const CORE_ATTRIBUTES = new Set([
  'id',
  'name',
  'visibility',
  'protected',
  'os_hidden',
  'container_format',
  'disk_format',
  'min_disk',
  'min_ram',
  'tags',
]);

/** What this IMS accepts as `disk_format` and `container_format` (the pages' lists). */
export const DISK_FORMATS = ['zvhd2', 'zvhd', 'vhd', 'raw', 'qcow2', 'iso'];
export const CONTAINER_FORMATS = ['bare'];
const VISIBILITIES = ['public', 'private', 'shared', 'community'];
const GLANCE_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** "The value ranges from 1 GB to 1,024 GB." */
const MAX_MIN_DISK = 1024;
const MAX_NAME = 255;
const MAX_TAG = 255;
const MAX_PROPERTY_NAME = 255;
/** IMG.0004: "The description contains more than 1024 characters." */
const MAX_DESCRIPTION = 1024;

/** Refuses an attribute no client may write (403), for a create or a PATCH. */
export function checkWritable(attribute: string): void {
  if (READ_ONLY.has(attribute)) throw new Refused(403, `Attribute '${attribute}' is read-only.`);
  if (RESERVED.has(attribute) || attribute.startsWith(RESERVED_PREFIX)) {
    throw new Refused(403, `Attribute '${attribute}' is reserved.`);
  }
}

/** Python's len(): code points. */
const length = (value: string) => [...value].length;

/** Checks the value of a core attribute against the image schema (400 when it does not fit). */
export function checkCoreValue(attribute: string, value: unknown): void {
  const invalid = (why: string) => new BadRequest(`Invalid value for '${attribute}': ${why}`);
  switch (attribute) {
    case 'id':
      if (typeof value !== 'string' || !GLANCE_UUID.test(value))
        throw invalid(`${JSON.stringify(value)} is not a UUID`);
      return;
    case 'name':
      if (value !== null && typeof value !== 'string') throw invalid('not a string');
      if (typeof value === 'string' && length(value) > MAX_NAME) throw invalid(`longer than ${MAX_NAME} characters`);
      return;
    case 'visibility':
      if (typeof value !== 'string' || !VISIBILITIES.includes(value))
        throw invalid(`not one of ${VISIBILITIES.join(', ')}`);
      return;
    case 'protected':
    case 'os_hidden':
      if (typeof value !== 'boolean') throw invalid('not a boolean');
      return;
    case 'container_format':
    case 'disk_format': {
      const allowed = attribute === 'disk_format' ? DISK_FORMATS : CONTAINER_FORMATS;
      if (value !== null && (typeof value !== 'string' || !allowed.includes(value))) {
        throw invalid(`not one of ${allowed.join(', ')}`);
      }
      return;
    }
    case 'min_disk':
      if (!Number.isSafeInteger(value)) throw invalid('not an integer');
      if ((value as number) < 1 || (value as number) > MAX_MIN_DISK) throw invalid(`not within 1 to ${MAX_MIN_DISK}`);
      return;
    case 'min_ram':
      if (!Number.isSafeInteger(value) || (value as number) < 0) throw invalid('not a non-negative integer');
      return;
    case 'tags':
      if (!Array.isArray(value)) throw invalid('not an array');
      for (const tag of value) checkTag(tag);
      return;
    default:
      return;
  }
}

/** A tag: a string of 1 to 255 characters. */
export function checkTag(tag: unknown): void {
  if (typeof tag !== 'string' || tag === '' || length(tag) > MAX_TAG) {
    throw new BadRequest(`Invalid tag ${JSON.stringify(tag)}: a tag is a string of 1 to ${MAX_TAG} characters`);
  }
}

/** A custom property: its name at most 255 characters, its value a string (Glance's permissive schema). */
export function checkProperty(name: string, value: unknown): void {
  if (length(name) > MAX_PROPERTY_NAME) {
    throw new BadRequest(`Custom property should not be greater than ${MAX_PROPERTY_NAME} characters.`);
  }
  if (typeof value !== 'string')
    throw new BadRequest(`Invalid value for '${name}': ${JSON.stringify(value)} is not a string`);
  if (name === '__description' && length(value) > MAX_DESCRIPTION) {
    throw new BadRequest(`The description contains more than ${MAX_DESCRIPTION} characters.`, 'IMG.0004');
  }
}
