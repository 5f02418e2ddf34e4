// The ModelArts emulator over HTTP, every request signed by the vendor's own
// code (the official Node SDK's AKSKSigner, and its full HcClient for a few
// calls), so the emulator is proven against Huawei's client, not against itself.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AKSKSigner, sdkClient, sdkCredential } from '../support/huawei-sdk.js';
import { emulatorStarter, rawSend, type Reply } from '../support/emulator-http.js';
import { serveEmulator, type RunningEmulator } from '../../src/sandbox/emulator.js';
import {
  createModelArtsEmulator,
  MODELARTS_SEED,
  type ModelArtsEmulator,
  type ModelArtsEmulatorOptions,
} from '../../src/sandbox/modelarts/index.js';

const AK = 'MATESTAK000000000001';
const SK = 'maTestSecret0000000000000000000000000001';
const PROJECT = '0b5bd0a0b580f4ea2f5ec00b2fd3e4d6';
const TOKEN = 'MIIma-token';

// The documented example responses, copied from docs/vendor/000-modelarts-image-details.txt and 001.
const DOC_000 = {
  arch: 'x86_64',
  create_at: 1638234504492,
  description: 'CPU and GPU general algorithm development and training, preconfigured with AI engine PyTorch1.8',
  dev_services: ['NOTEBOOK', 'SSH'],
  id: '278e88d1-5b71-4766-8502-b3ba72e824d9',
  name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04',
  resource_categories: ['GPU', 'CPU'],
  service_type: 'COMMON',
  status: 'ACTIVE',
  swr_path: 'swr.xxx.com/atelier/pytorch_1_8:pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64-20220926104358-041ba2e',
  tag: 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64-20220926104358-041ba2e',
  type: 'BUILD_IN',
  update_at: 1638234504492,
  workspace_id: '0',
};
const DOC_001_REQUEST = {
  description: '',
  resource_category: ['CPU'],
  arch: 'X86_64',
  swr_path: 'swr.xxx.com/op_svc_modelarts_container2/pytorch_1_8:train-pytorch_1.8.0-cuda_10.2-py_3.7',
};
const DOC_001 = {
  arch: 'x86_64',
  create_at: 1671708630448,
  description: '',
  dev_services: ['NOTEBOOK', 'SSH'],
  id: '708ca95d-c601-4dc7-86b9-670adfd5e818',
  name: 'pytorch_1_8',
  namespace: 'op_svc_modelarts_container2',
  origin: 'CUSTOMIZE',
  resource_categories: ['CPU'],
  service_type: 'UNKNOWN',
  size: 3376133259,
  status: 'ACTIVE',
  swr_path: 'swr.xxx.com/op_svc_modelarts_container2/pytorch_1_8:train-pytorch_1.8.0-cuda_10.2-py_3.7',
  tag: 'train-pytorch_1.8.0-cuda_10.2-py_3.7',
  type: 'DEDICATED',
  update_at: 1671708630448,
  visibility: 'PRIVATE',
  workspace_id: '0',
};
const DOC_004_REQUEST = {
  name: 'pytorch1_4',
  namespace: 'atelier-auto',
  tag: '20221223',
  description: 'save from notebook-x21d',
  workspace_id: '0',
};

interface CallOptions {
  query?: Record<string, string>;
  data?: unknown;
  rawBody?: string;
  sk?: string;
  token?: string;
  projectHeader?: string | null;
}

/** Signs like the SDK's BasicCredentials do (content-type, host, X-Project-Id, X-Sdk-Date) and sends. */
function call(server: RunningEmulator, method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
  const query = opts.query ?? {};
  const qs = new URLSearchParams(query).toString();
  const target = `${path}${qs ? `?${qs}` : ''}`;
  const body = opts.rawBody ?? (opts.data === undefined ? undefined : JSON.stringify(opts.data));
  if (opts.token !== undefined) {
    return rawSend(
      server.url,
      method,
      target,
      { 'content-type': 'application/json', 'x-auth-token': opts.token },
      body,
    );
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.projectHeader !== null) headers['X-Project-Id'] = opts.projectHeader ?? PROJECT;
  const signed = AKSKSigner.sign(
    { endpoint: `${server.url}${path}`, method, headers, queryParams: query, data: opts.data },
    sdkCredential(AK, opts.sk ?? SK),
  );
  // A raw body that is not the signed data is signed as UNSIGNED-PAYLOAD.
  if (opts.rawBody !== undefined && opts.data === undefined) {
    const unsigned = AKSKSigner.sign(
      {
        endpoint: `${server.url}${path}`,
        method,
        headers: { ...headers, 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
        queryParams: query,
      },
      sdkCredential(AK, SK),
    );
    return rawSend(server.url, method, target, unsigned, body);
  }
  return rawSend(server.url, method, target, signed, body);
}

const start = emulatorStarter((options: Partial<ModelArtsEmulatorOptions> = {}) =>
  createModelArtsEmulator({ ak: AK, sk: SK, projectId: PROJECT, tokens: [TOKEN], ...options }),
);

const images = (id = '') => `/v1/${PROJECT}/images${id ? `/${id}` : ''}`;
const REQUEST_ID = /^[0-9a-f]{32}$/;

describe('ModelArts emulator: image details', () => {
  it('answers the documented examples verbatim, with an X-Request-Id', async () => {
    const { server } = await start();
    const doc000 = await call(server, 'GET', images(DOC_000.id));
    expect(doc000.status).toBe(200);
    expect(doc000.json).toEqual(DOC_000);
    expect(Object.keys(doc000.json)).toEqual(Object.keys(DOC_000));
    expect(doc000.headers['x-request-id']).toMatch(REQUEST_ID);
    const doc001 = await call(server, 'GET', images(DOC_001.id));
    expect(doc001.json).toEqual(DOC_001);
    expect(doc001.text).toContain('"size":3376133259');
    const doc004 = await call(server, 'GET', images(MODELARTS_SEED.imageIds.docSaved));
    expect(doc004.json).toMatchObject({
      id: '4e0d1854-63e5-4517-b683-a0ee97a692a1',
      status: 'INIT',
      origin: 'IMAGE_SAVE',
    });
  });

  it("serves the official SDK's full client (HcClient + BasicCredentials)", async () => {
    const { server } = await start();
    const client = sdkClient(server.url, AK, SK, PROJECT);
    const detail = await client.sendRequest({
      method: 'GET',
      url: '/v1/{project_id}/images/{id}',
      contentType: 'application/json',
      queryParams: {},
      pathParams: { id: DOC_001.id },
      headers: {},
    });
    expect(detail.httpStatusCode).toBe(200);
    expect(detail.size).toBe(3376133259);
    const list = await client.sendRequest({
      method: 'GET',
      url: '/v1/{project_id}/images',
      contentType: 'application/json',
      queryParams: { limit: 2, offset: 0, sort_dir: 'ASC', sort_key: 'create_at' },
      pathParams: {},
      headers: {},
    });
    expect(list.data.map((i: { id: string }) => i.id)).toEqual([DOC_000.id, MODELARTS_SEED.imageIds.mindsporeAarch64]);
    const registered = await client.sendRequest({
      method: 'POST',
      url: '/v1/{project_id}/images',
      contentType: 'application/json',
      queryParams: {},
      pathParams: {},
      headers: {},
      data: { swr_path: 'swr.cn-north-4.myhuaweicloud.com/sdk-ns/sdk-image:1.0', arch: 'AARCH64' },
    });
    expect(registered).toMatchObject({
      name: 'sdk-image',
      namespace: 'sdk-ns',
      tag: '1.0',
      arch: 'aarch64',
      status: 'ACTIVE',
    });
    const calls = server.calls();
    expect(calls.map((c) => c.status)).toEqual([200, 200, 200]);
    expect(calls[0]?.headers.authorization).toMatch(/SignedHeaders=content-type;host;x-project-id;x-sdk-date/);
  });

  it('answers an unknown image with HTTP 400 + ModelArts.6404 by default (the live API)', async () => {
    const { server } = await start();
    const reply = await call(server, 'GET', images('00000000-0000-0000-0000-000000000000'));
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      error_code: 'ModelArts.6404',
      error_msg: 'Image 00000000-0000-0000-0000-000000000000 not found',
    });
    expect(reply.headers['x-request-id']).toMatch(REQUEST_ID);
  });

  it("answers HTTP 404 + ModelArts.6404 with notFoundStyle 'http404' (the API page)", async () => {
    const { server } = await start({ notFoundStyle: 'http404' });
    const reply = await call(server, 'GET', images('nope'));
    expect(reply.status).toBe(404);
    expect(reply.json.error_code).toBe('ModelArts.6404');
    const del = await call(server, 'DELETE', images('nope'));
    expect(del.status).toBe(404);
  });

  it('refuses another project with 403 APIG.0302 (path or X-Project-Id)', async () => {
    const { server } = await start();
    const other = await call(server, 'GET', `/v1/ffffffffffffffffffffffffffffffff/images/${DOC_000.id}`);
    expect(other.status).toBe(403);
    expect(other.json).toMatchObject({ error_code: 'APIG.0302' });
    expect(other.json.request_id).toBe(other.headers['x-request-id']);
    const header = await call(server, 'GET', images(DOC_000.id), { projectHeader: 'ffffffffffffffffffffffffffffffff' });
    expect(header.status).toBe(403);
    const noHeader = await call(server, 'GET', images(DOC_000.id), { projectHeader: null });
    expect(noHeader.status).toBe(200);
  });

  it('answers unknown routes and methods with 404 APIG.0101 before authenticating', async () => {
    const { server } = await start();
    for (const [method, path] of [
      ['GET', '/v2/images'],
      ['PUT', images(DOC_000.id)],
      ['GET', `/v1/${PROJECT}/notebooks/x/create-image`],
      ['GET', `/v1/${PROJECT}/images/a/b`],
    ] as const) {
      const reply = await rawSend(server.url, method, path, {});
      expect(reply.status, `${method} ${path}`).toBe(404);
      expect(reply.json.error_code).toBe('APIG.0101');
      expect(reply.json.request_id).toMatch(REQUEST_ID);
    }
  });
});

describe('ModelArts emulator: authentication', () => {
  it('rejects a bad signature with 401 and the APIG body; the request id matches the header', async () => {
    const { server } = await start();
    const reply = await call(server, 'GET', images(DOC_000.id), { sk: 'wrong' });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({
      error_code: 'APIG.0301',
      error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
      request_id: reply.headers['x-request-id'],
    });
  });

  it('rejects an unsigned request and a tampered body', async () => {
    const { server } = await start();
    const none = await rawSend(server.url, 'GET', images(DOC_000.id), {});
    expect(none.status).toBe(401);
    expect(none.json.error_msg).toBe('Incorrect IAM authentication information: x-auth-token not found');
    const headers: Record<string, string> = { 'content-type': 'application/json', 'X-Project-Id': PROJECT };
    const signed = AKSKSigner.sign(
      {
        endpoint: `${server.url}${images()}`,
        method: 'POST',
        headers,
        queryParams: {},
        data: { swr_path: 'swr.x.com/a/b:1' },
      },
      sdkCredential(AK, SK),
    );
    const tampered = await rawSend(
      server.url,
      'POST',
      images(),
      signed,
      JSON.stringify({ swr_path: 'swr.x.com/a/c:1' }),
    );
    expect(tampered.status).toBe(401);
  });

  it('accepts a configured X-Auth-Token and rejects an unknown one', async () => {
    const { server } = await start();
    expect((await call(server, 'GET', images(DOC_000.id), { token: TOKEN })).status).toBe(200);
    const bad = await call(server, 'GET', images(DOC_000.id), { token: 'MIIbad' });
    expect(bad.status).toBe(401);
    expect(bad.json.error_msg).toBe('Incorrect IAM authentication information: decrypt token fail');
  });
});

describe('ModelArts emulator: ListImage', () => {
  it('lists the seed newest first with {current, data, pages, size, total}', async () => {
    const { server, emulator } = await start();
    const reply = await call(server, 'GET', images());
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.json)).toEqual(['current', 'data', 'pages', 'size', 'total']);
    expect(reply.json).toMatchObject({ current: 0, pages: 1, size: 200, total: MODELARTS_SEED.imageCount });
    const createAts = reply.json.data.map((i: { create_at: number }) => i.create_at);
    expect(createAts).toEqual([...createAts].sort((a, b) => b - a));
    expect(reply.json.data).toHaveLength(emulator.images().length);
    expect(reply.json.data.find((i: { id: string }) => i.id === DOC_000.id)).toEqual(DOC_000);
  });

  it('pages by record offset until current + 1 >= pages, every image exactly once, in order', async () => {
    const { server, emulator } = await start({ seed: false });
    const generated = emulator.generateImages(47);
    const expected = [...generated].sort((a, b) => (a.create_at ?? 0) - (b.create_at ?? 0)).map((i) => i.id);
    const seen: string[] = [];
    let offset = 0;
    const limit = 10;
    for (;;) {
      const page = await call(server, 'GET', images(), {
        query: { limit: String(limit), offset: String(offset), sort_dir: 'ASC' },
      });
      expect(page.status).toBe(200);
      expect(page.json).toMatchObject({ current: offset / limit, pages: 5, size: limit, total: 47 });
      seen.push(...page.json.data.map((i: { id: string }) => i.id));
      if (page.json.current + 1 >= page.json.pages) break;
      offset += limit;
    }
    expect(seen).toEqual(expected);
    expect(server.calls()).toHaveLength(5);
    const beyond = await call(server, 'GET', images(), { query: { limit: '10', offset: '100' } });
    expect(beyond.json).toMatchObject({ current: 10, data: [], total: 47 });
  });

  it('sorts by name and by several keys, ties broken by id', async () => {
    const { server, emulator } = await start({ seed: false });
    emulator.generateImages(12, { create_at: 1_700_000_000_000 });
    const byName = await call(server, 'GET', images(), { query: { sort_key: 'name', sort_dir: 'ASC' } });
    const names = byName.json.data.map((i: { name: string }) => i.name);
    expect(names).toEqual([...names].sort());
    const byTwo = await call(server, 'GET', images(), { query: { sort_key: 'create_at,update_at', sort_dir: 'DESC' } });
    const rows = byTwo.json.data as Array<{ update_at: number; id: string }>;
    for (let i = 1; i < rows.length; i += 1) {
      const [a, b] = [rows[i - 1], rows[i]];
      expect(a.update_at > b.update_at || (a.update_at === b.update_at && a.id > b.id)).toBe(true);
    }
  });

  it('filters by name (fuzzy unless name_fuzzy_match=false), namespace, service_type, type, workspace_id', async () => {
    const { server } = await start();
    const ids = async (query: Record<string, string>) =>
      ((await call(server, 'GET', images(), { query })).json.data as Array<{ id: string }>).map((i) => i.id).sort();
    const S = MODELARTS_SEED.imageIds;
    expect(await ids({ name: 'pytorch' })).toEqual([S.docDetails, S.docRegistered, S.docSaved].sort());
    expect(await ids({ name: 'pytorch', name_fuzzy_match: 'false' })).toEqual([]);
    expect(await ids({ name: 'pytorch_1_8', name_fuzzy_match: 'false' })).toEqual([S.docRegistered]);
    expect(await ids({ namespace: 'ml-team' })).toEqual([S.teamDev, S.rankerInference, S.createFailed].sort());
    expect(await ids({ service_type: 'INFERENCE' })).toEqual([S.rankerInference]);
    expect(await ids({ type: 'BUILD_IN' })).toEqual([S.docDetails, S.mindsporeAarch64, S.tensorflowTrain].sort());
    expect(await ids({ workspace_id: '3d1c5b7e9f2a4c6e8a0b1d3f5e7c9a2b' })).toEqual([S.workspaceScoped]);
    expect(await ids({ service_type: 'DEV', namespace: 'ml-team' })).toEqual([S.teamDev, S.createFailed].sort());
  });

  it('rejects an unsupported sort key with ModelArts.6303 and bad parameters with ModelArts.0104', async () => {
    const { server } = await start();
    const sort = await call(server, 'GET', images(), { query: { sort_key: 'size' } });
    expect(sort.status).toBe(400);
    expect(sort.json).toEqual({ error_code: 'ModelArts.6303', error_msg: 'The field does not support sorting.' });
    const bad: Array<Record<string, string>> = [
      { sort_dir: 'UP' },
      { limit: 'ten' },
      { limit: '0' },
      { offset: '-1' },
      { service_type: 'GAMES' },
      { type: 'PUBLIC' },
      { name_fuzzy_match: 'maybe' },
    ];
    for (const query of bad) {
      const reply = await call(server, 'GET', images(), { query });
      expect(reply.status, JSON.stringify(query)).toBe(400);
      expect(reply.json.error_code).toBe('ModelArts.0104');
      expect(reply.json.error_msg).toMatch(/^Parameter error/);
      expect(reply.json.request_id).toBeUndefined();
    }
  });
});

describe('ModelArts emulator: register a custom image', () => {
  it('answers the documented example request with the documented example response', async () => {
    const { server } = await start();
    const reply = await call(server, 'POST', images(), { data: DOC_001_REQUEST });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual(DOC_001);
  });

  it('registers a new image: name/namespace/tag from swr_path, defaults, ACTIVE, size in KB, readable by GET', async () => {
    const now = 1_735_689_600_000;
    const { server } = await start({ now: () => now });
    const reply = await call(server, 'POST', images(), {
      data: {
        arch: 'AARCH64',
        description: 'my image',
        resource_category: ['ASCEND'],
        service_type: 'TRAIN',
        services: ['SSH'],
        swr_path: 'swr.cn-north-4.myhuaweicloud.com/my-org/my.repo_x:v1.2-rc',
        visibility: 'PUBLIC',
        workspace_id: '0',
      },
    });
    expect(reply.status).toBe(200);
    const image = reply.json;
    expect(image).toMatchObject({
      arch: 'aarch64',
      create_at: now,
      description: 'my image',
      dev_services: ['SSH'],
      name: 'my.repo_x',
      namespace: 'my-org',
      origin: 'CUSTOMIZE',
      resource_categories: ['ASCEND'],
      service_type: 'TRAIN',
      status: 'ACTIVE',
      swr_path: 'swr.cn-north-4.myhuaweicloud.com/my-org/my.repo_x:v1.2-rc',
      tag: 'v1.2-rc',
      type: 'DEDICATED',
      update_at: now,
      visibility: 'PUBLIC',
      workspace_id: '0',
    });
    expect(image.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.isSafeInteger(image.size) && image.size > 0).toBe(true);
    expect((await call(server, 'GET', images(image.id))).json).toEqual(image);

    const minimal = await call(server, 'POST', images(), { data: { swr_path: 'swr.x.com/org2/plain' } });
    expect(minimal.json).toMatchObject({
      arch: 'x86_64',
      dev_services: ['NOTEBOOK', 'SSH'],
      origin: 'CUSTOMIZE',
      service_type: 'UNKNOWN',
      tag: 'latest',
      visibility: 'PRIVATE',
      workspace_id: '0',
    });
  });

  it('rejects invalid enums, a long description, a missing swr_path and malformed JSON with ModelArts.0104', async () => {
    const { server, emulator } = await start();
    const before = emulator.images().length;
    const swr = 'swr.x.com/org/repo:1';
    for (const data of [
      { swr_path: swr, arch: 'RISCV' },
      { swr_path: swr, origin: 'DOWNLOAD' },
      { swr_path: swr, resource_category: ['TPU'] },
      { swr_path: swr, resource_category: 'CPU' },
      { swr_path: swr, service_type: 'GAMES' },
      { swr_path: swr, services: ['RDP'] },
      { swr_path: swr, visibility: 'SHARED' },
      { swr_path: swr, description: 'x'.repeat(513) },
      { swr_path: swr, workspace_id: 0 },
      { description: 'no path' },
      { swr_path: 'not-a-path' },
    ]) {
      const reply = await call(server, 'POST', images(), { data });
      expect(reply.status, JSON.stringify(data).slice(0, 80)).toBe(400);
      expect(reply.json.error_code).toBe('ModelArts.0104');
      expect(reply.json.error_msg).toMatch(/^Parameter error/);
    }
    const ok = await call(server, 'POST', images(), { data: { swr_path: swr, description: 'x'.repeat(512) } });
    expect(ok.status).toBe(200);
    const malformed = await call(server, 'POST', images(), { rawBody: '{"swr_path": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual({
      error_code: 'ModelArts.0104',
      error_msg: 'Parameter error: the request body is not valid JSON',
    });
    expect(emulator.images()).toHaveLength(before + 1);
  });
});

describe('ModelArts emulator: save a notebook as an image', () => {
  it('answers an unknown notebook with 400 ModelArts.6309', async () => {
    const { server } = await start();
    const reply = await call(server, 'POST', `/v1/${PROJECT}/notebooks/no-such-notebook/create-image`, {
      data: DOC_004_REQUEST,
    });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({ error_code: 'ModelArts.6309', error_msg: 'The instance does not exist.' });
  });

  it('starts INIT with origin IMAGE_SAVE and moves to CREATING then ACTIVE as the clock advances', async () => {
    let now = 1_671_786_468_811;
    const { server, emulator } = await start({ now: () => now, saveDelaysMs: { creating: 1000, active: 2000 } });
    const notebook = MODELARTS_SEED.notebookIds[0];
    const reply = await call(server, 'POST', `/v1/${PROJECT}/notebooks/${notebook}/create-image`, {
      data: DOC_004_REQUEST,
    });
    expect(reply.status).toBe(200);
    const saved = reply.json;
    expect(saved).toMatchObject({
      arch: 'x86_64',
      create_at: now,
      description: 'save from notebook-x21d',
      dev_services: ['SSH', 'NOTEBOOK'],
      name: 'pytorch1_4',
      namespace: 'atelier-auto',
      origin: 'IMAGE_SAVE',
      resource_categories: ['CPU', 'GPU'],
      service_type: 'TRAIN',
      status: 'INIT',
      swr_path: 'swr.cn-north-4.myhuaweicloud.com/atelier-auto/pytorch1_4:20221223',
      tag: '20221223',
      type: 'DEDICATED',
      update_at: now,
      visibility: 'PRIVATE',
      workspace_id: '0',
    });
    expect(saved.size).toBeUndefined();
    const read = async () => (await call(server, 'GET', images(saved.id))).json;

    now += 999;
    expect((await read()).status).toBe('INIT');
    now += 1;
    const creating = await read();
    expect(creating).toMatchObject({ status: 'CREATING', update_at: saved.create_at + 1000 });
    expect(creating.size).toBeUndefined();
    now += 1999;
    expect((await read()).status).toBe('CREATING');
    now += 1;
    const active = await read();
    expect(active).toMatchObject({ status: 'ACTIVE', update_at: saved.create_at + 3000 });
    expect(active.size).toBeGreaterThan(0);
    // The list and the control method agree with GET.
    const listed = (await call(server, 'GET', images(), { query: { name: 'pytorch1_4', name_fuzzy_match: 'false' } }))
      .json;
    expect(listed.data.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([
      [saved.id, 'ACTIVE'],
      [MODELARTS_SEED.imageIds.docSaved, 'INIT'],
    ]);
    expect(emulator.image(saved.id)?.status).toBe('ACTIVE');
  });

  it('inherits arch and flavors from the notebook, defaults name and tag, and accepts an empty body', async () => {
    const now = Date.UTC(2025, 0, 2, 3, 4, 5);
    const { server, emulator } = await start({ now: () => now });
    emulator.seedNotebook('nb-arm', { arch: 'aarch64', resource_categories: ['ASCEND'], service_type: 'DEV' });
    const reply = await call(server, 'POST', `/v1/${PROJECT}/notebooks/nb-arm/create-image`, {});
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      arch: 'aarch64',
      resource_categories: ['ASCEND'],
      service_type: 'DEV',
      name: 'notebook-nb-arm',
      tag: '20250102030405',
      status: 'INIT',
    });
  });

  it('validates name, tag and description', async () => {
    const { server } = await start();
    const path = `/v1/${PROJECT}/notebooks/${MODELARTS_SEED.notebookIds[1]}/create-image`;
    for (const data of [
      { name: 'Upper-Case' },
      { name: 'a'.repeat(513) },
      { tag: 't'.repeat(65) },
      { tag: 'bad tag' },
      { description: 'd'.repeat(513) },
      { namespace: 7 },
    ]) {
      const reply = await call(server, 'POST', path, { data });
      expect(reply.status, JSON.stringify(data).slice(0, 60)).toBe(400);
      expect(reply.json.error_code).toBe('ModelArts.0104');
    }
    expect((await call(server, 'POST', path, { data: { tag: 't'.repeat(64), name: 'ok-name_1.2' } })).status).toBe(200);
  });
});

describe('ModelArts emulator: delete and controls', () => {
  it('deletes an image (200 with the image), after which it is not found', async () => {
    const { server, emulator } = await start();
    const reply = await call(server, 'DELETE', images(DOC_001.id), { query: { force: 'true' } });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ id: DOC_001.id, status: 'DELETED' });
    expect((await call(server, 'GET', images(DOC_001.id))).json.error_code).toBe('ModelArts.6404');
    expect(emulator.image(DOC_001.id)).toBeUndefined();
  });

  it('seeds images verbatim and generates deterministic synthetic ones', async () => {
    const a = createModelArtsEmulator({ ak: AK, sk: SK, projectId: PROJECT, seed: false });
    const b = createModelArtsEmulator({ ak: AK, sk: SK, projectId: PROJECT, seed: false });
    const first = a.generateImages(30);
    expect(b.generateImages(30)).toEqual(first);
    expect(new Set(first.map((i) => i.id)).size).toBe(30);
    expect(new Set(first.map((i) => i.create_at)).size).toBe(30);
    expect(new Set(first.map((i) => i.service_type))).toEqual(
      new Set(['COMMON', 'INFERENCE', 'TRAIN', 'DEV', 'UNKNOWN']),
    );
    expect(new Set(first.map((i) => i.type))).toEqual(new Set(['BUILD_IN', 'DEDICATED']));
    expect(new Set(first.map((i) => i.arch))).toEqual(new Set(['x86_64', 'aarch64']));
    expect(first.some((i) => (i.size ?? 0) > 2 ** 31)).toBe(true);
    const more = a.generateImages(5, { namespace: 'override-ns' });
    expect(more.every((i) => i.namespace === 'override-ns')).toBe(true);
    expect(a.images()).toHaveLength(35);
    a.seedImage({ id: 'custom', name: 'only-an-id-and-name' });
    expect(a.image('custom')).toEqual({ id: 'custom', name: 'only-an-id-and-name' });
    expect(createModelArtsEmulator({ ak: AK, sk: SK, projectId: PROJECT }).notebookIds()).toEqual([
      ...MODELARTS_SEED.notebookIds,
    ]);
  });
});

describe('ModelArts emulator: seeded extras', () => {
  let shared: { emulator: ModelArtsEmulator; server: RunningEmulator };
  beforeAll(async () => {
    const emulator = createModelArtsEmulator({ ak: AK, sk: SK, projectId: PROJECT });
    shared = { emulator, server: await serveEmulator(emulator) };
  });
  afterAll(async () => {
    await shared.server.close();
  });

  it('covers AARCH64, PUBLIC, DEV, BUILD_IN, CREATE_FAILED and a non-default workspace', async () => {
    const all = (await call(shared.server, 'GET', images())).json.data as Array<Record<string, unknown>>;
    expect(all.some((i) => i.arch === 'aarch64' && i.type === 'BUILD_IN' && i.visibility === 'PUBLIC')).toBe(true);
    expect(all.some((i) => i.service_type === 'DEV')).toBe(true);
    expect(all.some((i) => i.status === 'CREATE_FAILED' && typeof i.status_message === 'string')).toBe(true);
    expect(all.some((i) => i.workspace_id !== '0')).toBe(true);
    expect(all.some((i) => Array.isArray(i.support_res_categories))).toBe(true);
  });
});

describe('ModelArts emulator: DeleteImage and SyncImage (docs/vendor-writes.md §1)', () => {
  const S = MODELARTS_SEED.imageIds;

  it('deletes the SWR content too with ?force=true, or with the Go SDK body {"is_force": true}', async () => {
    const { server, emulator } = await start();
    expect((await call(server, 'DELETE', images(S.teamDev))).status).toBe(200);
    expect(emulator.deletedSwrContent()).toEqual([]);
    expect((await call(server, 'DELETE', images(S.rankerInference), { query: { force: 'true' } })).status).toBe(200);
    expect((await call(server, 'DELETE', images(S.createFailed), { data: { is_force: true } })).status).toBe(200);
    expect((await call(server, 'DELETE', images(S.scratch), { data: { is_force: false } })).status).toBe(200);
    expect(emulator.deletedSwrContent()).toEqual([
      'swr.cn-north-4.myhuaweicloud.com/ml-team/ranker-serving:2.4.1',
      'swr.cn-north-4.myhuaweicloud.com/ml-team/ascend-exp:20231116',
    ]);
    const bad = await call(server, 'DELETE', images(S.workspaceScoped), { data: { is_force: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error_code).toBe('ModelArts.0104');
    expect(emulator.image(S.workspaceScoped)).toBeDefined();
  });

  it("answers 204 with no body with deleteAnswer 'http204'", async () => {
    const { server, emulator } = await start({ deleteAnswer: 'http204' });
    const reply = await call(server, 'DELETE', images(S.teamDev));
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    expect(reply.headers['x-request-id']).toMatch(REQUEST_ID);
    expect(emulator.image(S.teamDev)).toBeUndefined();
  });

  it('refuses to delete a built-in image with 403 ModelArts.6407, and a missing one with ModelArts.6404', async () => {
    const { server, emulator } = await start();
    const builtIn = await call(server, 'DELETE', images(S.docDetails), { query: { force: 'true' } });
    expect(builtIn.status).toBe(403);
    expect(builtIn.json).toEqual({
      error_code: 'ModelArts.6407',
      error_msg: `Built-in image ${S.docDetails} cannot be deleted.`,
    });
    expect(emulator.image(S.docDetails)).toBeDefined();
    expect(emulator.deletedSwrContent()).toEqual([]);
    await call(server, 'DELETE', images(S.teamDev));
    const again = await call(server, 'DELETE', images(S.teamDev));
    expect(again.status).toBe(400);
    expect(again.json.error_code).toBe('ModelArts.6404');
  });

  it('syncs a saved image stuck in INIT to ACTIVE, and answers any other image as it is', async () => {
    let now = Date.UTC(2025, 5, 1);
    const { server, emulator } = await start({ now: () => now, saveDelaysMs: { creating: 1000, active: 1000 } });
    const stuck = await call(server, 'GET', images(S.docSaved));
    expect(stuck.json.status).toBe('INIT');
    now += 60_000;
    const synced = await call(server, 'POST', `${images(S.docSaved)}/sync`);
    expect(synced.status).toBe(200);
    expect(synced.json).toEqual({
      ...stuck.json,
      status: 'ACTIVE',
      status_message: 'Image saved successfully.',
      update_at: now,
    });
    expect((await call(server, 'GET', images(S.docSaved))).json).toEqual(synced.json);

    const failed = emulator.image(S.createFailed);
    expect((await call(server, 'POST', `${images(S.createFailed)}/sync`)).json).toEqual(failed);

    // A save in progress is not stuck: sync leaves it to its progression.
    const saving = await call(
      server,
      'POST',
      `/v1/${PROJECT}/notebooks/${MODELARTS_SEED.notebookIds[0]}/create-image`,
      {
        data: { name: 'in-progress', tag: 'v1' },
      },
    );
    const id = saving.json.id as string;
    expect((await call(server, 'POST', `${images(id)}/sync`)).json.status).toBe('INIT');
    now += 1500;
    expect((await call(server, 'POST', `${images(id)}/sync`)).json.status).toBe('CREATING');
    now += 1000;
    expect((await call(server, 'GET', images(id))).json.status).toBe('ACTIVE');
  });

  it('answers a sync of a missing image with ModelArts.6404 and one with a body with ModelArts.0104', async () => {
    const { server } = await start({ notFoundStyle: 'http404' });
    const missing = await call(server, 'POST', `${images('nope')}/sync`);
    expect(missing.status).toBe(404);
    expect(missing.json.error_code).toBe('ModelArts.6404');
    const withBody = await call(server, 'POST', `${images(S.docSaved)}/sync`, { data: { status: 'ACTIVE' } });
    expect(withBody.status).toBe(400);
    expect(withBody.json.error_code).toBe('ModelArts.0104');
    expect((await call(server, 'POST', `${images(S.docSaved)}/sync`, { data: {} })).status).toBe(200);
  });
});
