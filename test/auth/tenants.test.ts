// Tenants: instances in IMAGE_GATEWAY_CONFIG that list `tenants` exist only
// for callers of those tenants (here API keys; a JWT's tenants come from
// IMAGE_GATEWAY_TENANT_CLAIM the same way). ModelArts in two regions, one per
// tenant, each its own emulator, and IMS for everyone. A hidden instance's
// images never appear in `images` or `nodes`, lookups and mutations aimed at
// it are NOT_CONFIGURED worded exactly as for an instance that does not
// exist, nothing names it, and it receives no call.

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { encodeGlobalId } from '../../src/ids.js';
import { SANDBOX_HUAWEI, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { SOURCES } from '../../src/sources/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const SOUTH_PROJECT = '5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
const KEYS = {
  teamA: 'igw_team_a_key_7c1d9e2f4a6b8c0d',
  teamB: 'igw_team_b_key_3e5f7a9b1c2d4e6f',
  outsider: 'igw_outsider_key_0f1e2d3c4b5a6978',
};
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const LIST = `{ images(first: 200) { nodes { id provider region nativeId } } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Image { region nativeId } } }`;
const huawei = (projectId: string) => ({ type: 'aksk', ak: SANDBOX_HUAWEI.ak, sk: SANDBOX_HUAWEI.sk, projectId });

let north: Sandbox;
let south: Sandbox;
let gw: TestGateway;
let dir: string;
let southIds: string[];
let northIds: string[];

const as = (key: keyof typeof KEYS) => ({ 'x-api-key': KEYS[key] });
const gid = (region: string, project: string, nativeId: string) =>
  encodeGlobalId({ provider: 'MODELARTS', region, project, nativeId });

beforeAll(async () => {
  north = await startSandbox();
  south = await startSandbox({ modelarts: { projectId: SOUTH_PROJECT } });
  northIds = north.modelarts.emulator.generateImages(5).map((i) => i.id);
  // South's own images: ids that exist nowhere else.
  southIds = south.modelarts.emulator.generateImages(5).map((image) => image.id.replace(/^.{8}/, '5a5a5a5a'));
  for (const id of southIds)
    south.modelarts.emulator.seedImage({ id, name: `south-${id}`, status: 'ACTIVE', create_at: 1714557600000 });
  dir = mkdtempSync(path.join(tmpdir(), 'tenants-'));
  const config = {
    sources: [
      {
        provider: 'MODELARTS',
        name: 'modelarts-team-a',
        endpoint: north.endpoints.modelarts,
        region: 'cn-north-4',
        auth: huawei(SANDBOX_HUAWEI.projectId),
        tenants: ['team-a'],
        retries: 0,
      },
      {
        provider: 'MODELARTS',
        name: 'modelarts-team-b-secret',
        endpoint: south.endpoints.modelarts,
        region: 'cn-south-1',
        auth: huawei(SOUTH_PROJECT),
        tenants: ['team-b', 'platform'],
        retries: 0,
      },
      {
        provider: 'IMS',
        name: 'ims-shared',
        endpoint: north.endpoints.ims,
        region: 'cn-north-4',
        auth: huawei(SANDBOX_HUAWEI.projectId),
        retries: 0,
      },
    ],
  };
  const configFile = path.join(dir, 'gateway.json');
  writeFileSync(configFile, JSON.stringify(config));
  const keysFile = path.join(dir, 'keys.json');
  writeFileSync(
    keysFile,
    JSON.stringify([
      { name: 'team-a-ci', sha256: sha256(KEYS.teamA), scopes: ['images:read', 'images:write'], tenants: ['team-a'] },
      { name: 'team-b-ci', sha256: sha256(KEYS.teamB), scopes: ['images:read', 'images:write'], tenants: ['team-b'] },
      { name: 'outsider', sha256: sha256(KEYS.outsider), scopes: ['images:read'] },
    ]),
  );
  gw = await startTestGateway({
    env: { IMAGE_GATEWAY_CONFIG: configFile, IMAGE_GATEWAY_AUTH: 'apikey', IMAGE_GATEWAY_API_KEYS_FILE: keysFile },
    replaceEnv: true,
  });
});
afterAll(async () => {
  await gw?.stop();
  await north?.stop();
  await south?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  north.resetCalls();
  south.resetCalls();
});

/** Nothing in a response names the hidden instance: its name, its endpoint (port), its project. */
function expectNothingAboutSouth(text: string) {
  expect(text).not.toContain('modelarts-team-b-secret');
  expect(text).not.toContain(String(south.modelarts.port));
  expect(text).not.toContain(SOUTH_PROJECT);
}

describe('images and nodes', () => {
  it('each tenant lists its own instances and the shared ones; an outsider only the shared ones', async () => {
    const regions = async (key: keyof typeof KEYS) => {
      const res = await gw.query(LIST, undefined, as(key));
      expect(res.body.errors).toBeUndefined();
      return new Set(
        res.body.data.images.nodes.map((n: { provider: string; region: string }) => `${n.provider}:${n.region}`),
      );
    };
    expect(await regions('teamA')).toEqual(new Set(['MODELARTS:cn-north-4', 'IMS:cn-north-4']));
    expect(south.modelarts.calls()).toHaveLength(0);
    expect(await regions('teamB')).toEqual(new Set(['MODELARTS:cn-south-1', 'IMS:cn-north-4']));
    expect(await regions('outsider')).toEqual(new Set(['IMS:cn-north-4']));
  });

  it("another tenant's ids in nodes: null and NOT_CONFIGURED, worded as for a region no instance serves", async () => {
    const hidden = southIds.map((id) => gid('cn-south-1', SOUTH_PROJECT, id));
    const nowhere = southIds.map((id) => gid('cn-east-9', SOUTH_PROJECT, id));
    const res = await gw.query(
      NODES,
      { ids: [...hidden, ...nowhere, gid('cn-north-4', SANDBOX_HUAWEI.projectId, northIds[0])] },
      as('teamA'),
    );
    expect(res.body.data.nodes.slice(0, 10)).toEqual(Array(10).fill(null));
    expect(res.body.data.nodes[10]).toMatchObject({ nativeId: northIds[0] });
    const messages = res.body.errors!.map((e) => e.message);
    expect(messages.slice(0, 5)).toEqual(Array(5).fill('no MODELARTS source is configured for region "cn-south-1"'));
    expect(messages.slice(5)).toEqual(Array(5).fill('no MODELARTS source is configured for region "cn-east-9"'));
    const extensions = res.body.errors!.map((e) => ({ ...e.extensions, region: undefined }));
    expect(new Set(extensions.map((e) => JSON.stringify(e))).size).toBe(1);
    expect(res.body.errors![0].extensions).toEqual({
      code: 'NOT_CONFIGURED',
      provider: 'MODELARTS',
      region: 'cn-south-1',
    });
    expect(south.modelarts.calls()).toHaveLength(0);
    expectNothingAboutSouth(JSON.stringify(res.body.errors));
  });

  it('its own tenant reaches the same ids', async () => {
    const res = await gw.query(NODES, { ids: southIds.map((id) => gid('cn-south-1', SOUTH_PROJECT, id)) }, as('teamB'));
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.nodes.map((n: { nativeId: string }) => n.nativeId)).toEqual(southIds);
  });
});

describe('lookups and mutations aimed at a hidden instance', () => {
  it('modelArtsImage in its region: NOT_CONFIGURED, no call', async () => {
    const hidden = await gw.query(
      `{ modelArtsImage(id: "${southIds[0]}", region: "cn-south-1") { name } }`,
      undefined,
      as('teamA'),
    );
    const nowhere = await gw.query(
      `{ modelArtsImage(id: "${southIds[0]}", region: "cn-west-7") { name } }`,
      undefined,
      as('teamA'),
    );
    expect(hidden.body.data).toEqual({ modelArtsImage: null });
    expect(hidden.body.errors![0].message).toBe(nowhere.body.errors![0].message.replace('cn-west-7', 'cn-south-1'));
    expect(hidden.body.errors![0].extensions).toEqual({ ...nowhere.body.errors![0].extensions, region: 'cn-south-1' });
    expect(south.modelarts.calls()).toHaveLength(0);
    expectNothingAboutSouth(hidden.text);
  });

  it("a tenant's instance does not serve another project: its credentials never read it", async () => {
    // team-a's instance is in cn-north-4 for the sandbox project; south's project named explicitly is not its to serve.
    const res = await gw.query(
      `{ x: modelArtsImage(id: "${southIds[0]}", projectId: "${SOUTH_PROJECT}") { name } y: modelArtsImage(id: "${southIds[0]}", projectId: "00000000000000000000000000000000") { name } }`,
      undefined,
      as('teamA'),
    );
    expect(res.body.data).toEqual({ x: null, y: null });
    expect(res.body.errors!.map((e) => e.extensions!.code)).toEqual(['NOT_CONFIGURED', 'NOT_CONFIGURED']);
    expect(res.body.errors![0].message).toBe(
      res.body.errors![1].message.replace('00000000000000000000000000000000', SOUTH_PROJECT),
    );
    expect(north.modelarts.calls()).toHaveLength(0);
    expect(south.modelarts.calls()).toHaveLength(0);
  });

  it('a mutation in its region: NOT_CONFIGURED, no call; the owning tenant registers there', async () => {
    const REGISTER = `mutation($input: RegisterModelArtsImageInput!) { registerModelArtsImage(input: $input) { image { nativeId region } } }`;
    const input = {
      region: 'cn-south-1',
      swrPath: 'swr.cn-south-1.myhuaweicloud.com/team-b/train:1.0',
      arch: 'X86_64',
    };
    const refused = await gw.query(REGISTER, { input }, as('teamA'));
    expect(refused.body.errors![0].extensions).toEqual({
      code: 'NOT_CONFIGURED',
      provider: 'MODELARTS',
      region: 'cn-south-1',
    });
    expect(south.modelarts.calls()).toHaveLength(0);
    expectNothingAboutSouth(refused.text);
    const done = await gw.query(REGISTER, { input }, as('teamB'));
    expect(done.body.errors).toBeUndefined();
    expect(done.body.data.registerModelArtsImage.image.region).toBe('cn-south-1');
    expect(south.modelarts.calls().map((c) => c.method)).toEqual(['POST']);
  });
});

describe('what is said about instances without a caller', () => {
  it('/healthz names no instance while client authentication is on', async () => {
    const health = await (await fetch(new URL('/healthz', gw.url))).json();
    expect(health).toMatchObject({ status: 'ok' });
    expectNothingAboutSouth(JSON.stringify(health));
    expect(JSON.stringify(health)).not.toContain('cn-south-1');
  });

  it('/readyz gives its status alone, and /metrics (whose labels name instances) asks for a credential', async () => {
    const ready = await fetch(new URL('/readyz', gw.url));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });

    const scrape = await fetch(new URL('/metrics', gw.url));
    expect(scrape.status).toBe(401);
    expect(scrape.headers.get('www-authenticate')).toMatch(/^Bearer realm="image-gateway"/);
    const refusal = await scrape.text();
    expect(JSON.parse(refusal)).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expectNothingAboutSouth(refusal);
    const wrongKey = await fetch(new URL('/metrics', gw.url), { headers: { 'x-api-key': `${KEYS.teamA}x` } });
    expect(wrongKey.status).toBe(401);

    const known = await fetch(new URL('/metrics', gw.url), { headers: as('outsider') });
    expect(known.status).toBe(200);
    expect(await known.text()).toContain('image_gateway_graphql_requests_total');
  });

  it('the GraphiQL page shows no example bound to a tenant instance', async () => {
    const page = await (await fetch(gw.url, { headers: { accept: 'text/html' } })).text();
    expect(page).not.toContain(Buffer.from('cn-south-1').toString('base64url').slice(0, 8));
    expectNothingAboutSouth(page);
  });
});

describe('configuration', () => {
  const file = (content: unknown) => {
    const name = path.join(dir, `c-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(name, JSON.stringify(content));
    return name;
  };
  const source = (extra: Record<string, unknown>) => ({
    sources: [
      { provider: 'IMS', name: 'lab', endpoint: 'https://glance.lab.example', auth: { type: 'none' }, ...extra },
    ],
  });

  it('tenants need client authentication', () => {
    expect(() => loadConfig({ IMAGE_GATEWAY_CONFIG: file(source({ tenants: ['x'] })) }, SOURCES)).toThrow(ConfigError);
    expect(() => loadConfig({ IMAGE_GATEWAY_CONFIG: file(source({ tenants: ['x'] })) }, SOURCES)).toThrow(
      'source "lab" lists tenants, which need client authentication',
    );
  });

  it('an empty tenants list is an error naming the key', () => {
    expect(() =>
      loadConfig({ IMAGE_GATEWAY_CONFIG: file(source({ tenants: [] })), IMAGE_GATEWAY_AUTH: 'none' }, SOURCES),
    ).toThrow(/sources\[0\]\.tenants: /);
  });
});
