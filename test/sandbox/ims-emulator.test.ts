// The IMS (Glance v2 + Huawei `__` properties) emulator over HTTP, every request
// signed by the official Huawei Node SDK's AKSKSigner (and its full HcClient for
// a few calls).

import { describe, expect, it } from 'vitest';
import { AKSKSigner, sdkClient, sdkCredential } from '../support/huawei-sdk.js';
import { emulatorStarter, rawSend, type Reply } from '../support/emulator-http.js';
import type { RunningEmulator } from '../../src/sandbox/emulator.js';
import {
  createImsEmulator,
  IMS_SEED,
  type ImsEmulatorOptions,
  type ImsWireImage,
} from '../../src/sandbox/ims/index.js';

const AK = 'IMSTESTAK00000000001';
const SK = 'imsTestSecret000000000000000000000000001';
const PROJECT = '0b5bd0a0b580f4ea2f5ec00b2fd3e4d6';
const TOKEN = 'MIIims-token';

// docs/vendor/002-ims-image-details.txt example response, copied from the page.
const DOC_002 = {
  schema: '/v2/schemas/image',
  min_disk: 100,
  created_at: '2018-09-06T14:03:27Z',
  __image_source_type: 'uds',
  container_format: 'bare',
  file: '/v2/images/bc6bed6e-ba3a-4447-afcc-449174a3eb52/file',
  updated_at: '2018-09-06T15:17:33Z',
  protected: true,
  checksum: 'd41d8cd98f00b204e9800998ecf8427e',
  id: 'bc6bed6e-ba3a-4447-afcc-449174a3eb52',
  __isregistered: 'true',
  min_ram: 2048,
  __lazyloading: 'true',
  owner: '1bed856811654c1cb661a6ca845ebc77',
  __os_type: 'Linux',
  __imagetype: 'gold',
  visibility: 'public',
  virtual_env_type: 'FusionCompute',
  tags: [],
  __platform: 'CentOS',
  size: 0,
  __os_bit: '64',
  __os_version: 'CentOS 7.3 64bit',
  name: 'CentOS 7.3 64bit vivado',
  self: '/v2/images/bc6bed6e-ba3a-4447-afcc-449174a3eb52',
  disk_format: 'zvhd2',
  virtual_size: null,
  status: 'active',
};

// Every response parameter the page documents.
const DOCUMENTED_FIELDS = [
  'file',
  'owner',
  'id',
  'size',
  'self',
  'schema',
  'status',
  'tags',
  'visibility',
  'name',
  'checksum',
  'protected',
  'container_format',
  'min_ram',
  'max_ram',
  'updated_at',
  '__os_bit',
  '__os_version',
  '__description',
  'disk_format',
  '__isregistered',
  '__platform',
  '__os_type',
  '__system__cmkid',
  'min_disk',
  'virtual_env_type',
  '__image_source_type',
  '__imagetype',
  'created_at',
  'virtual_size',
  '__originalimagename',
  '__backup_id',
  '__productcode',
  '__image_size',
  '__data_origin',
  '__root_origin',
  '__lazyloading',
  'active_at',
  '__os_feature_list',
  '__sequence_num',
  '__support_kvm',
  '__support_xen',
  '__support_largememory',
  '__support_diskintensive',
  '__support_highperformance',
  '__support_xen_gpu_type',
  '__support_kvm_gpu_type',
  '__support_xen_hana',
  '__support_kvm_infiniband',
  '__support_fc_inject',
  'enterprise_project_id',
  '__is_offshelved',
  'hw_firmware_type',
  'hw_vif_multiqueue_enabled',
  '__support_arm',
  '__support_agent_list',
  '__account_code',
  '__image_location',
  '__is_config_init',
  '__support_amd',
];
const NON_STRING_FIELDS = new Set([
  'size',
  'virtual_size',
  'min_ram',
  'min_disk',
  'protected',
  'tags',
  'checksum',
  'owner',
  'name',
]);

/**
 * GET `target` (a path with an optional query string, as a `next` link is) signed with the SDK.
 * The SDK is given the decoded query parameters, as a client following `next` would pass them.
 */
function get(server: RunningEmulator, target: string, opts: { sk?: string; token?: string } = {}): Promise<Reply> {
  if (opts.token !== undefined) return rawSend(server.url, 'GET', target, { 'x-auth-token': opts.token });
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const queryParams: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(q === -1 ? '' : target.slice(q + 1))) {
    const prior = queryParams[key];
    queryParams[key] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
  }
  const headers = AKSKSigner.sign(
    { endpoint: `${server.url}${path}`, method: 'GET', headers: { 'content-type': 'application/json' }, queryParams },
    sdkCredential(AK, opts.sk ?? SK),
  );
  return rawSend(server.url, 'GET', target, headers);
}

const start = emulatorStarter((options: Partial<ImsEmulatorOptions> = {}) =>
  createImsEmulator({ ak: AK, sk: SK, projectId: PROJECT, tokens: [TOKEN], ...options }),
);

const ids = (reply: Reply) => (reply.json.images as ImsWireImage[]).map((i) => i.id);
/** Follows `next` from `start` until it is absent; returns every id and the number of pages. */
async function walk(server: RunningEmulator, start: string): Promise<{ all: string[]; pages: Reply[] }> {
  const all: string[] = [];
  const pages: Reply[] = [];
  let target: string | undefined = start;
  while (target) {
    const page = await get(server, target);
    expect(page.status, target).toBe(200);
    pages.push(page);
    all.push(...ids(page));
    target = page.json.next;
    expect(pages.length).toBeLessThan(500);
  }
  return { all, pages };
}

function glanceOrder(images: ImsWireImage[], key = 'created_at', dir: 'asc' | 'desc' = 'desc'): string[] {
  const cmp = (a: unknown, b: unknown) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);
  const sign = dir === 'asc' ? 1 : -1;
  return [...images]
    .sort((a, b) => sign * (cmp(a[key], b[key]) || cmp(a.created_at, b.created_at) || cmp(a.id, b.id)))
    .map((i) => i.id);
}

describe('IMS emulator: image details', () => {
  it('answers the documented example verbatim with IMS/OpenStack request ids', async () => {
    const { server } = await start();
    const reply = await get(server, `/v2/images/${DOC_002.id}`);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual(DOC_002);
    expect(Object.keys(reply.json)).toEqual(Object.keys(DOC_002));
    expect(reply.text).toContain('"virtual_size":null');
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(reply.headers['x-openstack-request-id']).toMatch(/^req-[0-9a-f-]{36}$/);
  });

  it('answers a missing image, and a private image of another project, with 404 IMG.0144', async () => {
    const { server, emulator } = await start();
    emulator.seedImage({
      id: '11111111-2222-4333-8444-555555555555',
      name: 'theirs',
      owner: 'other',
      visibility: 'private',
      status: 'active',
    });
    for (const id of ['00000000-0000-4000-8000-000000000000', '11111111-2222-4333-8444-555555555555', 'not-a-uuid']) {
      const reply = await get(server, `/v2/images/${id}`);
      expect(reply.status).toBe(404);
      expect(reply.json).toEqual({ error: { code: 'IMG.0144', message: 'The image does not exist.' } });
      expect(reply.headers['x-openstack-request-id']).toMatch(/^req-/);
    }
  });

  it("serves the official SDK's full client (HcClient + BasicCredentials)", async () => {
    const { server } = await start();
    const client = sdkClient(server.url, AK, SK, PROJECT);
    const detail = await client.sendRequest({
      method: 'GET',
      url: '/v2/images/{image_id}',
      contentType: 'application/json',
      queryParams: {},
      pathParams: { image_id: DOC_002.id },
      headers: {},
    });
    expect(detail).toMatchObject({ id: DOC_002.id, __os_version: 'CentOS 7.3 64bit', virtual_size: null });
    const list = await client.sendRequest({
      method: 'GET',
      url: '/v2/images',
      contentType: 'application/json',
      queryParams: { __imagetype: 'gold', limit: 3, sort_key: 'name', sort_dir: 'asc' },
      pathParams: {},
      headers: {},
    });
    expect(list.images).toHaveLength(3);
    expect(list.next).toMatch(/^\/v2\/images\?__imagetype=gold&limit=3&sort_key=name&sort_dir=asc&marker=/);
    expect(server.calls().map((c) => c.status)).toEqual([200, 200]);
  });

  it('seeds every documented property, all property values strings', async () => {
    const { server } = await start();
    const list = await get(server, '/v2/images?limit=1000');
    const images = list.json.images as ImsWireImage[];
    expect(images).toHaveLength(IMS_SEED.imageCount);
    const present = new Set(images.flatMap((i) => Object.keys(i)));
    expect(DOCUMENTED_FIELDS.filter((f) => !present.has(f))).toEqual([]);
    for (const image of images) {
      for (const [key, value] of Object.entries(image)) {
        if (!NON_STRING_FIELDS.has(key)) expect(typeof value, `${image.id} ${key}`).toBe('string');
      }
      if (typeof image.__os_feature_list === 'string')
        expect(() => JSON.parse(image.__os_feature_list as string)).not.toThrow();
      expect(image.self).toBe(`/v2/images/${image.id}`);
      expect(image.file).toBe(`/v2/images/${image.id}/file`);
      expect(image.schema).toBe('/v2/schemas/image');
    }
    const S = IMS_SEED.imageIds;
    const byId = new Map(images.map((i) => [i.id, i]));
    expect(byId.get(S.openEulerArm)).toMatchObject({ __support_arm: 'true', hw_firmware_type: 'uefi' });
    expect(byId.get(S.ubuntu2204)).toMatchObject({ __support_agent_list: 'hss,ces' });
    expect(byId.get(S.privateFromEcs)).toMatchObject({
      __image_size: '42949672960',
      hw_disk_bus: 'virtio',
      owner: PROJECT,
    });
    expect(byId.get(S.queued)).toMatchObject({ status: 'queued', size: null, checksum: null });
    expect(byId.get(S.killed)?.status).toBe('killed');
    expect(byId.get(S.shared)).toMatchObject({ visibility: 'shared', __imagetype: 'shared' });
  });
});

describe('IMS emulator: authentication and routing', () => {
  it('rejects a bad signature with 401 and the APIG body', async () => {
    const { server } = await start();
    const reply = await get(server, `/v2/images/${DOC_002.id}`, { sk: 'wrong' });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({
      error_code: 'APIG.0301',
      error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
      request_id: reply.headers['x-request-id'],
    });
    const none = await rawSend(server.url, 'GET', '/v2/images', {});
    expect(none.status).toBe(401);
    expect(none.json.error_code).toBe('APIG.0301');
  });

  it('accepts a configured X-Auth-Token', async () => {
    const { server } = await start();
    expect((await get(server, '/v2/images', { token: TOKEN })).status).toBe(200);
    expect((await get(server, '/v2/images', { token: 'MIInope' })).status).toBe(401);
  });

  it('answers unknown routes with 404 APIG.0101', async () => {
    const { server } = await start();
    for (const [method, path] of [
      ['GET', '/v1/images'],
      ['PUT', '/v2/images'],
      ['GET', '/v2/images/a/file'],
      ['PUT', '/v2/images/a/tags'],
    ] as const) {
      const reply = await rawSend(server.url, method, path, {});
      expect(reply.status, `${method} ${path}`).toBe(404);
      expect(reply.json.error_code).toBe('APIG.0101');
    }
  });
});

describe('IMS emulator: list and paging', () => {
  it('lists newest first with {images, first, schema} and no next on a short page', async () => {
    const { server, emulator } = await start();
    const reply = await get(server, '/v2/images');
    expect(reply.status).toBe(200);
    expect(reply.json.schema).toBe('/v2/schemas/images');
    expect(reply.json.first).toBe('/v2/images');
    expect(reply.json.next).toBeUndefined();
    expect(ids(reply)).toEqual(glanceOrder(emulator.images()));
  });

  it('defaults to 25 per page and follows next until exhausted: every image exactly once, in order', async () => {
    const { server, emulator } = await start({ seed: false });
    emulator.generateImages(60);
    const first = await get(server, '/v2/images');
    expect(first.json.images).toHaveLength(25);
    expect(first.json.next).toBe(`/v2/images?marker=${first.json.images[24].id}`);
    const { all, pages } = await walk(server, '/v2/images?limit=7');
    expect(all).toEqual(glanceOrder(emulator.images()));
    expect(new Set(all).size).toBe(60);
    expect(pages).toHaveLength(9);
    expect(pages[0]?.json.first).toBe('/v2/images?limit=7');
    expect(pages[1]?.json.first).toBe('/v2/images?limit=7');
  });

  it('emits next whenever a page is full, so an exact multiple ends on an empty page', async () => {
    const { server, emulator } = await start({ seed: false });
    emulator.generateImages(21);
    const { all, pages } = await walk(server, '/v2/images?limit=7');
    expect(all).toHaveLength(21);
    expect(pages.map((p) => p.json.images.length)).toEqual([7, 7, 7, 0]);
    expect(pages[3]?.json.next).toBeUndefined();
  });

  it('keeps filters and sort in next, and pages a sorted, filtered list exactly once', async () => {
    const { server, emulator } = await start({ seed: false });
    emulator.generateImages(50);
    const first = await get(server, '/v2/images?__platform=Ubuntu&sort_key=name&sort_dir=asc&limit=2');
    expect(first.json.first).toBe('/v2/images?__platform=Ubuntu&sort_key=name&sort_dir=asc&limit=2');
    expect(first.json.next).toBe(
      `/v2/images?__platform=Ubuntu&sort_key=name&sort_dir=asc&limit=2&marker=${first.json.images[1].id}`,
    );
    const { all } = await walk(server, '/v2/images?__platform=Ubuntu&sort_key=name&sort_dir=asc&limit=2');
    const ubuntu = emulator.images().filter((i) => i.__platform === 'Ubuntu');
    expect(all).toEqual(glanceOrder(ubuntu, 'name', 'asc'));
  });

  it('sorts by every allowed key with created_at and id as tie-breakers; sort=key:dir too', async () => {
    const { server, emulator } = await start();
    for (const key of ['name', 'status', 'container_format', 'disk_format', 'id', 'created_at', 'updated_at']) {
      const reply = await get(server, `/v2/images?sort_key=${key}&sort_dir=asc&limit=100`);
      expect(reply.status, key).toBe(200);
      expect(ids(reply), key).toEqual(glanceOrder(emulator.images(), key, 'asc'));
    }
    const bySize = await get(server, '/v2/images?sort_key=size&sort_dir=desc');
    const sizes = (bySize.json.images as ImsWireImage[]).map((i) => i.size);
    expect(sizes.slice(-2)).toEqual([null, null]); // NULL sorts first ascending, last descending
    const newSyntax = await get(server, '/v2/images?sort=name:asc');
    expect(ids(newSyntax)).toEqual(glanceOrder(emulator.images(), 'name', 'asc'));
  });

  it('rejects bad sort keys, directions, limits and markers with 400', async () => {
    const { server } = await start();
    for (const query of [
      'sort_key=owner',
      'sort_dir=up',
      'sort=name:asc&sort_key=name',
      'limit=-1',
      'limit=ten',
      'marker=00000000-0000-4000-8000-000000000000',
      'visibility=friends',
      'protected=yes',
      'created_at=soon:2020-01-01T00:00:00Z',
      'created_at=gt:yesterday',
    ]) {
      const reply = await get(server, `/v2/images?${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.json.error.code, query).toBe('IMG.0001');
      expect(typeof reply.json.error.message).toBe('string');
    }
  });

  it('clamps limit to 1000', async () => {
    const { server, emulator } = await start({ seed: false });
    emulator.generateImages(1003);
    const reply = await get(server, '/v2/images?limit=5000');
    expect(reply.json.images).toHaveLength(1000);
    expect(reply.json.next).toContain('limit=5000&marker=');
  });
});

describe('IMS emulator: filters', () => {
  const S = IMS_SEED.imageIds;
  const sorted = (xs: string[]) => [...xs].sort();
  const query = async (server: RunningEmulator, q: string) =>
    sorted(ids(await get(server, `/v2/images?limit=1000&${q}`)));

  it('matches properties (including __ ones) exactly and case-sensitively, ANDed', async () => {
    const { server, emulator } = await start();
    const expectIds = (pred: (i: ImsWireImage) => boolean) =>
      sorted(
        emulator
          .images()
          .filter(pred)
          .map((i) => i.id),
      );
    expect(await query(server, '__platform=CentOS')).toEqual(expectIds((i) => i.__platform === 'CentOS'));
    expect(await query(server, '__platform=centos')).toEqual([]);
    expect(await query(server, '__platform=CentOS&__support_amd=true')).toEqual([S.centosAmd]);
    expect(await query(server, '__imagetype=private&status=active')).toEqual(
      expectIds((i) => i.__imagetype === 'private' && i.status === 'active'),
    );
    expect(await query(server, '__support_arm=true')).toEqual(sorted([S.openEulerArm, S.shared]));
    expect(await query(server, 'hw_disk_bus=virtio')).toEqual([S.privateFromEcs]);
    expect(await query(server, 'no_such_property=1')).toEqual([]);
    expect(await query(server, 'name=CentOS%207.3%2064bit%20vivado')).toEqual([S.docCentos]);
    expect(await query(server, 'name=CentOS+7.3+64bit+vivado')).toEqual([S.docCentos]);
  });

  it('filters by status, visibility, owner, tag, protected, member_status, min_disk', async () => {
    const { server, emulator } = await start();
    expect(await query(server, 'status=queued')).toEqual([S.queued]);
    expect(await query(server, 'visibility=shared')).toEqual([S.shared]);
    expect(await query(server, 'visibility=all')).toHaveLength(emulator.images().length);
    expect(await query(server, `owner=${PROJECT}`)).toEqual(
      sorted(
        emulator
          .images()
          .filter((i) => i.owner === PROJECT)
          .map((i) => i.id),
      ),
    );
    expect(await query(server, 'tag=web')).toEqual([S.privateFromEcs]);
    expect(await query(server, 'tag=web&tag=prod')).toEqual([S.privateFromEcs]);
    expect(await query(server, 'tag=web&tag=db')).toEqual([]);
    expect(await query(server, 'protected=false')).toEqual(
      sorted(
        emulator
          .images()
          .filter((i) => i.protected === false)
          .map((i) => i.id),
      ),
    );
    expect(await query(server, 'member_status=pending&visibility=shared')).toEqual([]);
    expect(await query(server, 'min_disk=100')).toEqual(
      sorted(
        emulator
          .images()
          .filter((i) => i.min_disk === 100)
          .map((i) => i.id),
      ),
    );
  });

  it('supports in: on id (missing ids skipped), name (quoted commas), status, disk_format; nothing elsewhere', async () => {
    const { server, emulator } = await start();
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await query(server, `id=in:${S.docCentos},${missing},${S.market}`)).toEqual(sorted([S.docCentos, S.market]));
    emulator.seedImage({
      id: 'c0ffee00-0000-4000-8000-000000000001',
      name: 'a,b',
      status: 'active',
      visibility: 'public',
      created_at: '2020-01-01T00:00:00Z',
    });
    expect(await query(server, `name=in:"a,b",${encodeURIComponent('CentOS 6.9 64bit')}`)).toEqual(
      sorted(['c0ffee00-0000-4000-8000-000000000001', S.centos69Xen]),
    );
    expect(await query(server, 'status=in:queued,killed')).toEqual(sorted([S.queued, S.killed]));
    expect(await query(server, 'disk_format=in:iso,zvhd')).toEqual(sorted([S.iso, S.centos69Xen]));
    expect(await query(server, '__platform=in:CentOS,Ubuntu')).toEqual([]);
  });

  it("with idInFilter 'ignored' returns the normal unfiltered page for id=in:", async () => {
    const { server } = await start({ idInFilter: 'ignored' });
    const filtered = await get(server, `/v2/images?id=in:${S.docCentos},${S.market}`);
    const plain = await get(server, '/v2/images');
    expect(ids(filtered)).toEqual(ids(plain));
    expect(ids(filtered).length).toBeGreaterThan(2);
  });

  it('compares created_at / updated_at with gt, gte, lt, lte, eq, neq', async () => {
    const { server, emulator } = await start();
    const all = emulator.images();
    const at = (pred: (t: number) => boolean, key = 'created_at') =>
      sorted(all.filter((i) => pred(Date.parse(i[key] as string))).map((i) => i.id));
    const t = Date.parse('2022-04-01T02:12:49Z');
    expect(await query(server, 'created_at=gt:2022-04-01T02:12:49Z')).toEqual(at((x) => x > t));
    expect(await query(server, 'created_at=gte:2022-04-01T02:12:49Z')).toEqual(at((x) => x >= t));
    expect(await query(server, 'created_at=lt:2022-04-01T02:12:49Z')).toEqual(at((x) => x < t));
    expect(await query(server, 'created_at=lte:2022-04-01T02:12:49Z')).toEqual(at((x) => x <= t));
    expect(await query(server, 'created_at=eq:2022-04-01T02:12:49Z')).toEqual([S.centosAmd]);
    expect(await query(server, 'created_at=2022-04-01T02:12:49Z')).toEqual([S.centosAmd]);
    expect(await query(server, 'created_at=neq:2022-04-01T02:12:49Z')).toHaveLength(all.length - 1);
    expect(await query(server, 'updated_at=gt:2024-06-01T00:00:00Z&created_at=lt:2024-07-01T00:00:00Z')).toEqual([
      S.dataDisk,
    ]);
  });

  it('answers 414 past the request-line limit: 200 ids fit in id=in:, 230 do not', async () => {
    const { server, emulator } = await start({ seed: false });
    const generated = emulator.generateImages(230);
    const list = (n: number) =>
      `/v2/images?limit=1000&id=in:${generated
        .slice(0, n)
        .map((i) => i.id)
        .join(',')}`;
    const fits = await get(server, list(200));
    expect(fits.status).toBe(200);
    expect(fits.json.images).toHaveLength(200);
    const tooLong = await get(server, list(230));
    expect(tooLong.status).toBe(414);
    expect(tooLong.text).toContain('414 Request-URI Too Large');

    const small = await start({ maxRequestLine: 100 });
    expect((await get(small.server, `/v2/images?name=${'x'.repeat(100)}`)).status).toBe(414);
  });
});

describe('IMS emulator: controls', () => {
  it('generates deterministic images with distinct created_at', () => {
    const a = createImsEmulator({ ak: AK, sk: SK, projectId: PROJECT, seed: false });
    const b = createImsEmulator({ ak: AK, sk: SK, projectId: PROJECT, seed: false });
    const made = a.generateImages(40);
    expect(b.generateImages(40)).toEqual(made);
    expect(new Set(made.map((i) => i.created_at)).size).toBe(40);
    expect(new Set(made.map((i) => i.__platform)).size).toBeGreaterThan(3);
    expect(made.some((i) => i.visibility === 'public') && made.some((i) => i.visibility === 'private')).toBe(true);
    expect(a.generateImages(2, { __platform: 'Fixed' }).every((i) => i.__platform === 'Fixed')).toBe(true);
    expect(a.images()).toHaveLength(42);
    a.seedImage({ id: 'x', name: 'n' });
    expect(a.image('x')).toEqual({
      id: 'x',
      name: 'n',
      self: '/v2/images/x',
      file: '/v2/images/x/file',
      schema: '/v2/schemas/image',
    });
    expect(createImsEmulator({ ak: AK, sk: SK, projectId: PROJECT }).images()).toHaveLength(IMS_SEED.imageCount);
  });
});
