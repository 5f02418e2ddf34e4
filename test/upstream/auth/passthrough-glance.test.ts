// Passthrough against a real OpenStack Glance behind a real Keystone
// (test/support/openstack.ts): the gateway holds no credential for IMS, and
// each caller's own Keystone token decides what it sees. A member sees the
// public images and their own project's private ones, another project's
// private image is null for them, and a revoked token, or one Keystone
// cannot read (as after its keys rotated), is UNAUTHENTICATED. Missing
// packages fail the suite with a message naming scripts/install-system-deps.sh.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../../src/ids.js';
import { startOpenStack, type GlanceImage, type OpenStack } from '../../support/openstack.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

let os: OpenStack;
let gw: TestGateway;
let publicImage: GlanceImage;
let alicePrivate: GlanceImage;
let bobPrivate: GlanceImage;

const LOOKUP = `query($pub: ID!, $alice: ID!, $bob: ID!, $ids: [ID!]!) {
  pub: imsImage(id: $pub) { nativeId name visibility }
  alice: imsImage(id: $alice) { nativeId name visibility }
  bob: imsImage(id: $bob) { nativeId name visibility }
  nodes(ids: $ids) { ... on Image { nativeId } }
  images(filter: { providers: [IMS] }, first: 100) { nodes { nativeId name } }
}`;
// The passthrough instance names no project: its global ids carry none.
const gid = (nativeId: string) => encodeGlobalId({ provider: 'IMS', region: 'RegionOne', project: '', nativeId });
const vars = () => ({
  pub: publicImage.id,
  alice: alicePrivate.id,
  bob: bobPrivate.id,
  ids: [publicImage.id, alicePrivate.id, bobPrivate.id].map(gid),
});

beforeAll(async () => {
  os = await startOpenStack();
  publicImage = await os.createImage('admin', { name: 'passthrough-public', visibility: 'public' });
  alicePrivate = await os.createImage('alice', { name: 'passthrough-alice-private', visibility: 'private' });
  bobPrivate = await os.createImage('bob', { name: 'passthrough-bob-private', visibility: 'private' });
  gw = await startTestGateway({
    env: {
      IMS_ENDPOINT: os.glanceUrl,
      IMS_AUTH: 'passthrough',
      OS_REGION_NAME: 'RegionOne',
      IMAGE_GATEWAY_UPSTREAM_RETRIES: '0',
    },
    replaceEnv: true,
  });
}, 240_000);
afterAll(async () => {
  await gw?.stop();
  await os?.stop();
});
beforeEach(() => os.resetGlanceRequestLog());

const names = (data: any) => data.images.nodes.map((n: { name: string }) => n.name);

describe('each member with their own Keystone token', () => {
  it("alice: public and proj-a's private images; bob's private image is null, without an error", async () => {
    const res = await gw.query(LOOKUP, vars(), { 'x-auth-token': await os.token('alice') });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.pub).toMatchObject({ nativeId: publicImage.id, visibility: 'PUBLIC' });
    expect(res.body.data.alice).toMatchObject({ nativeId: alicePrivate.id, visibility: 'PRIVATE' });
    expect(res.body.data.bob).toBeNull();
    expect(res.body.data.nodes).toEqual([{ nativeId: publicImage.id }, { nativeId: alicePrivate.id }, null]);
    expect(names(res.body.data)).toEqual(expect.arrayContaining(['passthrough-public', 'passthrough-alice-private']));
    expect(names(res.body.data)).not.toContain('passthrough-bob-private');
    // Every request reached Glance with a token (hers: Glance answered her project's image).
    const log = os.glanceRequestLog();
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((r) => r.hasAuthToken)).toBe(true);
  });

  it('bob: the mirror image', async () => {
    const res = await gw.query(LOOKUP, vars(), { 'x-auth-token': await os.token('bob') });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.pub).toMatchObject({ nativeId: publicImage.id });
    expect(res.body.data.alice).toBeNull();
    expect(res.body.data.bob).toMatchObject({ nativeId: bobPrivate.id });
    expect(res.body.data.nodes).toEqual([{ nativeId: publicImage.id }, null, { nativeId: bobPrivate.id }]);
    expect(names(res.body.data)).not.toContain('passthrough-alice-private');
  });

  it('both interleaved: each response holds its own caller’s private image and never the other’s', async () => {
    const tokens = { alice: await os.token('alice'), bob: await os.token('bob') };
    const results = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const who = i % 2 === 0 ? 'alice' : 'bob';
        return { who, res: await gw.query(LOOKUP, vars(), { 'x-auth-token': tokens[who] }) };
      }),
    );
    for (const { who, res } of results) {
      const text = JSON.stringify(res.body.data);
      const [own, other] = who === 'alice' ? [alicePrivate, bobPrivate] : [bobPrivate, alicePrivate];
      expect(res.body.data[who]).toMatchObject({ nativeId: own.id });
      expect(text).not.toContain(other.id);
      expect(text).not.toContain(String(other.name));
    }
  });
});

describe('tokens Keystone does not accept', () => {
  it('no token: UNAUTHENTICATED on the IMS fields, and Glance is not asked', async () => {
    const res = await gw.query(`query($id: ID!) { imsImage(id: $id) { name } }`, { id: publicImage.id });
    expect(res.body.data.imsImage).toBeNull();
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', provider: 'IMS' });
    expect(os.countGlanceRequests()).toBe(0);
  });

  it('a revoked token (DELETE /v3/auth/tokens by the admin): UNAUTHENTICATED', async () => {
    const fresh = await os.authenticate('alice');
    const revoked = await fetch(`${os.keystoneUrl}/auth/tokens`, {
      method: 'DELETE',
      headers: { 'X-Auth-Token': await os.token('admin'), 'X-Subject-Token': fresh.token },
    });
    expect(revoked.status).toBe(204);
    const res = await gw.query(
      `query($id: ID!) { imsImage(id: $id) { name } }`,
      { id: alicePrivate.id },
      { 'x-auth-token': fresh.token },
    );
    expect(res.body.data.imsImage).toBeNull();
    expect(res.body.errors![0].extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      provider: 'IMS',
      upstreamStatus: 401,
    });
    expect(res.text).not.toContain(fresh.token);
  });

  it('a token Keystone cannot read (as an expired key rotation leaves it): UNAUTHENTICATED', async () => {
    const { token } = await os.authenticate('bob');
    // One character changed in the middle of a Fernet token: it no longer decrypts.
    const middle = Math.floor(token.length / 2);
    const unreadable = token.slice(0, middle) + (token[middle] === 'A' ? 'B' : 'A') + token.slice(middle + 1);
    const res = await gw.query(
      `query($id: ID!) { imsImage(id: $id) { name } }`,
      { id: bobPrivate.id },
      { 'x-auth-token': unreadable },
    );
    expect(res.body.data.imsImage).toBeNull();
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstreamStatus: 401 });
    expect(gw.logs.join('\n')).not.toContain(unreadable);
  });
});
