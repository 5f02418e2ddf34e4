// The IMS source against a real OpenStack Glance v2 behind a real Keystone
// (Debian's python3-glance / python3-keystone, started on loopback by
// scripts/openstack-up.sh through test/support/openstack.ts): reads, then
// writes (create with a chosen UUID, the JSON-patch, tags, delete, and
// Glance's refusals). Requests are counted at Glance by the harness's proxy.
// Missing packages fail the suite with a message naming
// scripts/install-system-deps.sh: never skipped.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../../src/config/index.js';
import { createContext } from '../../../src/context.js';
import { encodeGlobalId } from '../../../src/ids.js';
import { createLogger } from '../../../src/logger.js';
import { ImsInstance } from '../../../src/sources/ims/instance.js';
import { startOpenStack, type GlanceImage, type OpenStack } from '../../support/openstack.js';
import { startTestGateway, type GraphQLResult, type TestGateway } from '../../support/gateway.js';
import { report } from '../../support/verbose.js';

let os: OpenStack;
let gw: TestGateway;
const gateways: TestGateway[] = [];
const REGION = 'RegionOne';

const alicePrivate = randomUUID();
const aliceBatch = Array.from({ length: 6 }, () => randomUUID());
let publicImage: GlanceImage;
let bobPrivate: GlanceImage;

function aliceEnv(overrides: Env = {}): Env {
  return {
    IMS_ENDPOINT: os.glanceUrl,
    OS_AUTH_URL: os.keystoneUrl,
    OS_USERNAME: os.users.alice.username,
    OS_PASSWORD: os.users.alice.password,
    OS_PROJECT_NAME: os.users.alice.projectName,
    OS_USER_DOMAIN_NAME: os.users.alice.userDomainName,
    OS_PROJECT_DOMAIN_NAME: os.users.alice.projectDomainName,
    OS_REGION_NAME: REGION,
    // ModelArts and E-HPC stay off: no endpoints.
    ...overrides,
  };
}

async function gatewayFor(env: Env): Promise<TestGateway> {
  const g = await startTestGateway({ env, replaceEnv: true });
  gateways.push(g);
  return g;
}

const gid = (nativeId: string) =>
  encodeGlobalId({ provider: 'IMS', region: REGION, project: os.users.alice.projectName, nativeId });

beforeAll(async () => {
  const t0 = performance.now();
  os = await startOpenStack();
  const t1 = performance.now();
  await os.createImage(
    'alice',
    {
      id: alicePrivate,
      name: 'centos-7-x64-gateway',
      visibility: 'private',
      container_format: 'bare',
      disk_format: 'zvhd2',
      min_disk: 40,
      min_ram: 1024,
      tags: ['fixture'],
      __os_bit: '64',
      __os_version: 'CentOS 7.9 64bit',
      __platform: 'CentOS',
      __os_type: 'Linux',
      __imagetype: 'private',
      __isregistered: 'true',
      __lazyloading: 'True',
      __support_arm: 'false',
      __support_kvm: 'true',
      __image_size: '3376133259',
      __description: 'fixture with Huawei properties',
      __os_feature_list: '{"onekey_resetpasswd": "true", "user_data": "true"}',
      __support_agent_list: 'hss,ces',
      hw_firmware_type: 'uefi',
      hw_vif_multiqueue_enabled: 'true',
      virtual_env_type: 'FusionCompute',
      max_ram: '8192',
      hw_disk_bus: 'virtio',
    },
    { upload: 'not really a disk' },
  );
  for (const [n, id] of aliceBatch.entries()) {
    await os.createImage('alice', {
      id,
      name: `batch-${n}`,
      visibility: 'private',
      __os_bit: '64',
      __support_arm: n % 2 ? 'true' : 'false',
    });
  }
  publicImage = await os.createImage('admin', {
    name: 'public-ubuntu',
    visibility: 'public',
    __platform: 'Ubuntu',
    __imagetype: 'gold',
  });
  bobPrivate = await os.createImage('bob', { name: 'bob-secret-image', visibility: 'private' });
  const t2 = performance.now();
  gw = await gatewayFor(aliceEnv());
  report(
    `ims-glance: OpenStack up in ${Math.round(t1 - t0)} ms, ${aliceBatch.length + 3} fixtures in ${Math.round(t2 - t1)} ms`,
  );
}, 240_000);

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.stop()));
  await os?.stop();
}, 60_000);

describe('IMS source against a real Glance v2 + Keystone', () => {
  it('reads an image with __ properties, mapped', async () => {
    os.resetGlanceRequestLog();
    const t0 = performance.now();
    const result = await gw.query(
      `query($id: ID!) { imsImage(id: $id) {
      id nativeId provider name description status vendorStatus architecture sizeBytes size visibility glanceVisibility
      createdAt updatedAt owner protected containerFormat diskFormat minDisk minRam maxRam tags checksum osBit osVersion
      platform osType imagetype isregistered lazyloading supportArm supportKvm imageSize osFeatureList { name value }
      supportAgentList hwFirmwareType hwVifMultiqueueEnabled virtualEnvType properties
    } }`,
      { id: alicePrivate },
    );
    const ms = performance.now() - t0;
    expect(result.body.errors).toBeUndefined();
    const image = result.body.data.imsImage;
    expect(image).toMatchObject({
      id: gid(alicePrivate),
      nativeId: alicePrivate,
      provider: 'IMS',
      name: 'centos-7-x64-gateway',
      description: 'fixture with Huawei properties',
      status: 'ACTIVE',
      vendorStatus: 'active',
      architecture: 'X86_64',
      visibility: 'PRIVATE',
      glanceVisibility: 'PRIVATE',
      protected: false,
      containerFormat: 'bare',
      diskFormat: 'zvhd2',
      minDisk: 40,
      minRam: 1024,
      maxRam: 8192,
      tags: ['fixture'],
      osBit: 64,
      osVersion: 'CentOS 7.9 64bit',
      platform: 'CentOS',
      osType: 'LINUX',
      imagetype: 'PRIVATE',
      isregistered: true,
      lazyloading: true,
      supportArm: false,
      supportKvm: true,
      osFeatureList: [
        { name: 'onekey_resetpasswd', value: 'true' },
        { name: 'user_data', value: 'true' },
      ],
      supportAgentList: ['hss', 'ces'],
      hwFirmwareType: 'UEFI',
      hwVifMultiqueueEnabled: true,
      virtualEnvType: 'FUSION_COMPUTE',
    });
    expect(String(image.sizeBytes)).toBe('3376133259'); // __image_size wins over size
    expect(String(image.size)).toBe(String('not really a disk'.length));
    expect(String(image.imageSize)).toBe('3376133259');
    expect(image.owner).toMatch(/^[0-9a-f]{32}$/);
    expect(image.checksum).toMatch(/^[0-9a-f]{32}$/);
    expect(Date.parse(image.createdAt)).toBeGreaterThan(Date.now() - 600_000);
    // Glance's own extras are kept, by their wire names.
    expect(image.properties).toMatchObject({ hw_disk_bus: 'virtio', os_hash_algo: expect.any(String) });
    // One list call (the id was found there), no GET.
    expect(os.countGlanceRequests({ method: 'GET', pathname: '/v2/images' })).toBe(1);
    expect(os.countGlanceRequests({ pathname: /^\/v2\/images\/./ })).toBe(0);
    const t1 = performance.now();
    expect((await gw.query(`{ imsImage(id: "${alicePrivate}") { nativeId } }`)).body.errors).toBeUndefined();
    report(
      `ims-glance: imsImage through the gateway: first ${Math.round(ms)} ms (incl. Keystone token), then ${Math.round(performance.now() - t1)} ms`,
    );
  });

  it('nodes: many ids → exactly 1 id=in: list request at Glance, not-found → null', async () => {
    os.resetGlanceRequestLog();
    const ids = [alicePrivate, ...aliceBatch, publicImage.id];
    const t0 = performance.now();
    const result = await gw.query(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on ImsImage { nativeId name visibility architecture } } }`,
      {
        ids: ids.map(gid),
      },
    );
    const ms = performance.now() - t0;
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.nodes.map((n: { nativeId: string }) => n.nativeId)).toEqual(ids);
    expect(result.body.data.nodes.at(-1)).toMatchObject({ name: 'public-ubuntu', visibility: 'PUBLIC' });
    expect(result.body.data.nodes.slice(1, 3).map((n: { architecture: string }) => n.architecture)).toEqual([
      'X86_64',
      'AARCH64',
    ]);
    const log = os.glanceRequestLog();
    expect(log).toHaveLength(1);
    expect(log[0].pathname).toBe('/v2/images');
    const query = new URLSearchParams(log[0].query);
    expect(query.get('id')).toBe(`in:${ids.join(',')}`);
    expect(Number(query.get('limit'))).toBeGreaterThanOrEqual(ids.length);
    expect(log[0].status).toBe(200);
    report(`ims-glance: nodes of ${ids.length} ids through the gateway ${Math.round(ms)} ms (1 Glance request)`);

    os.resetGlanceRequestLog();
    const missing = randomUUID();
    const withMissing = await gw.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: [gid(alicePrivate), gid(missing)],
    });
    expect(withMissing.body.errors).toBeUndefined();
    expect(withMissing.body.data.nodes[1]).toBeNull();
    expect(os.glanceRequestLog().map((r) => `${r.method} ${r.pathname} ${r.status}`)).toEqual([
      'GET /v2/images 200',
      `GET /v2/images/${missing} 404`,
    ]);
  });

  it('150 ids in one request → one list call at Glance, under its 414 limit', async () => {
    const ids = [alicePrivate, ...aliceBatch, ...Array.from({ length: 143 }, () => randomUUID())];
    os.resetGlanceRequestLog();
    const result = await gw.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ids.map(gid) });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.nodes.filter(Boolean)).toHaveLength(7);
    const lists = os.glanceRequestLog().filter((r) => r.pathname === '/v2/images');
    expect(lists).toHaveLength(1);
    expect(lists[0].status).toBe(200);
    // The 143 missing ids are each confirmed by their own GET (404).
    expect(os.countGlanceRequests({ pathname: /^\/v2\/images\/[0-9a-f-]{36}$/ })).toBe(143);
  });

  it('path-escape ids give null or BAD_USER_INPUT; Glance sees only /v2/images/<one encoded segment>', async () => {
    os.resetGlanceRequestLog();
    const ids = ['../', '%2e%2e', 'a/b', 'x?y=1', '..', '../../v2/images', 'a#b'];
    const vars = Object.fromEntries(ids.map((id, i) => [`v${i}`, id]));
    const doc = `query(${ids.map((_, i) => `$v${i}: ID!`).join(', ')}) { ${ids.map((_, i) => `i${i}: imsImage(id: $v${i}) { id }`).join(' ')} }`;
    const result = await gw.query(doc, vars);
    expect(Object.values(result.body.data)).toEqual(ids.map(() => null));
    for (const error of result.body.errors ?? []) expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.body.errors?.map((e) => e.path?.[0])).toEqual(['i4']); // '..' only
    const log = os.glanceRequestLog();
    expect(log.length).toBe(ids.length - 1);
    for (const record of log) {
      expect(record.method).toBe('GET');
      expect(record.pathname).toMatch(/^\/v2\/images\/[^/?#]+$/);
      expect(record.query).toBe('');
      expect(record.status).toBe(404);
    }
    expect(log.map((r) => r.pathname).sort()).toEqual(
      ['..%2F', '%252e%252e', 'a%2Fb', 'x%3Fy%3D1', '..%2F..%2Fv2%2Fimages', 'a%23b']
        .map((s) => `/v2/images/${s}`)
        .sort(),
    );
  });

  it("Keystone: alice sees public and her own images, null for bob's private one", async () => {
    const result = await gw.query(`{
      pub: imsImage(id: "${publicImage.id}") { name visibility }
      own: imsImage(id: "${alicePrivate}") { name }
      bobs: imsImage(id: "${bobPrivate.id}") { name }
    }`);
    expect(result.body).toEqual({
      data: { pub: { name: 'public-ubuntu', visibility: 'PUBLIC' }, own: { name: 'centos-7-x64-gateway' }, bobs: null },
    });
    // Every request carried a token.
    expect(os.glanceRequestLog().every((r) => r.hasAuthToken)).toBe(true);

    const listed = await gw.query(
      `{ images(first: 50, filter: { providers: [IMS] }) { nodes { nativeId createdAt } } }`,
    );
    expect(listed.body.errors).toBeUndefined();
    const listedIds = listed.body.data.images.nodes.map((n: { nativeId: string }) => n.nativeId);
    expect(listedIds).toEqual(expect.arrayContaining([alicePrivate, ...aliceBatch, publicImage.id]));
    expect(listedIds).not.toContain(bobPrivate.id);
    const times = listed.body.data.images.nodes.map((n: { createdAt: string }) => Date.parse(n.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('a bad password → UNAUTHENTICATED on the field path, nothing reaches Glance, the password never shows', async () => {
    const bad = await gatewayFor(aliceEnv({ OS_PASSWORD: 'definitely-wrong-password' }));
    os.resetGlanceRequestLog();
    const result = await bad.query(`{ imsImage(id: "${alicePrivate}") { id } }`);
    expect(result.body.data).toEqual({ imsImage: null });
    expect(result.body.errors).toHaveLength(1);
    expect(result.body.errors![0]).toMatchObject({
      path: ['imsImage'],
      extensions: { code: 'UNAUTHENTICATED', provider: 'IMS' },
    });
    expect(os.countGlanceRequests()).toBe(0);
    expect(result.text).not.toContain('definitely-wrong-password');
    expect(bad.logs.join('\n')).not.toContain('definitely-wrong-password');
    expect(gw.logs.join('\n')).not.toContain(os.users.alice.password);
  });

  it('without credentials Glance answers 401 → UNAUTHENTICATED', async () => {
    const anon = await gatewayFor({ IMS_ENDPOINT: os.glanceUrl, OS_REGION_NAME: REGION });
    const result = await anon.query(`{ imsImage(id: "${publicImage.id}") { id } }`);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      provider: 'IMS',
      upstreamStatus: 401,
    });
  });
});

// The writes: what the sandbox asserts in detail (test/sources/ims/mutations.test.ts),
// proven on the real server. Each test creates what it needs; all is deleted after.
describe('IMS writes against a real Glance v2 + Keystone', () => {
  /** Every image a test created, deleted after these tests whatever happened (unprotected first). */
  const createdIds: string[] = [];
  afterAll(async () => {
    for (const id of createdIds) {
      await os.glanceFetch('alice', `/v2/images/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' },
        body: JSON.stringify([{ op: 'replace', path: '/protected', value: false }]),
      });
      await os.glanceFetch('alice', `/v2/images/${id}`, { method: 'DELETE' });
    }
  }, 60_000);

  const CREATE = `mutation ($input: CreateImsImageInput!) { createImsImage(input: $input) {
    image { nativeId name description status vendorStatus visibility protected diskFormat containerFormat minDisk minRam osVersion tags properties }
  } }`;
  const UPDATE = `mutation ($input: UpdateImsImageInput!) { updateImsImage(input: $input) { image { name description properties } } }`;
  const ADD_TAG = `mutation ($input: ImsImageTagInput!) { addImsImageTag(input: $input) { image { tags } } }`;
  const REMOVE_TAG = `mutation ($input: ImsImageTagInput!) { removeImsImageTag(input: $input) { image { tags } } }`;

  function errorOf(result: GraphQLResult) {
    expect(result.body.errors, result.text).toHaveLength(1);
    return result.body.errors![0];
  }

  /** `METHOD path` of every request Glance received since the last reset. */
  const glanceSaw = () => os.glanceRequestLog().map((r) => `${r.method} ${r.pathname} ${r.status}`);

  async function createImage(input: Record<string, unknown>): Promise<string> {
    const id = randomUUID();
    createdIds.push(id);
    const result = await gw.query(CREATE, { input: { id, name: `writes-${id.slice(0, 8)}`, ...input } });
    expect(result.body.errors, result.text).toBeUndefined();
    os.resetGlanceRequestLog();
    return id;
  }

  it('creates an image with a chosen UUID and properties: one POST, one read-back; the id then conflicts', async () => {
    const id = randomUUID();
    createdIds.push(id);
    os.resetGlanceRequestLog();
    const t0 = performance.now();
    const result = await gw.query(CREATE, {
      input: {
        id,
        name: 'writes-created',
        description: 'made through the gateway',
        diskFormat: 'zvhd2',
        containerFormat: 'bare',
        minDisk: 40,
        minRam: 1024,
        osVersion: 'CentOS 7.9 64bit',
        visibility: 'PRIVATE',
        // In the body, any Unicode is stored as sent (in a tag's path it would not be: see the tag test).
        tags: ['ci', 'team=images', 'grüße'],
        properties: { hw_disk_bus: 'virtio', __platform: 'CentOS' },
      },
    });
    const ms = performance.now() - t0;
    expect(result.body.errors, result.text).toBeUndefined();
    expect(result.body.data.createImsImage.image).toEqual({
      nativeId: id,
      name: 'writes-created',
      description: 'made through the gateway',
      status: 'QUEUED',
      vendorStatus: 'queued',
      visibility: 'PRIVATE',
      protected: false,
      diskFormat: 'zvhd2',
      containerFormat: 'bare',
      minDisk: 40,
      minRam: 1024,
      osVersion: 'CentOS 7.9 64bit',
      tags: expect.arrayContaining(['ci', 'team=images', 'grüße']),
      properties: expect.objectContaining({ hw_disk_bus: 'virtio' }),
    });
    expect(glanceSaw()).toEqual(['POST /v2/images 201', 'GET /v2/images 200']);
    report(`ims-glance-writes: createImsImage ${Math.round(ms)} ms (2 Glance requests)`);

    os.resetGlanceRequestLog();
    const again = await gw.query(CREATE, { input: { id, name: 'writes-again' } });
    expect(errorOf(again).extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'input.id',
      upstreamStatus: 409,
      provider: 'IMS',
    });
    expect(glanceSaw()).toEqual(['POST /v2/images 409']);
  });

  it('patches name, description and properties; a property not there to remove is CONFLICT', async () => {
    const id = await createImage({ properties: { stale: 'x', hw_disk_bus: 'scsi' } });
    const result = await gw.query(UPDATE, {
      input: {
        id,
        name: 'writes-renamed',
        description: 'patched',
        setProperties: { hw_disk_bus: 'virtio', 'a/b~c': 'escaped' },
        removeProperties: ['stale'],
      },
    });
    expect(result.body.errors, result.text).toBeUndefined();
    const image = result.body.data.updateImsImage.image;
    expect(image).toMatchObject({ name: 'writes-renamed', description: 'patched' });
    expect(image.properties).toMatchObject({ hw_disk_bus: 'virtio', 'a/b~c': 'escaped' });
    expect(image.properties).not.toHaveProperty('stale');
    expect(glanceSaw()).toEqual([`PATCH /v2/images/${id} 200`, 'GET /v2/images 200']);

    os.resetGlanceRequestLog();
    const absent = await gw.query(UPDATE, { input: { id, removeProperties: ['never_set'] } });
    expect(errorOf(absent).extensions).toMatchObject({ code: 'CONFLICT', upstreamStatus: 409 });
    expect(errorOf(absent).message).toContain('never_set');
    expect(glanceSaw()).toEqual([`PATCH /v2/images/${id} 409`]);
  });

  it('adds and removes tags with a space, "?", "#" and "%", each as one encoded segment', async () => {
    const id = await createImage({});
    const tags: Array<[string, string]> = [
      ['two words', 'two%20words'],
      ['why?', 'why%3F'],
      ['#1', '%231'],
      ['100%', '100%25'],
      [' padded ', '%20padded%20'],
    ];
    for (const [tag] of tags) {
      const added = await gw.query(ADD_TAG, { input: { id, tag } });
      expect(added.body.errors, added.text).toBeUndefined();
      expect(added.body.data.addImsImageTag.image.tags).toContain(tag);
    }
    expect(glanceSaw()).toEqual(tags.flatMap(([, s]) => [`PUT /v2/images/${id}/tags/${s} 204`, 'GET /v2/images 200']));

    os.resetGlanceRequestLog();
    for (const [tag] of tags) {
      const removed = await gw.query(REMOVE_TAG, { input: { id, tag } });
      expect(removed.body.errors, removed.text).toBeUndefined();
      expect(removed.body.data.removeImsImageTag.image.tags).not.toContain(tag);
    }
    expect(glanceSaw()).toEqual(
      tags.flatMap(([, s]) => [`DELETE /v2/images/${id}/tags/${s} 204`, 'GET /v2/images 200']),
    );

    os.resetGlanceRequestLog();
    // Refused before any call: this Glance would 404 the first and store the second as "grÃ¼Ãe".
    for (const tag of ['a/b', 'grüße']) {
      const refused = await gw.query(ADD_TAG, { input: { id, tag } });
      expect(errorOf(refused).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.tag' });
    }
    const missingTag = await gw.query(REMOVE_TAG, { input: { id, tag: 'never-added' } });
    expect(errorOf(missingTag).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.tag' });
    expect(glanceSaw()).toEqual([`DELETE /v2/images/${id}/tags/never-added 404`, 'GET /v2/images 200']);
  });

  it('deletes an image; a protected one and a missing one are refused with coded errors', async () => {
    // As the core deleteImage mutation calls it.
    const instance = gw.gateway.sources.pickOf(ImsInstance, 'IMS');
    const context = () => createContext(gw.gateway.sources, createLogger({ level: 'silent' }));
    const ref = (nativeId: string) => ({ provider: 'IMS', region: REGION, project: instance.config.project, nativeId });

    const id = await createImage({ description: 'to delete' });
    const last = await instance.deleteImage(context(), ref(id), { force: false });
    expect(last).toMatchObject({ nativeId: id, description: 'to delete' });
    expect(glanceSaw()).toEqual(['GET /v2/images 200', `DELETE /v2/images/${id} 204`]);
    expect((await os.glanceFetch('alice', `/v2/images/${id}`)).status).toBe(404);

    const guarded = await createImage({ protected: true });
    await expect(instance.deleteImage(context(), ref(guarded), { force: false })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN', upstreamStatus: 403, provider: 'IMS' },
      message: expect.stringContaining('is protected and cannot be deleted'),
    });
    expect((await os.glanceFetch('alice', `/v2/images/${guarded}`)).status).toBe(200);

    os.resetGlanceRequestLog();
    const missing = randomUUID();
    await expect(instance.deleteImage(context(), ref(missing), { force: false })).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND', provider: 'IMS' },
    });
    expect(glanceSaw()).toEqual(['GET /v2/images 200', `GET /v2/images/${missing} 404`]);
  });

  it('a member creating a public image is FORBIDDEN with the upstream status', async () => {
    os.resetGlanceRequestLog();
    const result = await gw.query(CREATE, { input: { name: 'writes-public', visibility: 'PUBLIC' } });
    expect(result.body.data).toBeNull();
    expect(errorOf(result).extensions).toMatchObject({ code: 'FORBIDDEN', upstreamStatus: 403, provider: 'IMS' });
    expect(glanceSaw()).toEqual(['POST /v2/images 403']);
  });
});
