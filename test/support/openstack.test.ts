// Proves the real-OpenStack harness (test/support/openstack.ts): a real Keystone and Glance v2
// on loopback, users alice (proj-a) and bob (proj-b), fixtures, the request counter, clean stop.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectOpenStack, processAlive, startOpenStack, type OpenStack } from './openstack.js';
import { report } from './verbose.js';

describe('real OpenStack harness (Keystone + Glance v2)', () => {
  let os: OpenStack;
  const idA = randomUUID();
  const idB = randomUUID();
  const missing = randomUUID();

  beforeAll(async () => {
    const t0 = Date.now();
    os = await startOpenStack();
    report(`openstack harness: ready in ${Date.now() - t0} ms (${os.keystoneUrl}, glance ${os.glanceUrl})`);
  }, 240_000);

  afterAll(async () => {
    await os?.stop();
  }, 60_000);

  it('starts Keystone and Glance on loopback', () => {
    expect(os.keystoneUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3$/);
    expect(os.glanceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(os.glanceDirectUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const pid of Object.values(os.pids)) expect(processAlive(pid)).toBe(true);
    expect(os.users.alice.projectName).toBe('proj-a');
    expect(os.users.bob.projectName).toBe('proj-b');
  });

  it('gives alice a project-scoped token, and 401 for a bad password', async () => {
    const t = await os.authenticate('alice');
    expect(t.token.length).toBeGreaterThan(20);
    expect(t.projectId).toMatch(/^[0-9a-f]{32}$/);

    const res = await fetch(`${os.keystoneUrl}/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'alice', domain: { name: 'Default' }, password: 'wrong-password' } },
          },
        },
      }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-subject-token')).toBeNull();
  });

  it("creates alice's private images with client-chosen ids and __ properties", async () => {
    const a = await os.createImage(
      'alice',
      {
        id: idA,
        name: 'centos-7-x64',
        visibility: 'private',
        container_format: 'bare',
        disk_format: 'zvhd2',
        __os_bit: '64',
        __platform: 'CentOS',
        __support_arm: 'false',
        __image_size: '3376133259',
      },
      { upload: 'not really a disk' },
    );
    expect(a.id).toBe(idA);
    expect(a.status).toBe('active');
    expect(a.size).toBe('not really a disk'.length);
    expect(a.visibility).toBe('private');

    const b = await os.createImage('alice', { id: idB, name: 'queued-one', visibility: 'private' });
    expect(b.id).toBe(idB);
    expect(b.status).toBe('queued');

    // fixtures go straight to Glance: the counter has seen none of that
    expect(os.countGlanceRequests()).toBe(0);
  });

  it('reads back through the counting proxy, lists by id=in:, hides from bob, counts it all', async () => {
    os.resetGlanceRequestLog();

    const got = await os.glanceFetch('alice', `/v2/images/${idA}`, { headers: { Accept: 'application/json' } });
    expect(got.status).toBe(200);
    const img = (await got.json()) as Record<string, unknown>;
    expect(img).toMatchObject({
      id: idA,
      name: 'centos-7-x64',
      status: 'active',
      visibility: 'private',
      disk_format: 'zvhd2',
      __os_bit: '64',
      __platform: 'CentOS',
      __support_arm: 'false',
      __image_size: '3376133259',
    });

    const listPath = `/v2/images?id=in:${idA},${idB},${missing}`;
    const list = await os.glanceFetch('alice', listPath);
    expect(list.status).toBe(200);
    const body = (await list.json()) as { images: Array<{ id: string }> };
    expect(body.images.map((i) => i.id).sort()).toEqual([idA, idB].sort());

    const bob = await os.glanceFetch('bob', `/v2/images/${idA}`, { headers: { Accept: 'application/json' } });
    expect(bob.status).toBe(404);
    expect(((await bob.json()) as { code: string }).code).toBe('404 Not Found');

    const anon = await os.glanceFetch(null, '/v2/images');
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toBe(`Keystone uri="${os.keystoneUrl}"`);
    await anon.text();

    // the raw path reaches Glance (and the log) undecoded
    const odd = await os.glanceFetch('alice', '/v2/images/..%2Fschemas');
    expect(odd.status).toBe(404);
    await odd.text();

    expect(os.glanceRequestLog().map((r) => [r.method, r.path, r.status, r.hasAuthToken])).toEqual([
      ['GET', `/v2/images/${idA}`, 200, true],
      ['GET', listPath, 200, true],
      ['GET', `/v2/images/${idA}`, 404, true],
      ['GET', '/v2/images', 401, false],
      ['GET', '/v2/images/..%2Fschemas', 404, true],
    ]);
    expect(os.glanceRequestLog()[1]).toMatchObject({
      pathname: '/v2/images',
      query: `id=in:${idA},${idB},${missing}`,
    });
    expect(os.countGlanceRequests({ method: 'GET', pathname: `/v2/images/${idA}` })).toBe(2);
    expect(os.countGlanceRequests({ pathname: '/v2/images' })).toBe(2);
    expect(os.countGlanceRequests({ path: /id=in:/ })).toBe(1);
    expect(os.countGlanceRequests({ method: 'POST' })).toBe(0);

    // a client connected to the same stack (as test files are under the global setup) counts on its own
    const other = await connectOpenStack(os.info);
    expect(other.glanceUrl).not.toBe(os.glanceUrl);
    const listed = await other.glanceFetch('bob', '/v2/images');
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { images: unknown[] }).images).toEqual([]); // bob sees none of alice's
    expect(other.countGlanceRequests()).toBe(1);
    expect(os.countGlanceRequests()).toBe(5);
    await other.stop();
    expect(processAlive(os.pids.glance)).toBe(true); // a client's stop() closes only its proxy
  });

  it('stop() ends every process it started and removes its state', async () => {
    const pids = Object.values(os.pids);
    const stateDir = os.stateDir;
    await os.stop();
    for (const pid of pids) expect(processAlive(pid), `pid ${pid}`).toBe(false);
    expect(existsSync(stateDir)).toBe(false);
    await os.stop(); // idempotent
  }, 60_000);
});
