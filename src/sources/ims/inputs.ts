// The IMS mutations' GraphQL inputs as the requests Glance takes (validated
// first, see validate.ts). Pure.

import type { CreateImsImageInput, UpdateImsImageInput } from '../../generated/graphql.js';
import type { ImsCreateImageWire, ImsPatchOperationWire } from './api.js';

/** `POST /v2/images` body: only what was given, custom properties top-level beside Glance's fields. */
export function createImageRequest(input: CreateImsImageInput): ImsCreateImageWire {
  const request: ImsCreateImageWire = { ...input.properties, name: input.name };
  if (input.id != null) request.id = input.id;
  if (input.description != null) request.__description = input.description;
  if (input.osVersion != null) request.__os_version = input.osVersion;
  if (input.diskFormat != null) request.disk_format = input.diskFormat;
  if (input.containerFormat != null) request.container_format = input.containerFormat;
  if (input.minDisk != null) request.min_disk = input.minDisk;
  if (input.minRam != null) request.min_ram = input.minRam;
  if (input.protected != null) request.protected = input.protected;
  if (input.visibility != null) request.visibility = input.visibility.toLowerCase();
  if (input.tags != null) request.tags = [...input.tags];
  return request;
}

/**
 * The JSON-patch (v2.1) of an update: `replace` the name (always there),
 * `add` the description and each property to set (v2.1's add sets a property
 * whether or not it is there), `remove` each property to remove.
 */
export function updateImagePatch(input: UpdateImsImageInput): ImsPatchOperationWire[] {
  const patch: ImsPatchOperationWire[] = [];
  if (input.name != null) patch.push({ op: 'replace', path: jsonPointer('name'), value: input.name });
  if (input.description != null)
    patch.push({ op: 'add', path: jsonPointer('__description'), value: input.description });
  for (const [name, value] of Object.entries(input.setProperties ?? {})) {
    patch.push({ op: 'add', path: jsonPointer(name), value: String(value) });
  }
  for (const name of input.removeProperties ?? []) patch.push({ op: 'remove', path: jsonPointer(name) });
  return patch;
}

/** RFC 6901: `~` → `~0`, `/` → `~1` (Glance decodes both). */
export function jsonPointer(name: string): string {
  return '/' + name.replace(/~/g, '~0').replace(/\//g, '~1');
}
