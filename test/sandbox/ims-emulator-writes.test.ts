// The IMS emulator's writes over raw HTTP: create, JSON-patch, tags and
// delete, with Glance's wire behaviour (docs/glance-notes.md, glance/api/v2) and
// IMS' limits on top (docs/vendor-writes.md §2), each behind the same APIG checks as
// the reads.

import { describe, expect, it } from 'vitest';
import { AKSKSigner, sdkCredential } from '../support/huawei-sdk.js';
import { emulatorStarter, rawSend, type Reply } from '../support/emulator-http.js';
import type { RunningEmulator } from '../../src/sandbox/emulator.js';
import { createImsEmulator, IMS_SEED_IDS } from '../../src/sandbox/ims/index.js';

const AK = 'IMSTESTAK00000000001';
const SK = 'imsTestSecret000000000000000000000000001';
const PROJECT = '0b5bd0a0b580f4ea2f5ec00b2fd3e4d6';
const TOKEN = 'MIIims-token';
const CLOCK = Date.UTC(2025, 0, 2, 3, 4, 5);
const PATCH_V21 = 'application/openstack-images-v2.1-json-patch';
const ID = '0d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6';

const start = emulatorStarter(() =>
  createImsEmulator({ ak: AK, sk: SK, projectId: PROJECT, tokens: [TOKEN], now: () => CLOCK }),
);

/** A request with the sandbox token; a JSON body is sent as given (a string) or serialized. */
function send(
  server: RunningEmulator,
  method: string,
  target: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Reply> {
  const headers: Record<string, string> = { 'x-auth-token': TOKEN };
  if (body !== undefined) headers['content-type'] = contentType;
  return rawSend(
    server.url,
    method,
    target,
    headers,
    body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  );
}

const create = (server: RunningEmulator, body: Record<string, unknown>) => send(server, 'POST', '/v2/images', body);
const patch = (server: RunningEmulator, id: string, ops: unknown, contentType = PATCH_V21) =>
  send(server, 'PATCH', `/v2/images/${id}`, ops, contentType);

function expectRefused(reply: Reply, status: number, message: RegExp, code = String(status)) {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.json.error.code).toBe(code);
  expect(reply.json.error.message).toMatch(message);
  expect(reply.headers['x-openstack-request-id']).toMatch(/^req-/);
}

describe('IMS emulator: creating image metadata', () => {
  it('answers 201 with a queued private image owned by the project, IMS properties filled in', async () => {
    const { server, emulator } = await start();
    const reply = await create(server, {
      id: ID,
      name: 'test',
      __os_version: 'Ubuntu 14.04 server 64bit',
      container_format: 'bare',
      disk_format: 'vhd',
      min_disk: 100,
      min_ram: 1024,
      tags: ['test=testvalue', 'image=imagevalue', 'test=testvalue'],
      protected: false,
      hw_disk_bus: 'virtio',
    });
    expect(reply.status, reply.text).toBe(201);
    expect(reply.json).toStrictEqual({
      __image_source_type: 'uds',
      __image_size: '0',
      __imagetype: 'private',
      __isregistered: 'true',
      __os_version: 'Ubuntu 14.04 server 64bit',
      __platform: 'Ubuntu',
      __os_type: 'Linux',
      __os_bit: '64',
      virtual_env_type: 'FusionCompute',
      container_format: 'bare',
      disk_format: 'vhd',
      min_disk: 100,
      min_ram: 1024,
      protected: false,
      hw_disk_bus: 'virtio',
      id: ID,
      name: 'test',
      tags: ['test=testvalue', 'image=imagevalue'],
      visibility: 'private',
      owner: PROJECT,
      status: 'queued',
      checksum: null,
      size: null,
      virtual_size: null,
      created_at: '2025-01-02T03:04:05Z',
      updated_at: '2025-01-02T03:04:05Z',
      self: `/v2/images/${ID}`,
      file: `/v2/images/${ID}/file`,
      schema: '/v2/schemas/image',
    });
    expect(emulator.image(ID)).toEqual(reply.json);
    expect((await send(server, 'GET', `/v2/images/${ID}`)).json).toEqual(reply.json);
  });

  it('picks a UUID when none is given, with IMS defaults (zvhd2, bare, "Other Linux(64 bit)")', async () => {
    const { server } = await start();
    const reply = await create(server, { name: 'defaults' });
    expect(reply.status).toBe(201);
    expect(reply.json.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(reply.json).toMatchObject({
      disk_format: 'zvhd2',
      container_format: 'bare',
      __os_version: 'Other Linux(64 bit)',
      __platform: 'Other',
      min_disk: 0,
      tags: [],
    });
  });

  it('refuses a taken id (409), a non-UUID id and non-string properties (400), reserved attributes (403)', async () => {
    const { server } = await start();
    expect((await create(server, { id: ID, name: 'a' })).status).toBe(201);
    expectRefused(
      await create(server, { id: ID, name: 'b' }),
      409,
      new RegExp(`Image with identifier ${ID} already exists!`),
    );
    for (const body of [
      { id: 'not-a-uuid' },
      { __os_bit: 64 },
      { __support_kvm: true },
      { hw_disk_bus: null },
      { name: 'x'.repeat(256) },
      { min_disk: 1025 },
      { min_ram: -1 },
      { disk_format: 'vmdk' },
      { visibility: 'everyone' },
      { protected: 'yes' },
      { tags: [''] },
    ]) {
      const reply = await create(server, { name: 'n', ...body });
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.json.error.code).toBe('IMG.0001');
    }
    expectRefused(await create(server, { name: 'n', __description: 'd'.repeat(1025) }), 400, /1024/, 'IMG.0004');
    expectRefused(
      await create(server, { name: 'n', os_glance_import_task: 'x' }),
      403,
      /'os_glance_import_task' is reserved/,
    );
    expectRefused(await create(server, { name: 'n', owner: 'someone' }), 403, /'owner' is reserved/);
    expectRefused(await create(server, { name: 'n', status: 'active' }), 403, /'status' is read-only/);
    expectRefused(await create(server, { name: 'n', self: '/x' }), 403, /'self' is read-only/);
    expectRefused(await create(server, { name: 'n', visibility: 'public' }), 403, /private only/);
    expect((await send(server, 'POST', '/v2/images', '[1]')).status).toBe(400);
    expect((await send(server, 'POST', '/v2/images', '{"name":')).status).toBe(400);
  });

  it('checks the AK/SK signature of a write like a read', async () => {
    const { server } = await start();
    // The SDK signs JSON.stringify(data), which is what is sent.
    const data = { name: 'signed' };
    const body = JSON.stringify(data);
    const sign = (sk: string) =>
      AKSKSigner.sign(
        { endpoint: `${server.url}/v2/images`, method: 'POST', headers: { 'content-type': 'application/json' }, data },
        sdkCredential(AK, sk),
      );
    expect((await rawSend(server.url, 'POST', '/v2/images', sign(SK), body)).status).toBe(201);
    const refused = await rawSend(server.url, 'POST', '/v2/images', sign('wrong'), body);
    expect(refused.status).toBe(401);
    expect(refused.json.error_code).toBe('APIG.0301');
    for (const [method, target] of [
      ['PATCH', `/v2/images/${ID}`],
      ['DELETE', `/v2/images/${ID}`],
      ['PUT', `/v2/images/${ID}/tags/x`],
      ['DELETE', `/v2/images/${ID}/tags/x`],
    ]) {
      expect((await rawSend(server.url, method, target, {})).status, `${method} ${target}`).toBe(401);
    }
  });
});

describe('IMS emulator: JSON-patch', () => {
  it('applies add, replace and remove on /name, /__description and custom properties; 200 with the image', async () => {
    const { server } = await start();
    await create(server, { id: ID, name: 'before', old: 'x', 'a/b~c': '1' });
    const reply = await patch(server, ID, [
      { op: 'replace', path: '/name', value: 'after' },
      { op: 'add', path: '/__description', value: 'described' },
      { op: 'add', path: '/new', value: 'y' },
      { op: 'replace', path: '/a~1b~0c', value: '2' },
      { op: 'remove', path: '/old' },
    ]);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({ id: ID, name: 'after', __description: 'described', new: 'y', 'a/b~c': '2' });
    expect(reply.json).not.toHaveProperty('old');
    expect((await send(server, 'GET', `/v2/images/${ID}`)).json).toEqual(reply.json);
  });

  it('takes the v2.0 form too, where add may not overwrite', async () => {
    const { server } = await start();
    await create(server, { id: ID, name: 'before', kept: 'x' });
    const v20 = 'application/openstack-images-v2.0-json-patch';
    expect((await patch(server, ID, [{ replace: '/name', value: 'v20' }], v20)).json.name).toBe('v20');
    expectRefused(await patch(server, ID, [{ add: '/kept', value: 'y' }], v20), 409, /already present/);
    expect((await patch(server, ID, [{ op: 'add', path: '/kept', value: 'y' }])).json.kept).toBe('y');
  });

  it('answers 415 with Accept-Patch for any other media type, charset parameters aside', async () => {
    const { server } = await start();
    await create(server, { id: ID, name: 'n' });
    const ops = [{ op: 'replace', path: '/name', value: 'x' }];
    for (const type of ['application/json', 'application/json-patch+json', 'text/plain']) {
      const reply = await patch(server, ID, ops, type);
      expectRefused(reply, 415, /not supported/);
      expect(reply.headers['accept-patch']).toBe(
        'application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch',
      );
    }
    expect((await patch(server, ID, ops, `${PATCH_V21}; charset=UTF-8`)).status).toBe(200);
  });

  it('refuses what IMS may not change (403), a missing property (409), bad operations and values (400)', async () => {
    const { server, emulator } = await start();
    await create(server, { id: ID, name: 'n' });
    for (const attribute of ['status', 'id', 'checksum', 'os_hash_value', 'self']) {
      expectRefused(await patch(server, ID, [{ op: 'replace', path: `/${attribute}`, value: 'x' }]), 403, /read-only/);
    }
    for (const attribute of ['os_glance_x', 'owner', 'locations', 'deleted']) {
      expectRefused(await patch(server, ID, [{ op: 'add', path: `/${attribute}`, value: 'x' }]), 403, /reserved/);
    }
    for (const attribute of ['visibility', 'protected', 'min_disk', 'tags', 'disk_format']) {
      expectRefused(
        await patch(server, ID, [{ op: 'replace', path: `/${attribute}`, value: 'x' }]),
        403,
        /only custom/,
      );
    }
    expectRefused(await patch(server, ID, [{ op: 'remove', path: '/absent' }]), 409, /Property absent does not exist/);
    expectRefused(await patch(server, ID, [{ op: 'replace', path: '/absent', value: 'x' }]), 409, /does not exist/);
    for (const ops of [
      { op: 'add' },
      [{ op: 'move', path: '/name', value: 'x' }],
      [{ op: 'add', path: 'name', value: 'x' }],
      [{ op: 'add', path: '/a/b', value: 'x' }],
      [{ op: 'add', path: '/a~2', value: 'x' }],
      [{ op: 'add', path: '/prop' }],
      [{ op: 'add', path: '/prop', value: 7 }],
      [{ op: 'replace', path: '/name', value: 'x'.repeat(256) }],
      ['not an object'],
    ]) {
      expect((await patch(server, ID, ops)).status, JSON.stringify(ops)).toBe(400);
    }
    // All or nothing: a refused second operation leaves the first undone.
    await patch(server, ID, [
      { op: 'replace', path: '/name', value: 'changed' },
      { op: 'remove', path: '/absent' },
    ]);
    expect(emulator.image(ID)?.name).toBe('n');
    expectRefused(
      await patch(server, IMS_SEED_IDS.docCentos, [{ op: 'replace', path: '/name', value: 'x' }]),
      403,
      /not permitted/,
    );
    expectRefused(
      await patch(server, '00000000-0000-4000-8000-000000000000', [{ op: 'replace', path: '/name', value: 'x' }]),
      404,
      /does not exist/,
      'IMG.0144',
    );
  });
});

describe('IMS emulator: tags', () => {
  it('adds and removes tags given as one percent-encoded segment; 204 without a body', async () => {
    const { server, emulator } = await start();
    await create(server, { id: ID, name: 'n' });
    const tags = ['two words', 'why?', '#1', '100%', 'grüße'];
    for (const tag of tags) {
      const reply = await send(server, 'PUT', `/v2/images/${ID}/tags/${encodeURIComponent(tag)}`);
      expect(reply.status, tag).toBe(204);
      expect(reply.text).toBe('');
    }
    expect((await send(server, 'PUT', `/v2/images/${ID}/tags/why%3F`)).status).toBe(204); // again: no change
    expect(emulator.image(ID)?.tags).toEqual(tags);
    expect(emulator.image(ID)?.updated_at).toBe('2025-01-02T03:04:05Z');
    for (const tag of tags) {
      expect((await send(server, 'DELETE', `/v2/images/${ID}/tags/${encodeURIComponent(tag)}`)).status).toBe(204);
    }
    expect(emulator.image(ID)?.tags).toEqual([]);
  });

  it('refuses "=" and over-long tags (400), a tag it lacks (404); "/" reaches no tag API', async () => {
    const { server } = await start();
    await create(server, { id: ID, name: 'n', tags: ['kept'] });
    expect((await send(server, 'PUT', `/v2/images/${ID}/tags/key%3Dvalue`)).status).toBe(400);
    expect((await send(server, 'PUT', `/v2/images/${ID}/tags/${'x'.repeat(256)}`)).status).toBe(400);
    expectRefused(await send(server, 'DELETE', `/v2/images/${ID}/tags/absent`), 404, /could not be found/);
    for (const method of ['PUT', 'DELETE']) {
      const slash = await send(server, method, `/v2/images/${ID}/tags/a%2Fb`);
      expect(slash.status).toBe(404);
      expect(slash.json.error_code).toBe('APIG.0101');
    }
    expectRefused(await send(server, 'PUT', `/v2/images/${IMS_SEED_IDS.docCentos}/tags/x`), 403, /not permitted/);
    expectRefused(
      await send(server, 'PUT', `/v2/images/00000000-0000-4000-8000-000000000000/tags/x`),
      404,
      /./,
      'IMG.0144',
    );
  });
});

describe('IMS emulator: deleting an image', () => {
  it('answers 204 and forgets the image; then 404', async () => {
    const { server, emulator } = await start();
    await create(server, { id: ID, name: 'n' });
    const reply = await send(server, 'DELETE', `/v2/images/${ID}`);
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    expect(emulator.image(ID)).toBeUndefined();
    expectRefused(await send(server, 'DELETE', `/v2/images/${ID}`), 404, /does not exist/, 'IMG.0144');
  });

  it('takes an optional {"delete_backup": bool}; refuses a protected image and a public one (403)', async () => {
    const { server, emulator } = await start();
    await create(server, { id: ID, name: 'n', protected: true });
    expectRefused(await send(server, 'DELETE', `/v2/images/${ID}`), 403, /is protected and cannot be deleted/);
    expect(emulator.image(ID)).toBeDefined();
    expectRefused(await send(server, 'DELETE', `/v2/images/${IMS_SEED_IDS.docCentos}`), 403, /not permitted/);
    const own = (await create(server, { name: 'with backups' })).json.id as string;
    expect((await send(server, 'DELETE', `/v2/images/${own}`, { delete_backup: 'yes' })).status).toBe(400);
    expect((await send(server, 'DELETE', `/v2/images/${own}`, { delete_backup: true })).status).toBe(204);
  });
});
