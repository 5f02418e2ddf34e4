// Sources with `auth: { type: passthrough }` against the sandbox: the
// instance holds no credential, and each caller's own IAM token (sent to the
// gateway as X-Auth-Token) is what reaches the cloud, so each sees what the
// cloud lets it see. The emulators accept two project-scoped tokens: alice's
// (the sandbox project) and bob's (a project of his own, with his own
// private images). Under load, with both callers' requests interleaved and
// asking for the same ids, no response ever carries the other caller's data.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { SANDBOX_HUAWEI } from '../../../src/sandbox/index.js';
import { SOURCES } from '../../../src/sources/index.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { report } from '../../support/verbose.js';

const ALICE = 'MIIalice-iam-token-5f0c3a2b9d8e7f6a5b4c3d2e1f0a9b8c';
const BOB = 'MIIbob-iam-token-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e';
const ALICE_PROJECT = SANDBOX_HUAWEI.projectId;
const BOB_PROJECT = '7d6c5b4a39281706f5e4d3c2b1a09f8e';

const aliceIms = randomUUID();
const bobIms = randomUUID();
const aliceMa = randomUUID();
const bobMa = randomUUID();

let gw: TestGateway;

function imsPrivate(id: string, owner: string, name: string) {
  return {
    id,
    name,
    owner,
    visibility: 'private',
    status: 'active',
    created_at: '2024-05-01T10:00:00Z',
    updated_at: '2024-05-01T10:00:00Z',
    container_format: 'bare',
    disk_format: 'qcow2',
    tags: [],
    protected: false,
  };
}

function modelArtsPrivate(id: string, name: string) {
  return {
    id,
    name,
    status: 'ACTIVE',
    visibility: 'PRIVATE',
    type: 'DEDICATED',
    create_at: 1714557600000,
    arch: 'x86_64',
  };
}

beforeAll(async () => {
  const projectTokens = { [ALICE]: ALICE_PROJECT, [BOB]: BOB_PROJECT };
  gw = await startTestGateway({
    sandbox: { modelarts: { projectTokens }, ims: { projectTokens } },
    env: { MODELARTS_AUTH: 'passthrough', IMS_AUTH: 'passthrough', IMAGE_GATEWAY_UPSTREAM_RETRIES: '0' },
  });
  gw.sandbox.ims.emulator.seedImage(imsPrivate(aliceIms, ALICE_PROJECT, 'alice-private'));
  gw.sandbox.ims.emulator.seedImage(imsPrivate(bobIms, BOB_PROJECT, 'bob-private'));
  gw.sandbox.modelarts.emulator.seedImage(modelArtsPrivate(aliceMa, 'alice-notebook-image'));
  gw.sandbox.modelarts.emulator.inProject(BOB_PROJECT).seedImage(modelArtsPrivate(bobMa, 'bob-notebook-image'));
});
afterAll(async () => {
  await gw?.stop();
});
beforeEach(() => gw.sandbox.resetCalls());

const LOOKUPS = `query Lookups($aliceIms: ID!, $bobIms: ID!, $aliceMa: ID!, $bobMa: ID!, $aliceProject: String!, $bobProject: String!) {
  aliceIms: imsImage(id: $aliceIms) { nativeId name }
  bobIms: imsImage(id: $bobIms) { nativeId name }
  aliceMa: modelArtsImage(id: $aliceMa, projectId: $aliceProject) { nativeId name }
  bobMa: modelArtsImage(id: $bobMa, projectId: $bobProject) { nativeId name }
  images(filter: { providers: [IMS] }, first: 100) { nodes { nativeId name } }
}`;
const VARS = {
  aliceIms,
  bobIms,
  aliceMa,
  bobMa,
  aliceProject: ALICE_PROJECT,
  bobProject: BOB_PROJECT,
};

describe('passthrough configuration', () => {
  it('MODELARTS_AUTH / IMS_AUTH=passthrough: an instance that holds no credential; the file form too', () => {
    const config = loadConfig({ ...gw.sandbox.env, MODELARTS_AUTH: 'passthrough', IMS_AUTH: 'passthrough' }, SOURCES);
    const byProvider = Object.fromEntries(config.sources.map((s) => [s.provider, s]));
    expect(byProvider.MODELARTS.auth).toEqual({ type: 'passthrough' });
    // The project of ModelArts paths is still the SDK's variable.
    expect(byProvider.MODELARTS.project).toBe(SANDBOX_HUAWEI.projectId);
    expect(byProvider.IMS.auth).toEqual({ type: 'passthrough' });
    expect(byProvider.EHPC.auth.type).toBe('alibaba');
    expect(() => loadConfig({ ...gw.sandbox.env, IMS_AUTH: 'kerberos' }, SOURCES)).toThrow(
      'IMS_AUTH: unknown credential type "kerberos"',
    );
  });
});

describe('each caller sees what its own token sees', () => {
  it("alice: public images and her project's private ones; bob's private images are null for her", async () => {
    const res = await gw.query(LOOKUPS, VARS, { 'x-auth-token': ALICE });
    expect(res.body.data.aliceIms).toEqual({ nativeId: aliceIms, name: 'alice-private' });
    expect(res.body.data.bobIms).toBeNull();
    expect(res.body.data.aliceMa).toEqual({ nativeId: aliceMa, name: 'alice-notebook-image' });
    // bob's project is not alice's: the cloud refuses her token there.
    expect(res.body.data.bobMa).toBeNull();
    expect(res.body.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([[['bobMa'], 'FORBIDDEN']]);
    const names = res.body.data.images.nodes.map((n: { name: string }) => n.name);
    expect(names).toContain('alice-private');
    expect(names).not.toContain('bob-private');
    expect(names.length).toBeGreaterThan(5); // the public seed images
    // Every call carried alice's token, and only hers.
    const sent = [...gw.sandbox.ims.calls(), ...gw.sandbox.modelarts.calls()].map((c) => c.headers['x-auth-token']);
    expect(new Set(sent)).toEqual(new Set([ALICE]));
    expect([...gw.sandbox.ims.calls(), ...gw.sandbox.modelarts.calls()].every((c) => !c.headers.authorization)).toBe(
      true,
    );
  });

  it('bob: the mirror image', async () => {
    const res = await gw.query(LOOKUPS, VARS, { 'x-auth-token': BOB });
    expect(res.body.data.aliceIms).toBeNull();
    expect(res.body.data.bobIms).toEqual({ nativeId: bobIms, name: 'bob-private' });
    expect(res.body.data.aliceMa).toBeNull();
    expect(res.body.data.bobMa).toEqual({ nativeId: bobMa, name: 'bob-notebook-image' });
    const names = res.body.data.images.nodes.map((n: { name: string }) => n.name);
    expect(names).toContain('bob-private');
    expect(names).not.toContain('alice-private');
  });

  it("without X-Auth-Token: UNAUTHENTICATED on the passthrough sources' fields only, before any call to them", async () => {
    const res = await gw.query(
      `{ ims: imsImage(id: "${aliceIms}") { name } ma: modelArtsImage(id: "${aliceMa}") { name }
         ehpc: images(filter: { providers: [EHPC] }, first: 1) { nodes { provider } } }`,
    );
    expect(res.status).toBe(200);
    expect(res.body.data.ims).toBeNull();
    expect(res.body.data.ma).toBeNull();
    expect(res.body.data.ehpc.nodes).toEqual([{ provider: 'EHPC' }]);
    const errors = res.body.errors!.map((e) => [e.path, e.extensions!.code, e.extensions!.provider]).sort();
    expect(errors).toEqual([
      [['ims'], 'UNAUTHENTICATED', 'IMS'],
      [['ma'], 'UNAUTHENTICATED', 'MODELARTS'],
    ]);
    expect(res.body.errors![0].message).toMatch(/send it as X-Auth-Token/);
    expect(gw.sandbox.ims.calls()).toHaveLength(0);
    expect(gw.sandbox.modelarts.calls()).toHaveLength(0);
  });

  it('a token the cloud does not accept: UNAUTHENTICATED from the cloud, the token in no response or log line', async () => {
    const stale = 'MIIrevoked-token-9999999999999999999999999999';
    const before = gw.logs.length;
    const res = await gw.query(`{ imsImage(id: "${aliceIms}") { name } }`, undefined, { 'x-auth-token': stale });
    expect(res.body.data.imsImage).toBeNull();
    expect(res.body.errors![0].extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      provider: 'IMS',
      upstreamStatus: 401,
    });
    expect(res.text).not.toContain(stale);
    expect(gw.logs.slice(before).join('\n')).not.toContain(stale);
  });

  it("the caller's token is scrubbed from errors even when an upstream echoes it", async () => {
    gw.sandbox.ims.injectFault({
      // The id list, then the GET it falls back to after a 400.
      pathPrefix: '/v2/images',
      times: 2,
      status: 400,
      body: { error: { code: 'IMG.0001', message: `token ${ALICE} is not allowed here` } },
    });
    const before = gw.logs.length;
    const res = await gw.query(`{ imsImage(id: "${aliceIms}") { name } }`, undefined, { 'x-auth-token': ALICE });
    expect(res.body.errors![0].message).toContain('token [redacted] is not allowed here');
    expect(res.text).not.toContain(ALICE);
    expect(gw.logs.slice(before).join('\n')).not.toContain(ALICE);
  });
});

describe('two callers interleaved under load', () => {
  it('no response ever carries the other caller’s data, and every call carries its own caller’s token', async () => {
    const ROUNDS = 60;
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: ROUNDS }, async (_, i) => {
        const who = i % 2 === 0 ? 'alice' : 'bob';
        const res = await gw.query(LOOKUPS, VARS, { 'x-auth-token': who === 'alice' ? ALICE : BOB });
        return { who, res };
      }),
    );
    report(`passthrough: ${ROUNDS} interleaved requests in ${Math.round(performance.now() - started)} ms`);
    for (const { who, res } of results) {
      const data = res.body.data;
      const names = data.images.nodes.map((n: { name: string }) => n.name);
      const text = JSON.stringify(data);
      if (who === 'alice') {
        expect(data.aliceIms?.name).toBe('alice-private');
        expect(data.aliceMa?.name).toBe('alice-notebook-image');
        expect(names).toContain('alice-private');
        for (const other of [bobIms, bobMa, 'bob-private', 'bob-notebook-image']) expect(text).not.toContain(other);
      } else {
        expect(data.bobIms?.name).toBe('bob-private');
        expect(data.bobMa?.name).toBe('bob-notebook-image');
        expect(names).toContain('bob-private');
        for (const other of [aliceIms, aliceMa, 'alice-private', 'alice-notebook-image'])
          expect(text).not.toContain(other);
      }
    }
    const calls = [...gw.sandbox.ims.calls(), ...gw.sandbox.modelarts.calls()];
    // Per request: one IMS batch (or GETs) for the lookups, one list page, two ModelArts GETs.
    expect(calls.length).toBeGreaterThanOrEqual(ROUNDS * 4);
    const tokens = calls.map((c) => c.headers['x-auth-token']);
    expect(tokens.filter((t) => t === ALICE).length).toBe(tokens.filter((t) => t === BOB).length);
    expect(tokens.every((t) => t === ALICE || t === BOB)).toBe(true);
  });
});
