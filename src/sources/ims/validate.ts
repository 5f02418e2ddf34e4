// Input checks for the IMS mutations, done before any upstream call, from
// Glance v2's image schema and request rules (glance/api/v2/images.py) and
// IMS' documented limits. GraphQL has checked the types (and the UUID form of
// a chosen id); what is left are lengths, ranges, character sets, and which
// property names a client may write. Each failure names the input field.
//
// Property names: custom properties live beside Glance's own attributes, so a
// name Glance keeps for itself would not be a property at all. Refused are
// Glance's core and read-only attributes (id, status, size, owner, …), what
// it reserves (`location(s)`, `deleted(_at)`, the `os_glance` namespace) and
// the `os_hash_*` it computes, plus names that have an input field of their
// own (`__description` is `description`).

import { badUserInput } from '../../errors.js';
import type { CreateImsImageInput, ImsImageTagInput, UpdateImsImageInput } from '../../generated/graphql.js';

const MAX_NAME = 255;
/** IMS: IMG.0004 "The description contains more than 1024 characters." */
const MAX_DESCRIPTION = 1024;
/** IMS: min_disk "ranges from 1 GB to 1,024 GB"; Glance's default 0 means no minimum. */
const MAX_MIN_DISK = 1024;
/** Glance's schema: a tag, a custom property's name, at most 255 characters. */
const MAX_TAG = 255;
const MAX_PROPERTY_NAME = 255;
/** A disk or container format: which ones exist is an endpoint's setting; Glance stores at most 20 characters. */
const FORMAT = /^[a-z0-9][a-z0-9_-]{0,19}$/;
/** What a tag sent in a path may hold: a space to `~`. */
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
/** Glance finds an image by a lower-case UUID only (an upper-case one is "not found"). */
const LOWER_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Glance's own attributes (the image schema, read-only and reserved ones): never custom properties. */
const GLANCE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'id',
  'name',
  'status',
  'visibility',
  'protected',
  'os_hidden',
  'checksum',
  'owner',
  'size',
  'virtual_size',
  'container_format',
  'disk_format',
  'created_at',
  'updated_at',
  'tags',
  'min_ram',
  'min_disk',
  'self',
  'file',
  'schema',
  'direct_url',
  'locations',
  'stores',
  'location',
  'deleted',
  'deleted_at',
]);
/** Namespaces Glance keeps: its reserved `os_glance` and the data hashes `os_hash_algo`/`os_hash_value`. */
const GLANCE_PREFIXES = ['os_glance', 'os_hash_'];

/** Property names that have an input field of their own: name → that field. */
type OwnFields = Readonly<Record<string, string>>;
const CREATE_OWN_FIELDS: OwnFields = { __description: 'input.description', __os_version: 'input.osVersion' };
const UPDATE_OWN_FIELDS: OwnFields = { __description: 'input.description' };

/** Code points, as a person (and Python's len) counts characters. */
const length = (value: string) => [...value].length;

function wellFormed(value: string, field: string): void {
  if (/\p{Surrogate}/u.test(value)) throw badUserInput(`${field} is not well-formed Unicode (a lone surrogate)`, field);
}

function text(value: string | null | undefined, field: string, min: number, max: number): void {
  if (value == null) return;
  wellFormed(value, field);
  if (min > 0 && value.trim() === '') throw badUserInput(`${field} must not be empty`, field);
  if (length(value) > max)
    throw badUserInput(`${field} must be at most ${max} characters (got ${length(value)})`, field);
}

function range(value: number | null | undefined, min: number, max: number, field: string): void {
  if (value != null && (value < min || value > max))
    throw badUserInput(`${field} must be within ${min} and ${max}`, field);
}

function format(value: string | null | undefined, field: string): void {
  if (value != null && !FORMAT.test(value)) {
    throw badUserInput(
      `${field} must be a lower-case format name such as zvhd2, qcow2 or bare (got "${value}")`,
      field,
    );
  }
}

/**
 * A tag: 1–255 characters without `/`. The tag calls carry it as a path
 * segment, which a Glance decodes before routing (so `%2F` splits it) and
 * reads as Latin-1 (so "grüße", sent as UTF-8, would be stored as "grÃ¼Ãe"):
 * there it must also be printable ASCII. In a create's body any Unicode is fine.
 */
function checkTag(tag: string, field: string, inPath: boolean): void {
  wellFormed(tag, field);
  if (tag === '') throw badUserInput(`${field} must not be empty`, field);
  if (length(tag) > MAX_TAG) throw badUserInput(`${field} must be at most ${MAX_TAG} characters`, field);
  if (tag.includes('/')) {
    throw badUserInput(`${field} must not contain "/": a Glance decodes it in the tag's path segment`, field);
  }
  if (inPath && !PRINTABLE_ASCII.test(tag)) {
    throw badUserInput(
      `${field} must be printable ASCII here: a Glance reads the tag's path segment as Latin-1 and would store ` +
        'another tag (give non-ASCII tags at creation, in CreateImsImageInput.tags)',
      field,
    );
  }
}

/** Why a property name may not be written, or undefined when it may. */
function refusedName(name: string, ownFields: OwnFields): string | undefined {
  if (name === '') return 'an empty name';
  if (length(name) > MAX_PROPERTY_NAME) return `a name longer than ${MAX_PROPERTY_NAME} characters`;
  if (name.trim() !== name) return `"${name}" (a name with leading or trailing spaces)`;
  if (GLANCE_ATTRIBUTES.has(name)) return `"${name}" (a Glance attribute, not a property)`;
  if (GLANCE_PREFIXES.some((prefix) => name.startsWith(prefix))) return `"${name}" (reserved by Glance)`;
  if (ownFields[name]) return `"${name}" (use ${ownFields[name]})`;
  return undefined;
}

function checkNames(names: readonly string[], field: string, ownFields: OwnFields): void {
  for (const name of names) wellFormed(name, field);
  const refused = names.flatMap((name) => refusedName(name, ownFields) ?? []);
  if (refused.length > 0) throw badUserInput(`${field} may not name ${refused.join(', ')}`, field);
}

/** Custom properties to set: writable names, string values (Glance refuses any other JSON type). */
function checkProperties(properties: Readonly<Record<string, unknown>>, field: string, ownFields: OwnFields): void {
  checkNames(Object.keys(properties), field, ownFields);
  const notStrings = Object.entries(properties).filter(([, value]) => typeof value !== 'string');
  if (notStrings.length > 0) {
    throw badUserInput(
      `${field} values must be strings (property values are strings on the wire): ${notStrings.map(([name]) => `"${name}"`).join(', ')}`,
      field,
    );
  }
  for (const value of Object.values(properties)) wellFormed(value as string, field);
}

export function validateCreateInput(input: CreateImsImageInput): void {
  if (input.id != null && !LOWER_CASE_UUID.test(input.id)) {
    throw badUserInput('input.id must be a lower-case UUID (Glance does not find an upper-case one)', 'input.id');
  }
  text(input.name, 'input.name', 1, MAX_NAME);
  text(input.description, 'input.description', 0, MAX_DESCRIPTION);
  text(input.osVersion, 'input.osVersion', 1, MAX_NAME);
  format(input.diskFormat, 'input.diskFormat');
  format(input.containerFormat, 'input.containerFormat');
  range(input.minDisk, 0, MAX_MIN_DISK, 'input.minDisk');
  range(input.minRam, 0, 2 ** 31 - 1, 'input.minRam');
  input.tags?.forEach((tag, index) => checkTag(tag, `input.tags[${index}]`, false));
  if (input.properties) checkProperties(input.properties, 'input.properties', CREATE_OWN_FIELDS);
}

export function validateUpdateInput(input: UpdateImsImageInput): void {
  const set = input.setProperties ?? {};
  const remove = input.removeProperties ?? [];
  if (input.name == null && input.description == null && Object.keys(set).length === 0 && remove.length === 0) {
    throw badUserInput('nothing to change: give name, description, setProperties or removeProperties', 'input');
  }
  text(input.name, 'input.name', 1, MAX_NAME);
  text(input.description, 'input.description', 0, MAX_DESCRIPTION);
  checkProperties(set, 'input.setProperties', UPDATE_OWN_FIELDS);
  checkNames(remove, 'input.removeProperties', {});
  const twice = remove.filter((name, index) => remove.indexOf(name) !== index);
  if (twice.length > 0)
    throw badUserInput(`input.removeProperties names "${twice[0]}" twice`, 'input.removeProperties');
  const both = remove.filter((name) => name in set || (name === '__description' && input.description != null));
  if (both.length > 0) {
    throw badUserInput(
      `input.removeProperties names "${both[0]}", which this update also sets`,
      'input.removeProperties',
    );
  }
}

export function validateTagInput(input: ImsImageTagInput): void {
  checkTag(input.tag, 'input.tag', true);
}
