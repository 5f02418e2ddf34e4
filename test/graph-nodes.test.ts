// `nodes` over a mixed batch of 60 global ids from three providers and two
// regions (ModelArts in cn-north-4 and cn-south-1, each its own emulator; IMS;
// E-HPC), through the real gateway over HTTP: each source makes the fewest
// calls its API allows, the sources run at the same time (from the emulators'
// recorded start and end times), and a malformed or foreign id fails at its
// own index only.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SANDBOX_ALIBABA,
  SANDBOX_HUAWEI,
  startSandbox,
  type RecordedCall,
  type Sandbox,
} from '../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';
import { expectWithin } from './support/timing.js';

const SOUTH_PROJECT = '5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
/** Each upstream call's delay: three of them more than the bound allows exceed TIMING_SLACK_MS. */
const DELAY_MS = 400;

/** Only fields both E-HPC answers have: ListImages by ImageIds suffices. */
const NODES = `query($ids: [ID!]!) {
  nodes(ids: $ids) { __typename id ... on Image { provider nativeId region name createdAt } }
}`;

const LIST = `query($filter: ImageFilter, $first: Int) { images(filter: $filter, first: $first) { nodes { id provider nativeId region } } }`;

interface Node {
  id: string;
  provider: string;
  nativeId: string;
  region: string;
}

describe('nodes over a mixed batch of providers and regions', () => {
  let north: Sandbox;
  let south: Sandbox;
  let gw: TestGateway;
  let dir: string;
  const picked: Record<'north' | 'south' | 'ims' | 'ehpc', Node[]> = { north: [], south: [], ims: [], ehpc: [] };

  const maGets = (sandbox: Sandbox) =>
    sandbox.modelarts.calls().filter((c) => c.method === 'GET' && /^\/v1\/[^/]+\/images\/[^/]+$/.test(c.rawPath));
  const maLists = (sandbox: Sandbox) =>
    sandbox.modelarts.calls().filter((c) => /^\/v1\/[^/]+\/images$/.test(c.rawPath));
  const imsInLists = () =>
    north.ims.calls().filter((c) => c.rawPath === '/v2/images' && c.query.id?.[0]?.startsWith('in:'));
  const imsGets = () => north.ims.calls().filter((c) => c.rawPath.startsWith('/v2/images/'));
  const ehpc = (action: string) => north.ehpc.calls().filter((c) => c.headers['x-acs-action'] === action);
  const resetAll = () => {
    north.resetCalls();
    south.resetCalls();
    for (const emulator of [north.modelarts, north.ims, north.ehpc, south.modelarts]) emulator.clearFaults();
  };

  beforeAll(async () => {
    north = await startSandbox();
    south = await startSandbox({ modelarts: { projectId: SOUTH_PROJECT } });
    north.modelarts.emulator.generateImages(20);
    south.modelarts.emulator.generateImages(40);
    north.ims.emulator.generateImages(20);
    north.ehpc.emulator.generateImages(20);
    dir = mkdtempSync(path.join(tmpdir(), 'graph-nodes-'));
    const huawei = (projectId: string) => ({ type: 'aksk', ak: SANDBOX_HUAWEI.ak, sk: SANDBOX_HUAWEI.sk, projectId });
    const config = {
      sources: [
        {
          provider: 'MODELARTS',
          name: 'modelarts-north',
          endpoint: north.endpoints.modelarts,
          region: 'cn-north-4',
          auth: huawei(SANDBOX_HUAWEI.projectId),
          retries: 0,
        },
        {
          provider: 'MODELARTS',
          name: 'modelarts-south',
          endpoint: south.endpoints.modelarts,
          region: 'cn-south-1',
          auth: huawei(SOUTH_PROJECT),
          retries: 0,
        },
        {
          provider: 'IMS',
          name: 'ims-north',
          endpoint: north.endpoints.ims,
          region: 'cn-north-4',
          auth: huawei(SANDBOX_HUAWEI.projectId),
          retries: 0,
        },
        {
          provider: 'EHPC',
          name: 'ehpc-hangzhou',
          endpoint: north.endpoints.ehpc,
          region: SANDBOX_ALIBABA.regionId,
          auth: {
            type: 'alibaba',
            accessKeyId: SANDBOX_ALIBABA.accessKeyId,
            accessKeySecret: SANDBOX_ALIBABA.accessKeySecret,
          },
          retries: 0,
        },
      ],
    };
    const file = path.join(dir, 'gateway.json');
    writeFileSync(file, JSON.stringify(config));
    gw = await startTestGateway({ env: { IMAGE_GATEWAY_CONFIG: file }, replaceEnv: true });

    // The ids a frontend has: from the listing, 15 per source instance.
    const take = async (filter: Record<string, unknown>) => {
      const { body } = await gw.query(LIST, { filter, first: 15 });
      expect(body.errors).toBeUndefined();
      return body.data.images.nodes as Node[];
    };
    picked.north = await take({ providers: ['MODELARTS'], regions: ['cn-north-4'] });
    picked.south = await take({ providers: ['MODELARTS'], regions: ['cn-south-1'] });
    picked.ims = await take({ providers: ['IMS'] });
    picked.ehpc = await take({ providers: ['EHPC'] });
    for (const list of Object.values(picked)) expect(list).toHaveLength(15);
  });
  afterAll(async () => {
    await gw?.stop();
    await north?.stop();
    await south?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** 60 ids interleaved across the four instances. */
  const mixed = () => {
    const ids: Node[] = [];
    for (let i = 0; i < 15; i++) ids.push(picked.north[i], picked.ims[i], picked.south[i], picked.ehpc[i]);
    return ids;
  };

  it('resolves 60 ids with the fewest calls per source, all sources at once', async () => {
    const expected = mixed();
    expect(new Set(expected.map((n) => n.id)).size).toBe(60);
    // The two regions hold images with the same native ids (both emulators carry the seeds): the region decides.
    const sharedNative = picked.north.filter((n) => picked.south.some((s) => s.nativeId === n.nativeId));
    resetAll();
    for (const emulator of [north.modelarts, north.ims, north.ehpc, south.modelarts]) {
      emulator.injectFault({ delayMs: DELAY_MS, times: Infinity });
    }
    const started = performance.now();
    const { body } = await gw.query(NODES, { ids: expected.map((n) => n.id) });
    const elapsed = performance.now() - started;
    expect(body.errors).toBeUndefined();
    const nodes = body.data.nodes as Node[];
    expect(nodes.map((n) => [n.id, n.provider, n.nativeId, n.region])).toEqual(
      expected.map((n) => [n.id, n.provider, n.nativeId, n.region]),
    );
    expect(new Set(nodes.filter((n) => n.provider === 'MODELARTS').map((n) => n.region))).toEqual(
      new Set(['cn-north-4', 'cn-south-1']),
    );

    // IMS: exactly one `id=in:` list for its 15 ids (one chunk), no GET per id.
    const inLists = imsInLists();
    expect(inLists).toHaveLength(1);
    expect(inLists[0].query.id[0].slice(3).split(',').sort()).toEqual(picked.ims.map((n) => n.nativeId).sort());
    expect(imsGets()).toHaveLength(0);
    // ModelArts: one GET per distinct id, each at the emulator of its region, no list.
    const northGets = maGets(north);
    const southGets = maGets(south);
    expect(northGets.map((c) => c.rawPath.split('/').at(-1)).sort()).toEqual(
      picked.north.map((n) => n.nativeId).sort(),
    );
    expect(southGets.map((c) => c.rawPath.split('/').at(-1)).sort()).toEqual(
      picked.south.map((n) => n.nativeId).sort(),
    );
    for (const call of northGets) expect(call.rawPath.startsWith(`/v1/${SANDBOX_HUAWEI.projectId}/`)).toBe(true);
    for (const call of southGets) expect(call.rawPath.startsWith(`/v1/${SOUTH_PROJECT}/`)).toBe(true);
    expect(maLists(north)).toHaveLength(0);
    expect(maLists(south)).toHaveLength(0);
    if (sharedNative.length > 0) expect(southGets.length).toBe(15);
    // E-HPC: only list-available fields asked for, so one ListImages by ImageIds (≤ 100 ids a call), no GetImage.
    const lists = ehpc('ListImages');
    expect(lists).toHaveLength(1);
    expect(JSON.parse(lists[0].query.ImageIds[0]).sort()).toEqual(picked.ehpc.map((n) => n.nativeId).sort());
    expect(ehpc('GetImage')).toHaveLength(0);

    // Concurrency: at one moment the IMS list, the first GET of each ModelArts
    // region and the E-HPC list were all in flight (each takes ≥ DELAY_MS).
    const firstOf = (calls: RecordedCall[]) => calls.reduce((a, b) => (b.startedAt < a.startedAt ? b : a));
    const group = [inLists[0], firstOf(northGets), firstOf(southGets), lists[0]];
    for (const call of group) expect(call.endedAt - call.startedAt).toBeGreaterThanOrEqual(DELAY_MS - 5);
    const latestStart = Math.max(...group.map((c) => c.startedAt));
    const earliestEnd = Math.min(...group.map((c) => c.endedAt));
    expect(latestStart, 'every source had started before any of these calls ended').toBeLessThan(earliestEnd);
    // One after another would take ≥ 4 × DELAY_MS for the first calls alone, plus the ModelArts waves.
    const maWaves = (calls: RecordedCall[]) => {
      const ends = calls.map((c) => c.endedAt).sort((a, b) => a - b);
      return ends.length ? 1 + ends.filter((e, i) => i > 0 && e - ends[i - 1] > DELAY_MS / 2).length : 0;
    };
    expectWithin(elapsed, (Math.max(maWaves(northGets), maWaves(southGets)) + 2) * DELAY_MS);
  });

  it('a duplicate id costs nothing more; a malformed and a foreign id fail at their own index only', async () => {
    const expected = mixed();
    const foreign = Buffer.from(JSON.stringify({ type: 'User', id: 42 })).toString('base64url');
    const foreignArray = Buffer.from(JSON.stringify(['user', 1, 'MODELARTS', 'cn-north-4', '', 'x'])).toString(
      'base64url',
    );
    const ids = expected.map((n) => n.id);
    ids.splice(7, 0, 'not a global id!');
    ids.splice(20, 0, foreign);
    ids.splice(33, 0, expected[4].id); // a ModelArts north id again
    ids.splice(41, 0, foreignArray);
    resetAll();
    const { body } = await gw.query(NODES, { ids });
    expect(body.data.nodes).toHaveLength(64);
    const errors = body.errors ?? [];
    expect(errors.map((e) => e.path)).toEqual([
      ['nodes', 7],
      ['nodes', 20],
      ['nodes', 41],
    ]);
    for (const error of errors) {
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(/is not a valid image-gateway global id/);
    }
    expect(errors[0].extensions?.field).toBe('ids[7]');
    const nodes = body.data.nodes as Array<Node | null>;
    expect(nodes[7]).toBeNull();
    expect(nodes[20]).toBeNull();
    expect(nodes[41]).toBeNull();
    expect(nodes[33]).toEqual(nodes.find((n) => n?.id === expected[4].id));
    const good = nodes.filter((n, i) => ![7, 20, 41, 33].includes(i));
    expect(good.map((n) => n!.id)).toEqual(expected.map((n) => n.id));
    // The same calls as without the bad and duplicate ids.
    expect(maGets(north)).toHaveLength(15);
    expect(maGets(south)).toHaveLength(15);
    expect(imsInLists()).toHaveLength(1);
    expect(ehpc('ListImages')).toHaveLength(1);
  });

  it('an id of an image that does not exist is null without an error; an unconfigured region is an error at its index', async () => {
    const [sample] = picked.south;
    const missing = JSON.parse(Buffer.from(sample.id, 'base64url').toString());
    missing[5] = '00000000-0000-4000-8000-000000000000';
    const otherRegion = [...missing];
    otherRegion[3] = 'eu-west-0';
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const { body } = await gw.query(NODES, { ids: [b64(missing), sample.id, b64(otherRegion)] });
    expect(body.data.nodes[0]).toBeNull();
    expect(body.data.nodes[1].id).toBe(sample.id);
    expect(body.data.nodes[2]).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].path).toEqual(['nodes', 2]);
    expect(body.errors![0].extensions).toMatchObject({
      code: 'NOT_CONFIGURED',
      provider: 'MODELARTS',
      region: 'eu-west-0',
    });
  });
});
