// The IMS writes over HTTP against the sandbox: the exact request each
// mutation sends (method, raw path, content type, JSON body, captured where
// the emulator receives it), that each is one write and one read-back through
// the loaders (counted), that bad input costs no upstream call, how refusals
// reach the client, and ImsInstance.deleteImage called as the core's
// deleteImage mutation calls it.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContext } from '../../../src/context.js';
import { createLogger } from '../../../src/logger.js';
import { encodeGlobalId } from '../../../src/ids.js';
import { IMS_SEED_IDS, SANDBOX_HUAWEI } from '../../../src/sandbox/index.js';
import { ImsInstance } from '../../../src/sources/ims/instance.js';
import { startTestGateway, type GraphQLResult, type TestGateway } from '../../support/gateway.js';
import { recordRequests, type ReceivedRequest } from '../../support/received.js';

const P = SANDBOX_HUAWEI.projectId;
const REGION = SANDBOX_HUAWEI.region;
const gid = (nativeId: string) => encodeGlobalId({ provider: 'IMS', region: REGION, project: P, nativeId });

const IMAGE = `id nativeId name description status vendorStatus glanceStatus visibility glanceVisibility owner protected
  containerFormat diskFormat minDisk minRam osVersion platform osType osBit imagetype isregistered tags properties
  createdAt updatedAt`;
const CREATE = `mutation ($input: CreateImsImageInput!) { createImsImage(input: $input) { image { ${IMAGE} } } }`;
const UPDATE = `mutation ($input: UpdateImsImageInput!) { updateImsImage(input: $input) { image { ${IMAGE} } } }`;
const ADD_TAG = `mutation ($input: ImsImageTagInput!) { addImsImageTag(input: $input) { image { nativeId tags } } }`;
const REMOVE_TAG = `mutation ($input: ImsImageTagInput!) { removeImsImageTag(input: $input) { image { nativeId tags } } }`;

let gw: TestGateway;
let received: ReceivedRequest[];
const CLOCK = Date.UTC(2025, 5, 7, 8, 9, 10);

beforeAll(async () => {
  gw = await startTestGateway({ sandbox: { ims: { now: () => CLOCK } } });
  received = recordRequests(gw.sandbox.ims.emulator);
});
afterAll(async () => {
  await gw?.stop();
});
beforeEach(() => {
  received.length = 0;
  gw.sandbox.resetCalls();
  gw.sandbox.ims.clearFaults();
});

/** `METHOD rawPath` of every call the emulator answered, faults included. */
const calls = () => gw.sandbox.ims.calls().map((c) => `${c.method} ${c.rawPath}`);
/** The read-back of one id: a one-id `id=in:` list. */
const readBack = (id: string) => `GET /v2/images?id=${encodeURIComponent(`in:${id}`)}&limit=1`;
const wire = () => received.map((r) => `${r.method} ${r.rawPath}${r.rawQuery ? `?${r.rawQuery}` : ''}`);

function errorOf(result: GraphQLResult) {
  expect(result.body.errors, result.text).toHaveLength(1);
  return result.body.errors![0];
}

let counter = 0;
/** A fresh UUID-shaped id per test, distinct from every seed. */
const freshId = () => `7e57${String(++counter).padStart(4, '0')}-0000-4000-8000-000000000000`;

async function created(input: Record<string, unknown> = {}): Promise<string> {
  const id = freshId();
  const result = await gw.query(CREATE, { input: { id, name: `fixture-${id.slice(0, 8)}`, ...input } });
  expect(result.body.errors, result.text).toBeUndefined();
  received.length = 0;
  gw.sandbox.resetCalls();
  return id;
}

describe('createImsImage', () => {
  it('sends every field as Glance names it, then reads the image back once', async () => {
    const id = freshId();
    const input = {
      id,
      name: 'ubuntu-22.04-golden',
      description: 'built by CI, run 812',
      diskFormat: 'qcow2',
      containerFormat: 'bare',
      minDisk: 40,
      minRam: 2048,
      osVersion: 'Ubuntu 22.04 server 64bit',
      protected: false,
      visibility: 'PRIVATE',
      tags: ['ci', 'team=images', 'grüße'],
      properties: { hw_disk_bus: 'virtio', __support_kvm: 'true', 'a/b~c': 'slash and tilde' },
    };
    const result = await gw.query(CREATE, { input });
    expect(result.body.errors, result.text).toBeUndefined();

    expect(wire()).toEqual(['POST /v2/images', readBack(id)]);
    expect(received[0].contentType).toBe('application/json');
    expect(JSON.parse(received[0].text)).toStrictEqual({
      id,
      name: 'ubuntu-22.04-golden',
      __description: 'built by CI, run 812',
      disk_format: 'qcow2',
      container_format: 'bare',
      min_disk: 40,
      min_ram: 2048,
      __os_version: 'Ubuntu 22.04 server 64bit',
      protected: false,
      visibility: 'private',
      tags: ['ci', 'team=images', 'grüße'],
      hw_disk_bus: 'virtio',
      __support_kvm: 'true',
      'a/b~c': 'slash and tilde',
    });
    const time = new Date(CLOCK).toISOString();
    expect(result.body.data.createImsImage.image).toStrictEqual({
      id: gid(id),
      nativeId: id,
      name: 'ubuntu-22.04-golden',
      description: 'built by CI, run 812',
      status: 'QUEUED',
      vendorStatus: 'queued',
      glanceStatus: 'QUEUED',
      visibility: 'PRIVATE',
      glanceVisibility: 'PRIVATE',
      owner: P,
      protected: false,
      containerFormat: 'bare',
      diskFormat: 'qcow2',
      minDisk: 40,
      minRam: 2048,
      osVersion: 'Ubuntu 22.04 server 64bit',
      // IMS derives these from __os_version.
      platform: 'Ubuntu',
      osType: 'LINUX',
      osBit: 64,
      imagetype: 'PRIVATE',
      isregistered: true,
      tags: ['ci', 'team=images', 'grüße'],
      properties: { hw_disk_bus: 'virtio', 'a/b~c': 'slash and tilde' },
      createdAt: time,
      updatedAt: time,
    });
  });

  it('without an id, reads back the id the endpoint chose', async () => {
    const result = await gw.query(CREATE, { input: { name: 'no-id-given' } });
    expect(result.body.errors, result.text).toBeUndefined();
    const image = result.body.data.createImsImage.image;
    expect(image.nativeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(received[0].text)).toStrictEqual({ name: 'no-id-given' });
    expect(wire()).toEqual(['POST /v2/images', readBack(image.nativeId)]);
    expect(gw.sandbox.ims.emulator.image(image.nativeId)?.name).toBe('no-id-given');
  });

  it('a taken id is CONFLICT on input.id, with the upstream status, and nothing is read back', async () => {
    const id = await created();
    const result = await gw.query(CREATE, { input: { id, name: 'again' } });
    expect(result.body.data).toBeNull();
    expect(errorOf(result)).toMatchObject({
      path: ['createImsImage'],
      extensions: { code: 'CONFLICT', field: 'input.id', provider: 'IMS', upstreamStatus: 409 },
    });
    expect(errorOf(result).message).toContain(`Image with identifier ${id} already exists`);
    expect(calls()).toEqual(['POST /v2/images']);
  });

  it('a public image is FORBIDDEN (IMS creates private images only)', async () => {
    const result = await gw.query(CREATE, { input: { name: 'to-the-world', visibility: 'PUBLIC' } });
    expect(errorOf(result).extensions).toMatchObject({ code: 'FORBIDDEN', upstreamStatus: 403, provider: 'IMS' });
    expect(calls()).toEqual(['POST /v2/images']);
  });

  it('refuses bad input before any call, naming the field and every refused property', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ name: '' }, 'input.name', /must not be empty/],
      [{ name: '   ' }, 'input.name', /must not be empty/],
      [{ name: 'x'.repeat(256) }, 'input.name', /at most 255 characters \(got 256\)/],
      [{ name: '\uD800' }, 'input.name', /lone surrogate/],
      [{ id: 'BC6BED6E-BA3A-4447-AFCC-449174A3EB52' }, 'input.id', /lower-case UUID/],
      [{ description: 'd'.repeat(1025) }, 'input.description', /at most 1024/],
      [{ minDisk: -1 }, 'input.minDisk', /within 0 and 1024/],
      [{ minDisk: 1025 }, 'input.minDisk', /within 0 and 1024/],
      [{ minRam: -1 }, 'input.minRam', /within 0 and/],
      [{ diskFormat: 'QCOW2' }, 'input.diskFormat', /lower-case format name/],
      [{ containerFormat: 'bare metal' }, 'input.containerFormat', /lower-case format name/],
      [{ tags: ['ok', 'a/b'] }, 'input.tags[1]', /must not contain "\/"/],
      [{ tags: ['x'.repeat(256)] }, 'input.tags[0]', /at most 255/],
      [{ properties: { __os_bit: 64, ok: 'yes', flag: true } }, 'input.properties', /"__os_bit", "flag"$/],
      [
        {
          properties: {
            os_glance_import_task: 'x',
            status: 'active',
            id: 'x',
            checksum: 'x',
            owner: 'x',
            os_hash_value: 'x',
            locations: 'x',
            __description: 'x',
            fine: 'x',
          },
        },
        'input.properties',
        /"os_glance_import_task" \(reserved by Glance\), "status" \(a Glance attribute, not a property\), "id" .*"checksum" .*"owner" .*"os_hash_value" \(reserved by Glance\), "locations" .*"__description" \(use input.description\)$/,
      ],
      [{ properties: { __os_version: 'x' } }, 'input.properties', /use input.osVersion/],
      [{ properties: { ' padded': 'x' } }, 'input.properties', /leading or trailing spaces/],
    ];
    for (const [override, field, message] of cases) {
      const result = await gw.query(CREATE, { input: { name: 'valid-name', ...override } });
      const error = errorOf(result);
      expect(error.extensions, JSON.stringify(override)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(error.message, JSON.stringify(override)).toMatch(message);
    }
    // A chosen id that is not a UUID fails GraphQL's own check of the UUID scalar.
    const notUuid = await gw.query(CREATE, { input: { id: 'my-image', name: 'x' } });
    expect(errorOf(notUuid).extensions?.code).toBe('BAD_USER_INPUT');
    expect(gw.sandbox.ims.calls()).toEqual([]);
  });

  it('is never retried: a 503 to the create is answered once', async () => {
    gw.sandbox.ims.injectFault({ method: 'POST', pathPrefix: '/v2/images', status: 503, times: 2 });
    const result = await gw.query(CREATE, { input: { name: 'maybe-created' } });
    expect(errorOf(result).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstreamStatus: 503 });
    expect(calls()).toEqual(['POST /v2/images']);
  });
});

describe('updateImsImage', () => {
  it('sends one v2.1 JSON-patch with the patch media type, then reads the image back once', async () => {
    const id = await created({ properties: { hw_disk_bus: 'scsi', obsolete: 'yes', 'a/b~c': 'old' } });
    const result = await gw.query(UPDATE, {
      input: {
        id: gid(id),
        name: 'renamed',
        description: 'now with a description',
        setProperties: { hw_disk_bus: 'virtio', added: 'new', 'a/b~c': 'new' },
        removeProperties: ['obsolete'],
      },
    });
    expect(result.body.errors, result.text).toBeUndefined();
    expect(wire()).toEqual([`PATCH /v2/images/${id}`, readBack(id)]);
    expect(received[0].contentType).toBe('application/openstack-images-v2.1-json-patch');
    expect(JSON.parse(received[0].text)).toStrictEqual([
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'add', path: '/__description', value: 'now with a description' },
      { op: 'add', path: '/hw_disk_bus', value: 'virtio' },
      { op: 'add', path: '/added', value: 'new' },
      { op: 'add', path: '/a~1b~0c', value: 'new' },
      { op: 'remove', path: '/obsolete' },
    ]);
    expect(result.body.data.updateImsImage.image).toMatchObject({
      nativeId: id,
      name: 'renamed',
      description: 'now with a description',
      properties: { hw_disk_bus: 'virtio', added: 'new', 'a/b~c': 'new' },
    });
    expect(result.body.data.updateImsImage.image.properties).not.toHaveProperty('obsolete');
  });

  it('answers the image as after the write, even when the same request read it before', async () => {
    const id = await created();
    // The first field's read-back fills the request's loader; the second must not answer from it.
    const result = await gw.query(
      `mutation ($a: UpdateImsImageInput!, $b: UpdateImsImageInput!, $id: ID!) {
        first: updateImsImage(input: $a) { image { name } }
        second: updateImsImage(input: $b) { image { name properties } }
        tagged: addImsImageTag(input: { id: $id, tag: "t1" }) { image { name tags } }
      }`,
      {
        id,
        a: { id, name: 'first-name' },
        b: { id, name: 'second-name', setProperties: { stage: '2' } },
      },
    );
    expect(result.body.errors, result.text).toBeUndefined();
    expect(result.body.data).toEqual({
      first: { image: { name: 'first-name' } },
      second: { image: { name: 'second-name', properties: { stage: '2' } } },
      tagged: { image: { name: 'second-name', tags: ['t1'] } },
    });
    expect(calls()).toEqual([
      `PATCH /v2/images/${id}`,
      'GET /v2/images',
      `PATCH /v2/images/${id}`,
      'GET /v2/images',
      `PUT /v2/images/${id}/tags/t1`,
      'GET /v2/images',
    ]);
  });

  it('refuses bad input before any call', async () => {
    const id = IMS_SEED_IDS.privateFromEcs;
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{}, 'input', /nothing to change/],
      [{ setProperties: {}, removeProperties: [] }, 'input', /nothing to change/],
      [{ name: '' }, 'input.name', /must not be empty/],
      [{ description: 'd'.repeat(1025) }, 'input.description', /at most 1024/],
      [{ setProperties: { size: '1', os_glance_x: 'y' } }, 'input.setProperties', /"size" .*"os_glance_x"/],
      [{ setProperties: { __description: 'x' } }, 'input.setProperties', /use input.description/],
      [{ setProperties: { n: 1 } }, 'input.setProperties', /values must be strings .*"n"/],
      [
        { removeProperties: ['name', 'visibility', 'os_hash_algo'] },
        'input.removeProperties',
        /"name" .*"visibility" .*"os_hash_algo"/,
      ],
      [{ removeProperties: ['a', 'a'] }, 'input.removeProperties', /"a" twice/],
      [{ setProperties: { a: 'x' }, removeProperties: ['a'] }, 'input.removeProperties', /also sets/],
      [{ description: 'x', removeProperties: ['__description'] }, 'input.removeProperties', /also sets/],
    ];
    for (const [override, field, message] of cases) {
      const result = await gw.query(UPDATE, { input: { id, ...override } });
      const error = errorOf(result);
      expect(error.extensions, JSON.stringify(override)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(error.message, JSON.stringify(override)).toMatch(message);
    }
    expect(gw.sandbox.ims.calls()).toEqual([]);
  });

  it('sets __os_version and removes the description through the properties', async () => {
    const id = await created({ description: 'to be removed' });
    const result = await gw.query(UPDATE, {
      input: { id, setProperties: { __os_version: 'CentOS 7.9 64bit' }, removeProperties: ['__description'] },
    });
    expect(result.body.errors, result.text).toBeUndefined();
    expect(result.body.data.updateImsImage.image).toMatchObject({ osVersion: 'CentOS 7.9 64bit', description: null });
  });

  it("a missing image is NOT_FOUND, someone else's FORBIDDEN, a property not there CONFLICT; nothing read back", async () => {
    const missing = await gw.query(UPDATE, { input: { id: '00000000-0000-4000-8000-0000000000aa', name: 'x' } });
    expect(errorOf(missing).extensions).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.id',
      upstreamStatus: 404,
      vendorCode: 'IMG.0144',
    });
    const theirs = await gw.query(UPDATE, { input: { id: IMS_SEED_IDS.docCentos, name: 'mine now' } });
    expect(errorOf(theirs).extensions).toMatchObject({ code: 'FORBIDDEN', upstreamStatus: 403 });
    const id = await created();
    const absent = await gw.query(UPDATE, { input: { id, removeProperties: ['never_set'] } });
    expect(errorOf(absent).extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'input.removeProperties',
      upstreamStatus: 409,
    });
    expect(errorOf(absent).message).toContain('Property never_set does not exist.');
    expect(calls()).toEqual([`PATCH /v2/images/${id}`]);
  });

  it("a 415 (the endpoint refused our media type) is an internal error, not the caller's", async () => {
    const id = await created();
    gw.sandbox.ims.injectFault({ method: 'PATCH', status: 415, body: { error: { code: '415', message: 'no' } } });
    const result = await gw.query(UPDATE, { input: { id, name: 'x' } });
    expect(errorOf(result).extensions).toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
      provider: 'IMS',
      upstreamStatus: 415,
    });
    expect(calls()).toEqual([`PATCH /v2/images/${id}`]);
  });
});

describe('addImsImageTag / removeImsImageTag', () => {
  const TAGS: Array<[tag: string, segment: string]> = [
    ['two words', 'two%20words'],
    ['why?', 'why%3F'],
    ['#1', '%231'],
    ['100%', '100%25'],
    ['a+b&c', 'a%2Bb%26c'],
    ["~it's (all) ok!*", '~it%27s%20%28all%29%20ok%21%2A'],
  ];

  it('sends each tag as one percent-encoded segment, and reads the image back after each', async () => {
    const id = await created();
    for (const [tag] of TAGS) {
      const result = await gw.query(ADD_TAG, { input: { id, tag } });
      expect(result.body.errors, result.text).toBeUndefined();
      expect(result.body.data.addImsImageTag.image.tags).toContain(tag);
    }
    expect(wire()).toEqual(TAGS.flatMap(([, segment]) => [`PUT /v2/images/${id}/tags/${segment}`, readBack(id)]));
    expect(received.filter((r) => r.method === 'PUT').every((r) => r.text === '')).toBe(true);
    expect(gw.sandbox.ims.emulator.image(id)?.tags).toEqual(TAGS.map(([tag]) => tag));

    received.length = 0;
    for (const [tag] of TAGS) {
      const result = await gw.query(REMOVE_TAG, { input: { id: gid(id), tag } });
      expect(result.body.errors, result.text).toBeUndefined();
      expect(result.body.data.removeImsImageTag.image.tags).not.toContain(tag);
    }
    expect(wire()).toEqual(TAGS.flatMap(([, segment]) => [`DELETE /v2/images/${id}/tags/${segment}`, readBack(id)]));
    expect(gw.sandbox.ims.emulator.image(id)?.tags).toEqual([]);
  });

  it('refuses a tag with "/", a non-ASCII one, an empty or too long one, before any call', async () => {
    for (const [tag, message] of [
      ['a/b', /must not contain "\/"/],
      ['/', /must not contain "\/"/],
      ['grüße', /printable ASCII .*Latin-1/],
      ['日本', /printable ASCII/],
      ['line\nbreak', /printable ASCII/],
      ['', /must not be empty/],
      ['x'.repeat(256), /at most 255/],
      ['..', /must not be empty, "." or ".."/],
    ] as const) {
      for (const document of [ADD_TAG, REMOVE_TAG]) {
        const result = await gw.query(document, { input: { id: IMS_SEED_IDS.privateFromEcs, tag } });
        expect(errorOf(result).extensions, tag).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.tag' });
        expect(errorOf(result).message, tag).toMatch(message);
      }
    }
    expect(gw.sandbox.ims.calls()).toEqual([]);
  });

  it('IMS refuses a tag with "=" (400 → BAD_USER_INPUT); adding a tag twice changes nothing', async () => {
    const id = await created();
    const refused = await gw.query(ADD_TAG, { input: { id, tag: 'key=value' } });
    expect(errorOf(refused).extensions).toMatchObject({ code: 'BAD_USER_INPUT', upstreamStatus: 400 });
    expect(calls()).toEqual([`PUT /v2/images/${id}/tags/key%3Dvalue`]);
    for (let i = 0; i < 2; i++) {
      const again = await gw.query(ADD_TAG, { input: { id, tag: 'once' } });
      expect(again.body.data.addImsImageTag.image.tags).toEqual(['once']);
    }
  });

  it('removing a tag the image lacks is NOT_FOUND on input.tag; on a missing image, on input.id', async () => {
    const id = await created({ tags: ['kept'] });
    const noTag = await gw.query(REMOVE_TAG, { input: { id, tag: 'absent' } });
    expect(noTag.body.data).toBeNull();
    expect(errorOf(noTag).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.tag', provider: 'IMS' });
    expect(calls()).toEqual([`DELETE /v2/images/${id}/tags/absent`, 'GET /v2/images']);

    gw.sandbox.resetCalls();
    const missing = '00000000-0000-4000-8000-0000000000bb';
    const noImage = await gw.query(REMOVE_TAG, { input: { id: missing, tag: 'kept' } });
    expect(errorOf(noImage).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.id' });
    // The list does not find it, and its own GET confirms.
    expect(calls()).toEqual([`DELETE /v2/images/${missing}/tags/kept`, 'GET /v2/images', `GET /v2/images/${missing}`]);
    const addMissing = await gw.query(ADD_TAG, { input: { id: missing, tag: 'kept' } });
    expect(errorOf(addMissing).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.id', upstreamStatus: 404 });
  });

  it('adding a tag is retried after a 503 (it is idempotent); removing one is not', async () => {
    const id = await created({ tags: ['old'] });
    gw.sandbox.ims.injectFault({ method: 'PUT', status: 503, times: 1 });
    const added = await gw.query(ADD_TAG, { input: { id, tag: 'new' } });
    expect(added.body.errors, added.text).toBeUndefined();
    expect(calls()).toEqual([`PUT /v2/images/${id}/tags/new`, `PUT /v2/images/${id}/tags/new`, 'GET /v2/images']);

    gw.sandbox.resetCalls();
    gw.sandbox.ims.injectFault({ method: 'DELETE', status: 503, times: 1 });
    const removed = await gw.query(REMOVE_TAG, { input: { id, tag: 'old' } });
    expect(errorOf(removed).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstreamStatus: 503 });
    expect(calls()).toEqual([`DELETE /v2/images/${id}/tags/old`]);
  });
});

describe('ImsInstance.deleteImage (as the core deleteImage mutation calls it)', () => {
  const context = () => createContext(gw.gateway.sources, createLogger({ level: 'silent' }));
  const instance = () => gw.gateway.sources.pickOf(ImsInstance, 'IMS');
  const ref = (nativeId: string) => ({ provider: 'IMS', region: REGION, project: P, nativeId });

  it('reads the image, deletes it, returns it as last read; later reads in the request answer null', async () => {
    const id = await created({ description: 'short-lived' });
    const ctx = context();
    const last = await instance().deleteImage(ctx, ref(id), { force: false });
    expect(last).toMatchObject({ __typename: 'ImsImage', id: gid(id), nativeId: id, description: 'short-lived' });
    expect(calls()).toEqual(['GET /v2/images', `DELETE /v2/images/${id}`]);
    expect(gw.sandbox.ims.emulator.image(id)).toBeUndefined();
    expect(await instance().loadImage(ctx, ref(id))).toBeNull();
    expect(calls()).toHaveLength(2);
    expect(ctx.upstreamCalls()).toBe(2);
  });

  it('uses what the request read already: one DELETE after an earlier read of the image', async () => {
    const id = await created();
    const ctx = context();
    await instance().loadImage(ctx, ref(id));
    gw.sandbox.resetCalls();
    await instance().deleteImage(ctx, ref(id), { force: true });
    expect(calls()).toEqual([`DELETE /v2/images/${id}`]);
  });

  it('a missing image is NOT_FOUND and nothing is deleted; one gone before the DELETE, NOT_FOUND too', async () => {
    const missing = '00000000-0000-4000-8000-0000000000cc';
    await expect(instance().deleteImage(context(), ref(missing), { force: false })).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND', provider: 'IMS' },
    });
    expect(calls()).toEqual(['GET /v2/images', `GET /v2/images/${missing}`]);

    // Read by this request, then deleted by another one: this request's DELETE finds nothing.
    const id = await created();
    const ctx = context();
    await instance().loadImage(ctx, ref(id));
    await instance().deleteImage(context(), ref(id), { force: false });
    await expect(instance().deleteImage(ctx, ref(id), { force: false })).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND', upstreamStatus: 404, vendorCode: 'IMG.0144' },
    });
  });

  it("a protected image and someone else's are FORBIDDEN with the upstream status", async () => {
    const id = await created({ protected: true });
    await expect(instance().deleteImage(context(), ref(id), { force: false })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN', upstreamStatus: 403, provider: 'IMS' },
      message: expect.stringContaining('is protected and cannot be deleted'),
    });
    await expect(
      instance().deleteImage(context(), ref(IMS_SEED_IDS.docCentos), { force: false }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN', upstreamStatus: 403 } });
    expect(gw.sandbox.ims.emulator.image(id)).toBeDefined();
    expect(gw.sandbox.ims.emulator.image(IMS_SEED_IDS.docCentos)).toBeDefined();
  });
});
