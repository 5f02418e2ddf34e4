// Creating Image Metadata (Native OpenStack API): `POST /v2/images`. The
// image exists at once, without data (status queued), owned by the project.
// Glance's checks (glance/api/v2/images.py, glance/domain): read-only and
// reserved attributes 403, values against the image schema 400 (every custom
// property a string), a client-chosen `id` must be a UUID (400) and free (409).
// IMS' on top: visibility may only be `private` (403 here; the page does not
// say how it refuses), min_disk 1–1024, a description of at most 1024
// characters (IMG.0004), and the properties IMS fills in itself (__imagetype,
// __isregistered, the OS from __os_version, …). 201 with the image.

import { randomUUID } from 'node:crypto';
import { BadRequest, imsHeaders, Refused } from '../errors.js';
import { checkCoreValue, checkProperty, checkWritable, CORE_ATTRIBUTES } from '../glance-properties.js';
import { isJsonObject, jsonBody, type ImsHandler } from '../handler.js';
import { DEFAULT_OS_VERSION, osPropertiesOf } from '../os-version.js';
import type { ImsWireImage } from '../types.js';

export const createImage: ImsHandler = ({ request, requestId, store }) => {
  const body = jsonBody(request);
  if (!isJsonObject(body)) throw new BadRequest('The request body must be a JSON object.', 'IMG.0007');
  for (const [attribute, value] of Object.entries(body)) {
    checkWritable(attribute);
    if (CORE_ATTRIBUTES.has(attribute)) checkCoreValue(attribute, value);
    else checkProperty(attribute, value);
  }
  const visibility = body.visibility ?? 'private';
  if (visibility !== 'private') {
    throw new Refused(403, 'When creating image metadata, the value of visibility can be set to private only.');
  }
  const id = typeof body.id === 'string' ? body.id : randomUUID();
  if (store.get(id)) throw new Refused(409, `Image with identifier ${id} already exists!`);

  const now = store.now();
  const version = typeof body.__os_version === 'string' ? body.__os_version : DEFAULT_OS_VERSION;
  const tags = Array.isArray(body.tags) ? [...new Set(body.tags as string[])] : [];
  const image: ImsWireImage = {
    __image_source_type: 'uds',
    __image_size: '0',
    __imagetype: 'private',
    __isregistered: 'true',
    __os_version: version,
    ...osPropertiesOf(version),
    virtual_env_type: 'FusionCompute',
    container_format: 'bare',
    disk_format: 'zvhd2',
    min_disk: 0,
    min_ram: 0,
    protected: false,
    ...body,
    id,
    name: typeof body.name === 'string' ? body.name : null,
    tags,
    visibility,
    owner: store.projectId,
    status: 'queued',
    checksum: null,
    size: null,
    virtual_size: null,
    created_at: now,
    updated_at: now,
  };
  return { status: 201, headers: imsHeaders(requestId), body: store.put(image) };
};
