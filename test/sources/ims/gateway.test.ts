// The real gateway over HTTP against the IMS sandbox emulator: data, and the
// number of upstream calls (batching by `id=in:` is a claim: counted here from
// what the emulator received), the raw paths on the wire, and how every kind
// of upstream failure reaches the client.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { Env } from '../../../src/config/index.js';
import { encodeGlobalId } from '../../../src/ids.js';
import { IMS_SEED_IDS, SANDBOX_HUAWEI, type RecordedCall, type SandboxOptions } from '../../../src/sandbox/index.js';
import { startTestGateway, type GraphQLResult, type TestGateway } from '../../support/gateway.js';

const P = SANDBOX_HUAWEI.projectId;
const REGION = SANDBOX_HUAWEI.region;
const DOC_ID = IMS_SEED_IDS.docCentos;
const MISSING = [
  '00000000-0000-4000-8000-000000000001',
  '00000000-0000-4000-8000-000000000002',
  '00000000-0000-4000-8000-000000000003',
];

const gid = (nativeId: string) => encodeGlobalId({ provider: 'IMS', region: REGION, project: P, nativeId });
const lists = (gw: TestGateway): RecordedCall[] => gw.sandbox.ims.calls().filter((c) => c.rawPath === '/v2/images');
const gets = (gw: TestGateway): RecordedCall[] =>
  gw.sandbox.ims.calls().filter((c) => c.rawPath.startsWith('/v2/images/'));

const NODES = `query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on ImsImage { nativeId name status } } }`;

const started: TestGateway[] = [];
async function gateway(env: Env = {}, sandbox?: SandboxOptions): Promise<TestGateway> {
  const gw = await startTestGateway({
    sandbox,
    env: {
      IMAGE_GATEWAY_UPSTREAM_CONCURRENCY: '4',
      IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS: '400',
      IMAGE_GATEWAY_UPSTREAM_RETRIES: '1',
      ...env,
    },
  });
  started.push(gw);
  return gw;
}
afterAll(async () => {
  await Promise.all(started.map((gw) => gw.stop()));
});

describe('IMS details through the gateway', () => {
  it('reads the documented example by native id and by global id, every field', async () => {
    const gw = await gateway();
    const fields = `__typename id provider nativeId region projectId name description status vendorStatus architecture
      sizeBytes createdAt updatedAt visibility file owner size self schema glanceStatus tags glanceVisibility checksum
      protected containerFormat minRam maxRam diskFormat virtualSize minDisk osBit osVersion isregistered platform osType
      systemCmkid virtualEnvType imageSourceType imagetype originalimagename backupId productcode imageSize dataOrigin
      rootOrigin lazyloading activeAt osFeatureList { name value } sequenceNum supportKvm supportXen supportLargememory
      supportDiskintensive supportHighperformance supportXenGpuType supportKvmGpuType supportXenHana supportKvmInfiniband
      supportFcInject enterpriseProjectId isOffshelved hwFirmwareType hwVifMultiqueueEnabled supportArm supportAgentList
      accountCode imageLocation isConfigInit supportAmd properties`;
    const byNative = await gw.query(`query($id: ID!) { imsImage(id: $id) { ${fields} } }`, { id: DOC_ID });
    expect(byNative.body.errors).toBeUndefined();
    const image = byNative.body.data.imsImage;
    expect(image).toMatchObject({
      __typename: 'ImsImage',
      id: gid(DOC_ID),
      provider: 'IMS',
      nativeId: DOC_ID,
      region: REGION,
      projectId: P,
      name: 'CentOS 7.3 64bit vivado',
      description: null,
      status: 'ACTIVE',
      vendorStatus: 'active',
      architecture: null,
      visibility: 'PUBLIC',
      createdAt: '2018-09-06T14:03:27.000Z',
      updatedAt: '2018-09-06T15:17:33.000Z',
      owner: '1bed856811654c1cb661a6ca845ebc77',
      glanceStatus: 'ACTIVE',
      glanceVisibility: 'PUBLIC',
      tags: [],
      protected: true,
      checksum: 'd41d8cd98f00b204e9800998ecf8427e',
      containerFormat: 'bare',
      minRam: 2048,
      minDisk: 100,
      diskFormat: 'zvhd2',
      virtualSize: null,
      osBit: 64,
      osVersion: 'CentOS 7.3 64bit',
      isregistered: true,
      lazyloading: true,
      platform: 'CentOS',
      osType: 'LINUX',
      imagetype: 'GOLD',
      virtualEnvType: 'FUSION_COMPUTE',
      imageSourceType: 'uds',
      properties: {},
    });
    expect(String(image.sizeBytes)).toBe('0');
    expect(String(image.size)).toBe('0');
    // One call: the single id still goes through the list (and is found there).
    expect(lists(gw)).toHaveLength(1);
    expect(gets(gw)).toHaveLength(0);

    gw.sandbox.resetCalls();
    const byGlobal = await gw.query(`query($id: ID!) { imsImage(id: $id) { nativeId } node(id: $id) { id } }`, {
      id: gid(DOC_ID),
    });
    expect(byGlobal.body.errors).toBeUndefined();
    expect(byGlobal.body.data).toEqual({ imsImage: { nativeId: DOC_ID }, node: { id: gid(DOC_ID) } });
    expect(lists(gw)).toHaveLength(1); // two fields, one id, one call
  });

  it('maps the richer seeds: ARM, agents, features, BigInt image size, extra properties', async () => {
    const gw = await gateway();
    const result = await gw.query(`{
      ubuntu: imsImage(id: "${IMS_SEED_IDS.ubuntu2204}") { architecture supportAgentList osFeatureList { name value } lazyloading sizeBytes imageSize supportAmd hwFirmwareType }
      arm: imsImage(id: "${IMS_SEED_IDS.openEulerArm}") { architecture supportArm hwFirmwareType }
      ecs: imsImage(id: "${IMS_SEED_IDS.privateFromEcs}") { sizeBytes visibility properties description }
      killed: imsImage(id: "${IMS_SEED_IDS.killed}") { status vendorStatus }
      queued: imsImage(id: "${IMS_SEED_IDS.queued}") { status sizeBytes }
    }`);
    expect(result.body.errors).toBeUndefined();
    const d = result.body.data;
    expect(d.ubuntu).toMatchObject({
      // __support_amd "false" says "not AMD" (it may be Intel): without __support_arm the ISA is not stated.
      architecture: null,
      supportAgentList: ['hss', 'ces'],
      lazyloading: true,
      supportAmd: false,
      hwFirmwareType: 'BIOS',
    });
    expect(String(d.ubuntu.sizeBytes)).toBe('2866741248');
    expect(d.ubuntu.osFeatureList).toContainEqual({ name: 'onekey_resetpasswd', value: 'true' });
    expect(d.arm).toEqual({ architecture: 'AARCH64', supportArm: true, hwFirmwareType: 'UEFI' });
    expect(String(d.ecs.sizeBytes)).toBe('42949672960');
    expect(d.ecs.visibility).toBe('PRIVATE');
    expect(d.ecs.properties).toEqual({ hw_disk_bus: 'virtio' });
    expect(d.killed).toEqual({ status: 'FAILED', vendorStatus: 'killed' });
    expect(d.queued.status).toBe('QUEUED');
    // Five ids, one list call.
    expect(lists(gw)).toHaveLength(1);
    expect(gets(gw)).toHaveLength(0);
  });

  it('answers null without an error for a missing image, after a per-id GET', async () => {
    const gw = await gateway();
    const result = await gw.query(`{ imsImage(id: "${MISSING[0]}") { id } node(id: "${gid(MISSING[1])}") { id } }`);
    expect(result.body).toEqual({ data: { imsImage: null, node: null } });
    expect(lists(gw)).toHaveLength(1);
    expect(
      gets(gw)
        .map((c) => c.rawPath)
        .sort(),
    ).toEqual([`/v2/images/${MISSING[0]}`, `/v2/images/${MISSING[1]}`]);
  });

  it('refuses a global id of another provider, and ids that cannot be a path segment', async () => {
    const gw = await gateway();
    const other = encodeGlobalId({ provider: 'MODELARTS', region: REGION, project: P, nativeId: DOC_ID });
    const result = await gw.query(
      `query($a: ID!) { a: imsImage(id: $a) { id } b: imsImage(id: "..") { id } c: imsImage(id: "") { id } }`,
      { a: other },
    );
    expect(result.body.data).toEqual({ a: null, b: null, c: null });
    expect(result.body.errors?.map((e) => [e.path?.[0], e.extensions?.code])).toEqual(
      expect.arrayContaining([
        ['a', 'BAD_USER_INPUT'],
        ['b', 'BAD_USER_INPUT'],
        ['c', 'BAD_USER_INPUT'],
      ]),
    );
    expect(gw.sandbox.ims.calls()).toHaveLength(0);
  });

  it('keeps path-escape ids inside /v2/images/<one encoded segment>, never in the in: list', async () => {
    const gw = await gateway();
    const ids = ['../', '%2e%2e', 'a/b', 'x?y=1', 'a,b', '"q"'];
    const result = await gw.query(
      `query($ids: [ID!]!) { ${ids.map((_, i) => `i${i}: imsImage(id: $ids_${i}) { id }`).join(' ')} }`.replace(
        'query($ids: [ID!]!)',
        `query(${ids.map((_, i) => `$ids_${i}: ID!`).join(', ')})`,
      ),
      Object.fromEntries(ids.map((id, i) => [`ids_${i}`, id])),
    );
    expect(result.body.errors).toBeUndefined();
    expect(Object.values(result.body.data)).toEqual(ids.map(() => null));
    expect(lists(gw)).toHaveLength(0);
    expect(
      gets(gw)
        .map((c) => c.rawPath)
        .sort(),
    ).toEqual(['..%2F', '%252e%252e', 'a%2Fb', 'x%3Fy%3D1', 'a%2Cb', '%22q%22'].map((s) => `/v2/images/${s}`).sort());
  });
});

describe('IMS batching by id=in:', () => {
  it('50 existing ids → exactly 1 list call (limit ≥ 50) and no GET', async () => {
    const gw = await gateway();
    const images = gw.sandbox.ims.emulator.generateImages(50);
    const ids = images.map((i) => gid(i.id));
    const result = await gw.query(NODES, { ids });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.nodes.map((n: { nativeId: string }) => n.nativeId)).toEqual(images.map((i) => i.id));
    expect(lists(gw)).toHaveLength(1);
    expect(gets(gw)).toHaveLength(0);
    const [list] = lists(gw);
    expect(Number(list.query.limit?.[0])).toBeGreaterThanOrEqual(50);
    expect(list.query.id?.[0]).toBe(`in:${images.map((i) => i.id).join(',')}`);
  });

  it('3 missing among 50 → 1 list + 3 GETs, nulls in their places; duplicates asked once', async () => {
    const gw = await gateway();
    const images = gw.sandbox.ims.emulator.generateImages(47);
    const native = [...images.map((i) => i.id)];
    native.splice(10, 0, MISSING[0]);
    native.splice(20, 0, MISSING[1]);
    native.push(MISSING[2], images[0].id); // a duplicate too
    const result = await gw.query(NODES, { ids: native.map(gid) });
    expect(result.body.errors).toBeUndefined();
    const got = result.body.data.nodes.map((n: { nativeId: string } | null) => n?.nativeId ?? null);
    expect(got).toEqual(native.map((id) => (MISSING.includes(id) ? null : id)));
    expect(lists(gw)).toHaveLength(1);
    expect(
      gets(gw)
        .map((c) => c.rawPath)
        .sort(),
    ).toEqual(MISSING.map((id) => `/v2/images/${id}`).sort());
  });

  it('400 ids → ceil(400/150) = 3 list calls, chunks of at most 150', async () => {
    const gw = await gateway();
    const images = gw.sandbox.ims.emulator.generateImages(400);
    const result = await gw.query(NODES, { ids: images.map((i) => gid(i.id)) });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.nodes.filter(Boolean)).toHaveLength(400);
    expect(lists(gw)).toHaveLength(3);
    expect(gets(gw)).toHaveLength(0);
    const sizes = lists(gw).map((c) => c.query.id[0].slice(3).split(',').length);
    expect(sizes.sort((a, b) => a - b)).toEqual([100, 150, 150]);
    for (const call of lists(gw)) {
      const line = `GET /v2/images?${new URLSearchParams(Object.entries(call.query).flatMap(([k, vs]) => vs.map((v) => [k, v]))).toString()} HTTP/1.1`;
      expect(line.length).toBeLessThan(8192);
    }
  });

  it('IMS_BATCH_SIZE sets the chunk size', async () => {
    const gw = await gateway({ IMS_BATCH_SIZE: '20' });
    const images = gw.sandbox.ims.emulator.generateImages(50);
    await gw.query(NODES, { ids: images.map((i) => gid(i.id)) });
    expect(lists(gw)).toHaveLength(3);
  });

  it('an endpoint that ignores id=in: still gives right answers, then stops listing', async () => {
    const gw = await gateway({}, { ims: { idInFilter: 'ignored' } });
    const images = gw.sandbox.ims.emulator.generateImages(30);
    const wanted = [images[3].id, images[17].id, IMS_SEED_IDS.docCentos, MISSING[0]];
    const first = await gw.query(NODES, { ids: wanted.map(gid) });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.nodes.map((n: { nativeId: string } | null) => n?.nativeId ?? null)).toEqual([
      ...wanted.slice(0, 3),
      null,
    ]);
    expect(lists(gw)).toHaveLength(1);
    // Whatever the unfiltered page happened to hold, each asked id was confirmed by its own GET or the list.
    expect(gets(gw).length).toBeGreaterThanOrEqual(1);
    expect(gw.logs.some((line) => line.includes('ignores the id=in: list filter'))).toBe(true);

    gw.sandbox.resetCalls();
    const second = await gw.query(NODES, { ids: wanted.map(gid) });
    expect(second.body.data).toEqual(first.body.data);
    expect(lists(gw)).toHaveLength(0);
    expect(gets(gw)).toHaveLength(4);
  });

  it('IMS_BATCH_BY_ID=0 → one GET per distinct id, deduped, at most `concurrency` in flight', async () => {
    const gw = await gateway({ IMS_BATCH_BY_ID: '0', IMAGE_GATEWAY_UPSTREAM_CONCURRENCY: '3' });
    const images = gw.sandbox.ims.emulator.generateImages(12);
    const ids = [...images.map((i) => i.id), images[0].id, images[1].id].map(gid);
    const result = await gw.query(NODES, { ids });
    expect(result.body.errors).toBeUndefined();
    expect(lists(gw)).toHaveLength(0);
    expect(gets(gw)).toHaveLength(12);
    const calls = gets(gw);
    const overlap = Math.max(
      ...calls.map((c) => calls.filter((o) => o.startedAt <= c.startedAt && o.endedAt > c.startedAt).length),
    );
    expect(overlap).toBeLessThanOrEqual(3);
  });

  it('414 from a list → the chunk is split and retried smaller, answers intact', async () => {
    const gw = await gateway({}, { ims: { maxRequestLine: 3000 } });
    const images = gw.sandbox.ims.emulator.generateImages(100);
    const result = await gw.query(NODES, { ids: images.map((i) => gid(i.id)) });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.nodes.filter(Boolean)).toHaveLength(100);
    const statuses = lists(gw).map((c) => c.status);
    expect(statuses.filter((s) => s === 414).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
    expect(gets(gw)).toHaveLength(0);
  });
});

describe('IMS failures', () => {
  it('bad AK/SK → UNAUTHENTICATED with provider, vendor code and request id, on the field path only', async () => {
    const gw = await gateway({ HUAWEICLOUD_SDK_SK: 'wrong-secret-key-000000000000000000' });
    const result = await gw.query(`{ imsImage(id: "${DOC_ID}") { id } }`);
    expect(result.body.data).toEqual({ imsImage: null });
    expect(result.body.errors).toHaveLength(1);
    const [error] = result.body.errors!;
    expect(error.path).toEqual(['imsImage']);
    expect(error.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      provider: 'IMS',
      vendorCode: 'APIG.0301',
      upstreamStatus: 401,
    });
    expect(error.extensions!.requestId).toEqual(expect.any(String));
    expect(result.text).not.toContain('wrong-secret-key');
  });

  it('X-Project-Id of another project → FORBIDDEN (APIG.0302)', async () => {
    const gw = await gateway({ HUAWEICLOUD_SDK_PROJECT_ID: 'ffffffffffffffffffffffffffffffff' });
    const result = await gw.query(`{ imsImage(id: "${DOC_ID}") { id } }`);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      provider: 'IMS',
      vendorCode: 'APIG.0302',
    });
  });

  it('5xx with an IMS error body → UPSTREAM_UNAVAILABLE with IMG code; the rest of the query resolves', async () => {
    const gw = await gateway();
    gw.sandbox.ims.injectFault({
      status: 503,
      times: Infinity,
      body: { error: { code: 'IMG.0500', message: 'Internal error' } },
      headers: { 'x-request-id': 'req-ims-500' },
    });
    const result = await gw.query(
      `{ imsImage(id: "${DOC_ID}") { id } modelArtsImage(id: "278e88d1-5b71-4766-8502-b3ba72e824d9") { nativeId } }`,
    );
    expect(result.body.data.imsImage).toBeNull();
    expect(result.body.data.modelArtsImage).toEqual({ nativeId: '278e88d1-5b71-4766-8502-b3ba72e824d9' });
    expect(result.body.errors?.[0]).toMatchObject({
      path: ['imsImage'],
      extensions: {
        code: 'UPSTREAM_UNAVAILABLE',
        provider: 'IMS',
        vendorCode: 'IMG.0500',
        requestId: 'req-ims-500',
        upstreamStatus: 503,
      },
    });
    // A 503 to a GET is retried (IMAGE_GATEWAY_UPSTREAM_RETRIES=1): 2 attempts, then the error.
    expect(lists(gw)).toHaveLength(2);
    expect(gets(gw)).toHaveLength(0);

    gw.sandbox.ims.clearFaults();
    gw.sandbox.resetCalls();
    gw.sandbox.ims.injectFault({ status: 500, body: { error: { code: 'IMG.0500', message: 'x' } }, times: Infinity });
    const plain500 = await gw.query(`{ imsImage(id: "${DOC_ID}") { id } }`);
    expect(plain500.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      vendorCode: 'IMG.0500',
    });
  });

  it('garbage → UPSTREAM_BAD_RESPONSE', async () => {
    const gw = await gateway();
    gw.sandbox.ims.injectFault({ status: 200, body: '<html>hello</html>', headers: { 'content-type': 'text/html' } });
    const a = await gw.query(`{ imsImage(id: "${DOC_ID}") { id } }`);
    expect(a.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'IMS' });
    gw.sandbox.ims.injectFault({ status: 200, body: { images: 'nope' } });
    const b = await gw.query(`{ imsImage(id: "${DOC_ID}") { id } }`);
    expect(b.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'IMS' });
  });

  it('a failing list fails only the ids of its chunk, each at its own path', async () => {
    const gw = await gateway({ IMAGE_GATEWAY_UPSTREAM_RETRIES: '0' });
    gw.sandbox.ims.injectFault({ status: 503, pathPrefix: '/v2/images', times: 1 });
    const result = await gw.query(NODES, { ids: [gid(DOC_ID), gid(IMS_SEED_IDS.ubuntu2204)] });
    expect(result.body.data.nodes).toEqual([null, null]);
    expect(result.body.errors?.map((e) => e.path)).toEqual([
      ['nodes', 0],
      ['nodes', 1],
    ]);
    expect(result.body.errors?.every((e) => e.extensions?.code === 'UPSTREAM_UNAVAILABLE')).toBe(true);
  });
});

describe('IMS auth modes', () => {
  it('X-Auth-Token (HUAWEICLOUD_AUTH_TOKEN)', async () => {
    const gw = await gateway({
      HUAWEICLOUD_SDK_AK: '',
      HUAWEICLOUD_SDK_SK: '',
      HUAWEICLOUD_AUTH_TOKEN: SANDBOX_HUAWEI.token,
    });
    const result = await gw.query(`{ imsImage(id: "${DOC_ID}") { nativeId } }`);
    expect(result.body).toEqual({ data: { imsImage: { nativeId: DOC_ID } } });
    const [call] = gw.sandbox.ims.calls();
    expect(call.headers['x-auth-token']).toBe(SANDBOX_HUAWEI.token);
    expect(call.headers.authorization).toBeUndefined();
  });

  it('Keystone password auth: one token for many requests, renewed before expiry, refreshed once on 401, never logged', async () => {
    // A Keystone that issues the sandbox's IAM token, with a short life.
    const posts: Array<{ body: string }> = [];
    let lifetimeMs = 60 * 60_000;
    let acceptPassword = 'pw-s3cret';
    const keystone = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        posts.push({ body });
        const password = JSON.parse(body).auth.identity.password.user.password;
        if (req.method !== 'POST' || req.url !== '/v3/auth/tokens' || password !== acceptPassword) {
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":401}}');
          return;
        }
        res.writeHead(201, { 'content-type': 'application/json', 'x-subject-token': SANDBOX_HUAWEI.token });
        res.end(
          JSON.stringify({
            token: { expires_at: new Date(Date.now() + lifetimeMs).toISOString(), project: { id: P } },
          }),
        );
      });
    });
    await new Promise<void>((r) => keystone.listen(0, '127.0.0.1', r));
    const authUrl = `http://127.0.0.1:${(keystone.address() as AddressInfo).port}/v3`;
    try {
      const gw = await gateway({
        HUAWEICLOUD_SDK_AK: '',
        HUAWEICLOUD_SDK_SK: '',
        OS_AUTH_URL: authUrl,
        OS_USERNAME: 'alice',
        OS_PASSWORD: 'pw-s3cret',
        OS_PROJECT_NAME: 'proj-a',
        OS_USER_DOMAIN_NAME: 'Default',
        OS_PROJECT_DOMAIN_NAME: 'Default',
      });
      const q = `{ a: imsImage(id: "${DOC_ID}") { nativeId } b: imsImage(id: "${MISSING[0]}") { nativeId } }`;
      for (let i = 0; i < 3; i += 1) expect((await gw.query(q)).body.errors).toBeUndefined();
      expect(posts).toHaveLength(1);
      expect(JSON.parse(posts[0].body).auth.scope.project).toEqual({ name: 'proj-a', domain: { name: 'Default' } });

      // A 401 (a revoked token) → one new token, the call repeated once.
      gw.sandbox.resetCalls();
      gw.sandbox.ims.injectFault({
        status: 401,
        body: { error_code: 'APIG.0301', error_msg: 'token expired' },
        times: 1,
      });
      const afterRevoke = await gw.query(`{ imsImage(id: "${DOC_ID}") { nativeId } }`);
      expect(afterRevoke.body).toEqual({ data: { imsImage: { nativeId: DOC_ID } } });
      expect(posts).toHaveLength(2);
      expect(lists(gw)).toHaveLength(2);

      // A token about to expire is renewed before use (short life: renewed at half of it).
      lifetimeMs = 600;
      gw.sandbox.ims.injectFault({ status: 401, times: 1 });
      await gw.query(`{ imsImage(id: "${IMS_SEED_IDS.ubuntu2204}") { nativeId } }`); // 401 → token #3 (600 ms)
      expect(posts).toHaveLength(3);
      await new Promise((r) => setTimeout(r, 400));
      await gw.query(`{ imsImage(id: "${IMS_SEED_IDS.bms}") { nativeId } }`);
      expect(posts).toHaveLength(4);

      // A refused password → UNAUTHENTICATED on the field, and no retry storm against Keystone.
      acceptPassword = 'changed';
      await new Promise((r) => setTimeout(r, 400)); // token #4 (600 ms) is past half its life
      const before = posts.length;
      const refused = await gw.query(`{ imsImage(id: "${IMS_SEED_IDS.iso}") { nativeId } }`);
      expect(refused.body.data).toEqual({ imsImage: null });
      expect(refused.body.errors?.[0]).toMatchObject({
        path: ['imsImage'],
        extensions: { code: 'UNAUTHENTICATED', provider: 'IMS' },
      });
      expect(posts.length - before).toBe(1);

      const logs = gw.logs.join('\n');
      expect(logs).not.toContain('pw-s3cret');
      expect(logs).not.toContain(SANDBOX_HUAWEI.token);
      expect(refused.text).not.toContain('pw-s3cret');
    } finally {
      keystone.closeAllConnections();
      await new Promise((r) => keystone.close(r));
    }
  });
});

describe('IMS GraphiQL examples', () => {
  it('run against the sandbox without errors', async () => {
    const { IMS_EXAMPLES } = await import('../../../src/sources/ims/examples.js');
    const gw = await gateway();
    for (const example of IMS_EXAMPLES) {
      const result = await gw.query(example.document, example.variables);
      expect(result.body.errors, example.name).toBeUndefined();
    }
    const batched = await gw.query(IMS_EXAMPLES.find((e) => e.name === 'ImsImagesBatched')!.document);
    expect(batched.body.data.missing).toBeNull();
    expect(batched.body.data.openEulerArm.architecture).toBe('AARCH64');
  });
});

describe('IMS listing (Query.images)', () => {
  const PAGE = `query Page($first: Int, $after: String, $filter: ImageFilter) {
    images(first: $first, after: $after, filter: $filter) {
      nodes { nativeId createdAt status architecture visibility name }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  async function all(gw: TestGateway, filter: Record<string, unknown>, first: number) {
    const out: Array<{
      nativeId: string;
      createdAt: string;
      status: string;
      architecture: string | null;
      visibility: string;
      name: string;
    }> = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i += 1) {
      const result: GraphQLResult = await gw.query(PAGE, { first, after, filter: { providers: ['IMS'], ...filter } });
      expect(result.body.errors).toBeUndefined();
      out.push(...result.body.data.images.nodes);
      if (!result.body.data.images.pageInfo.hasNextPage) return out;
      after = result.body.data.images.pageInfo.endCursor;
    }
    throw new Error('did not end');
  }

  it('pages newest first by Glance markers, every image exactly once', async () => {
    const gw = await gateway();
    gw.sandbox.ims.emulator.generateImages(40);
    const expected = gw.sandbox.ims.emulator
      .images()
      .sort((a, b) => (a.created_at! < b.created_at! ? 1 : a.created_at! > b.created_at! ? -1 : a.id < b.id ? 1 : -1))
      .map((i) => i.id);
    const got = await all(gw, {}, 7);
    expect(got.map((i) => i.nativeId)).toEqual(expected);
    const calls = lists(gw);
    expect(calls.every((c) => c.query.sort_key?.[0] === 'created_at' && c.query.sort_dir?.[0] === 'desc')).toBe(true);
    expect(calls.some((c) => c.query.marker !== undefined)).toBe(true);
    // About one list call per page; resuming may re-read the partly consumed upstream page (listing.ts).
    expect(calls.length).toBeLessThanOrEqual(2 * Math.ceil(expected.length / 7) + 1);
  });

  it('pushes status, one visibility and created_at down; filters name and architecture itself', async () => {
    const gw = await gateway();
    gw.sandbox.ims.emulator.generateImages(60);
    const after = '2024-01-10T00:00:00Z';
    const got = await all(
      gw,
      {
        status: ['ACTIVE'],
        visibility: ['PRIVATE'],
        createdAfter: after,
        nameContains: 'GEN-IMAGE',
        architecture: ['AARCH64'],
      },
      5,
    );
    const expected = gw.sandbox.ims.emulator
      .images()
      .filter(
        (i) =>
          i.status === 'active' &&
          i.visibility === 'private' &&
          i.created_at! > after &&
          String(i.name).includes('gen-image') &&
          i.__support_arm === 'true',
      )
      .map((i) => i.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(got.map((i) => i.nativeId).sort()).toEqual(expected);
    for (const call of lists(gw)) {
      expect(call.query.status).toEqual(['active']);
      expect(call.query.visibility).toEqual(['private']);
      expect(call.query.created_at).toEqual([`gt:${after}`]);
    }
  });
});
