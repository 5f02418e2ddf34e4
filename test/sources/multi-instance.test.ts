// Several source instances from IMAGE_GATEWAY_CONFIG: ModelArts in two regions
// (each its own emulator and project), IMS and E-HPC. The listing and `nodes`
// span every instance and reach each at its own emulator; an instance that
// fails (503s, or a closed port) adds an error with its provider and region
// while the others answer; an invalid file is a ConfigError naming the key.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { SANDBOX_ALIBABA, SANDBOX_HUAWEI, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { SOURCES } from '../../src/sources/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { closedPort } from '../support/ports.js';

const SOUTH_PROJECT = '5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';

const LIST = `query($filter: ImageFilter, $first: Int, $after: String) {
  images(filter: $filter, first: $first, after: $after) {
    nodes { id provider nativeId region createdAt }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Image { provider nativeId region } } }`;

interface Node {
  id: string;
  provider: string;
  nativeId: string;
  region: string;
  createdAt: string | null;
}

const huawei = (projectId: string) => ({ type: 'aksk', ak: SANDBOX_HUAWEI.ak, sk: SANDBOX_HUAWEI.sk, projectId });
const alibaba = {
  type: 'alibaba',
  accessKeyId: SANDBOX_ALIBABA.accessKeyId,
  accessKeySecret: SANDBOX_ALIBABA.accessKeySecret,
};

describe('several instances from IMAGE_GATEWAY_CONFIG', () => {
  let north: Sandbox;
  let south: Sandbox;
  let gw: TestGateway;
  let dir: string;

  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  };
  const sourcesFor = (southEndpoint: string) => [
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
      endpoint: southEndpoint,
      region: 'cn-south-1',
      auth: huawei(SOUTH_PROJECT),
      retries: 0,
      timeoutMs: 2000,
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
      auth: alibaba,
      retries: 0,
    },
  ];

  const pageAll = async (target: TestGateway, filter?: Record<string, unknown>) => {
    const nodes: Node[] = [];
    const errors: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const { status, body }: { status: number; body: { data?: any; errors?: typeof errors } } = await target.query(
        LIST,
        { filter, first: 100, after },
      );
      expect(status).toBe(200);
      errors.push(...(body.errors ?? []));
      nodes.push(...body.data.images.nodes);
      if (!body.data.images.pageInfo.hasNextPage) return { nodes, errors };
      after = body.data.images.pageInfo.endCursor;
    }
    throw new Error('the listing did not end');
  };

  beforeAll(async () => {
    north = await startSandbox();
    south = await startSandbox({ modelarts: { projectId: SOUTH_PROJECT } });
    north.modelarts.emulator.generateImages(60);
    south.modelarts.emulator.generateImages(80);
    dir = mkdtempSync(path.join(tmpdir(), 'graph-multi-'));
    // YAML this time (graph-nodes.test.ts uses JSON); JSON is a subset of YAML 1.2, flow style keeps it short.
    const yaml = `# ModelArts in two regions, IMS and E-HPC\nsources:\n${sourcesFor(south.endpoints.modelarts)
      .map((s) => `  - ${JSON.stringify(s)}`)
      .join('\n')}\n`;
    gw = await startTestGateway({ env: { IMAGE_GATEWAY_CONFIG: write('gateway.yaml', yaml) }, replaceEnv: true });
  });
  afterAll(async () => {
    await gw?.stop();
    await north?.stop();
    await south?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const clear = () => {
    north.resetCalls();
    south.resetCalls();
    for (const e of [north.modelarts, north.ims, north.ehpc, south.modelarts]) e.clearFaults();
  };

  it('images spans every instance, each image once with its region, each instance listed at its own emulator', async () => {
    clear();
    const { nodes, errors } = await pageAll(gw);
    expect(errors).toEqual([]);
    const count = (provider: string, region: string) =>
      nodes.filter((n) => n.provider === provider && n.region === region).length;
    const visibleIms = north.ims.emulator
      .images()
      .filter(
        (i) => i.owner === SANDBOX_HUAWEI.projectId || ['public', 'community', 'shared'].includes(String(i.visibility)),
      ).length;
    expect(count('MODELARTS', 'cn-north-4')).toBe(north.modelarts.emulator.images().length);
    expect(count('MODELARTS', 'cn-south-1')).toBe(south.modelarts.emulator.images().length);
    expect(count('IMS', 'cn-north-4')).toBe(visibleIms);
    expect(count('EHPC', SANDBOX_ALIBABA.regionId)).toBe(north.ehpc.emulator.images().length);
    expect(nodes.length).toBe(
      north.modelarts.emulator.images().length +
        south.modelarts.emulator.images().length +
        visibleIms +
        north.ehpc.emulator.images().length,
    );
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    // The seeds are in both ModelArts emulators: same native id, two images, two ids.
    const seedId = north.modelarts.emulator.images()[0].id;
    const both = nodes.filter((n) => n.nativeId === seedId);
    expect(both.map((n) => n.region).sort()).toEqual(['cn-north-4', 'cn-south-1']);
    expect(both[0].id).not.toBe(both[1].id);
    // Each region's listing went to its emulator with its project.
    const lists = (s: Sandbox) => s.modelarts.calls().filter((c) => /^\/v1\/[^/]+\/images$/.test(c.rawPath));
    expect(lists(north).length).toBeGreaterThan(0);
    expect(lists(south).length).toBeGreaterThan(0);
    for (const c of lists(north)) expect(c.rawPath).toBe(`/v1/${SANDBOX_HUAWEI.projectId}/images`);
    for (const c of lists(south)) expect(c.rawPath).toBe(`/v1/${SOUTH_PROJECT}/images`);
    // A region filter reads only that instance.
    clear();
    const southOnly = await pageAll(gw, { regions: ['cn-south-1'] });
    expect(new Set(southOnly.nodes.map((n) => `${n.provider} ${n.region}`))).toEqual(new Set(['MODELARTS cn-south-1']));
    expect(lists(north)).toHaveLength(0);
    expect(north.ims.calls()).toHaveLength(0);
    expect(north.ehpc.calls()).toHaveLength(0);
  });

  it('nodes with ids from both regions: each resolved at its own emulator', async () => {
    const { nodes } = await pageAll(gw, { providers: ['MODELARTS'] });
    const northIds = nodes.filter((n) => n.region === 'cn-north-4').slice(0, 7);
    const southIds = nodes.filter((n) => n.region === 'cn-south-1').slice(0, 9);
    clear();
    const ids = [...northIds, ...southIds].map((n) => n.id);
    const { body } = await gw.query(NODES, { ids });
    expect(body.errors).toBeUndefined();
    expect(body.data.nodes.map((n: Node) => [n.id, n.region, n.nativeId])).toEqual(
      [...northIds, ...southIds].map((n) => [n.id, n.region, n.nativeId]),
    );
    const gets = (s: Sandbox) => s.modelarts.calls().filter((c) => /^\/v1\/[^/]+\/images\/[^/]+$/.test(c.rawPath));
    expect(
      gets(north)
        .map((c) => c.rawPath.split('/').at(-1))
        .sort(),
    ).toEqual(northIds.map((n) => n.nativeId).sort());
    expect(
      gets(south)
        .map((c) => c.rawPath.split('/').at(-1))
        .sort(),
    ).toEqual(southIds.map((n) => n.nativeId).sort());
  });

  it('a failing instance (503 on every call) adds one error with its provider and region; the others answer', async () => {
    const { nodes: before } = await pageAll(gw);
    clear();
    south.modelarts.injectFault({
      status: 503,
      body: { error_code: 'APIG.0201', error_msg: 'Backend unavailable' },
      times: Infinity,
    });
    const others = before.filter((n) => !(n.provider === 'MODELARTS' && n.region === 'cn-south-1'));
    const { status, body } = await gw.query(LIST, { first: 50 });
    expect(status).toBe(200);
    // What is shown is the others' newest 50, in order, nothing from the failing instance.
    expect(body.data.images.nodes.map((n: Node) => n.id)).toEqual(others.slice(0, 50).map((n) => n.id));
    expect(body.data.images.totalCount).toBeNull();
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors!;
    expect(error.path).toEqual(['images']);
    expect(error.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      provider: 'MODELARTS',
      region: 'cn-south-1',
    });
    expect(error.message).toMatch(/MODELARTS \(cn-south-1\)/);
    // The same failure is in the data, for clients (and routers) that read no errors beside data.
    const named = await gw.query(
      '{ images(first: 50) { unavailableSources { provider source region code message } } }',
    );
    expect(named.body.data.images.unavailableSources).toEqual([
      {
        provider: 'MODELARTS',
        source: 'modelarts-south',
        region: 'cn-south-1',
        code: 'UPSTREAM_UNAVAILABLE',
        message: error.message,
      },
    ]);
    expect(named.text).not.toContain(SANDBOX_HUAWEI.sk);
    // The whole listing: every image of the others once, in order; the failing one reported.
    // (hasNextPage ends with the others: a source that keeps failing must not make a client page forever.)
    const { nodes, errors } = await pageAll(gw);
    expect(nodes.map((n) => n.id)).toEqual(others.map((n) => n.id));
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors)
      expect(e.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'MODELARTS', region: 'cn-south-1' });

    // nodes: the failing region's ids fail at their index, the rest resolve.
    const northOne = before.find((n) => n.region === 'cn-north-4' && n.provider === 'MODELARTS')!;
    const southOne = before.find((n) => n.region === 'cn-south-1')!;
    const imsOne = before.find((n) => n.provider === 'IMS')!;
    const answer = await gw.query(NODES, { ids: [northOne.id, southOne.id, imsOne.id] });
    expect(answer.body.data.nodes[0].id).toBe(northOne.id);
    expect(answer.body.data.nodes[1]).toBeNull();
    expect(answer.body.data.nodes[2].id).toBe(imsOne.id);
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors![0].path).toEqual(['nodes', 1]);
    expect(answer.body.errors![0].extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      provider: 'MODELARTS',
      region: 'cn-south-1',
    });

    // Recovered: everything again, and the server kept answering throughout.
    south.modelarts.clearFaults();
    const after = await pageAll(gw);
    expect(after.errors).toEqual([]);
    expect(after.nodes.map((n) => n.id)).toEqual(before.map((n) => n.id));
  });

  it('an instance at a closed port: an error with its provider and region, data from the others', async () => {
    const port = await closedPort();
    const config = write('closed.json', JSON.stringify({ sources: sourcesFor(`http://127.0.0.1:${port}`) }));
    const broken = await startTestGateway({ env: { IMAGE_GATEWAY_CONFIG: config }, replaceEnv: true });
    try {
      const { status, body } = await broken.query(LIST, { first: 50 });
      expect(status).toBe(200);
      expect(body.data.images.nodes).toHaveLength(50);
      expect(body.data.images.nodes.some((n: Node) => n.region === 'cn-south-1')).toBe(false);
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0].extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        provider: 'MODELARTS',
        region: 'cn-south-1',
      });
      // No crash: the same gateway answers the next request.
      const again = await broken.query(LIST, { filter: { providers: ['IMS'] }, first: 5 });
      expect(again.body.errors).toBeUndefined();
      expect(again.body.data.images.nodes).toHaveLength(5);
    } finally {
      await broken.stop();
    }
  });

  describe('an invalid file is a ConfigError naming the key', () => {
    const specs = SOURCES;
    const configError = (content: string, name: string) => {
      const file = write(name, content);
      try {
        loadConfig({ IMAGE_GATEWAY_CONFIG: file }, specs);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('no ConfigError');
    };

    it('an unknown key, by its path', () => {
      const sources = sourcesFor('https://modelarts.cn-south-1.myhuaweicloud.com');
      (sources[2] as Record<string, unknown>).regoin = 'cn-north-4';
      expect(configError(JSON.stringify({ sources }), 'unknown.json')).toContain('sources[2].regoin');
      expect(
        configError(
          `sources:\n  - provider: EHPC\n    endpoint: https://ehpc.example\n    auth: { type: alibaba, accesKeyId: x }\n`,
          'unknown.yaml',
        ),
      ).toContain('sources[0].auth.accesKeyId');
    });

    it('a bad URL, by its path, and the secrets stay out of the message', () => {
      const sources = sourcesFor('not a url');
      const message = configError(JSON.stringify({ sources }), 'bad-url.json');
      expect(message).toContain('sources[1].endpoint');
      expect(message).not.toContain(SANDBOX_HUAWEI.sk);
      expect(configError(`sources:\n  - { provider: IMS, endpoint: "ftp//x" }\n`, 'bad-url.yaml')).toContain(
        'sources[0].endpoint',
      );
    });

    it('an unknown provider, by its path', () => {
      expect(
        configError(`sources:\n  - { provider: AZURE, endpoint: "https://x.example" }\n`, 'provider.yaml'),
      ).toContain('sources[0].provider');
    });
  });
});
