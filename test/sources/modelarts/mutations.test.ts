// The ModelArts mutations over HTTP against the sandbox: the exact JSON body
// the API received (captured at the emulator), the save progression
// INIT → CREATING → ACTIVE read back by id, and input validation that stops a
// bad request before any upstream call.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MODELARTS_SEED, SANDBOX_HUAWEI } from '../../../src/sandbox/index.js';
import type { EmulatorRequest } from '../../../src/sandbox/emulator.js';
import { encodeGlobalId } from '../../../src/ids.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

const P = SANDBOX_HUAWEI.projectId;
const NOTEBOOK = MODELARTS_SEED.notebookIds[0];
const SAVE_DELAYS = { creating: 200, active: 300 };
const IMAGE_FIELDS = `id nativeId name description status vendorStatus modelArtsStatus architecture arch sizeBytes size
  createdAt updatedAt visibility modelArtsVisibility namespace origin resourceCategories serviceType devServices swrPath
  tag type workspaceId statusMessage projectId region`;

const REGISTER = `mutation ($input: RegisterModelArtsImageInput!) { registerModelArtsImage(input: $input) { image { ${IMAGE_FIELDS} } } }`;
const SAVE = `mutation ($input: SaveNotebookAsImageInput!) { saveNotebookAsImage(input: $input) { image { ${IMAGE_FIELDS} } } }`;
const BY_ID = `query ($id: ID!) { modelArtsImage(id: $id) { status vendorStatus modelArtsStatus statusMessage size sizeBytes updatedAt createdAt } }`;

/** What the emulator received: method, raw path and body, in order. */
interface Received {
  method: string;
  rawPath: string;
  contentType: string | undefined;
  body: string;
}

let gw: TestGateway;
let clock = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
const received: Received[] = [];

beforeAll(async () => {
  gw = await startTestGateway({ sandbox: { modelarts: { saveDelaysMs: SAVE_DELAYS, now: () => clock } } });
  // The emulator records calls without bodies: wrap its handler to keep each body as it arrived.
  const emulator = gw.sandbox.modelarts.emulator;
  const handle = emulator.handle.bind(emulator);
  (emulator as { handle: typeof emulator.handle }).handle = (request: EmulatorRequest) => {
    received.push({
      method: request.method,
      rawPath: request.rawPath,
      contentType: request.headers['content-type'],
      body: request.body.toString('utf8'),
    });
    return handle(request);
  };
});
afterAll(async () => {
  await gw?.stop();
});
beforeEach(() => {
  received.length = 0;
  gw.sandbox.resetCalls();
});

describe('registerModelArtsImage', () => {
  it('sends every request field of page 001 in snake_case, and maps the answer', async () => {
    const input = {
      projectId: P,
      region: 'cn-north-4',
      arch: 'AARCH64',
      description: 'MindSpore 2.2 on Ascend, registered by the test',
      origin: 'CUSTOMIZE',
      resourceCategory: ['ASCEND', 'CPU'],
      serviceType: 'TRAIN',
      services: ['SSH', 'NOTEBOOK'],
      swrPath: 'swr.cn-north-4.myhuaweicloud.com/ml-team/mindspore-ascend:2.2.0',
      visibility: 'PUBLIC',
      workspaceId: '3d1c5b7e9f2a4c6e8a0b1d3f5e7c9a2b',
    };
    const res = await gw.query(REGISTER, { input });
    expect(res.body.errors).toBeUndefined();

    expect(received.map((r) => `${r.method} ${r.rawPath}`)).toEqual([`POST /v1/${P}/images`]);
    expect(received[0].contentType).toBe('application/json');
    expect(JSON.parse(received[0].body)).toStrictEqual({
      arch: 'AARCH64',
      description: 'MindSpore 2.2 on Ascend, registered by the test',
      origin: 'CUSTOMIZE',
      resource_category: ['ASCEND', 'CPU'],
      service_type: 'TRAIN',
      services: ['SSH', 'NOTEBOOK'],
      swr_path: 'swr.cn-north-4.myhuaweicloud.com/ml-team/mindspore-ascend:2.2.0',
      visibility: 'PUBLIC',
      workspace_id: '3d1c5b7e9f2a4c6e8a0b1d3f5e7c9a2b',
    });

    const image = res.body.data.registerModelArtsImage.image;
    const stored = gw.sandbox.modelarts.emulator.image(image.nativeId)!;
    expect(stored).toBeDefined();
    expect(image).toStrictEqual({
      id: encodeGlobalId({ provider: 'MODELARTS', region: 'cn-north-4', project: P, nativeId: stored.id }),
      nativeId: stored.id,
      name: 'mindspore-ascend',
      description: 'MindSpore 2.2 on Ascend, registered by the test',
      status: 'ACTIVE',
      vendorStatus: 'ACTIVE',
      modelArtsStatus: 'ACTIVE',
      architecture: 'AARCH64',
      arch: 'AARCH64',
      sizeBytes: stored.size! * 1024,
      size: stored.size,
      createdAt: new Date(clock).toISOString(),
      updatedAt: new Date(clock).toISOString(),
      visibility: 'PUBLIC',
      modelArtsVisibility: 'PUBLIC',
      namespace: 'ml-team',
      origin: 'CUSTOMIZE',
      resourceCategories: ['ASCEND', 'CPU'],
      serviceType: 'TRAIN',
      devServices: ['SSH', 'NOTEBOOK'],
      swrPath: 'swr.cn-north-4.myhuaweicloud.com/ml-team/mindspore-ascend:2.2.0',
      tag: '2.2.0',
      type: 'DEDICATED',
      workspaceId: '3d1c5b7e9f2a4c6e8a0b1d3f5e7c9a2b',
      statusMessage: null,
      projectId: P,
      region: 'cn-north-4',
    });

    // The new image reads back by its global id.
    const back = await gw.query(`query ($id: ID!) { node(id: $id) { ... on ModelArtsImage { swrPath } } }`, {
      id: image.id,
    });
    expect(back.body).toEqual({ data: { node: { swrPath: input.swrPath } } });
  });

  it('the documented example request of page 001 goes out as that exact body, and nothing undefined is sent', async () => {
    const res = await gw.query(REGISTER, {
      input: {
        description: '',
        resourceCategory: ['CPU'],
        arch: 'X86_64',
        swrPath: 'swr.xxx.com/op_svc_modelarts_container2/pytorch_1_8:train-pytorch_1.8.0-cuda_10.2-py_3.7',
      },
    });
    expect(res.body.errors).toBeUndefined();
    // docs/vendor/001-modelarts-register-image.txt, "Example Requests".
    expect(JSON.parse(received[0].body)).toStrictEqual(
      JSON.parse(`{
  "description" : "",
  "resource_category" : [ "CPU" ],
  "arch" : "X86_64",
  "swr_path" : "swr.xxx.com/op_svc_modelarts_container2/pytorch_1_8:train-pytorch_1.8.0-cuda_10.2-py_3.7"
}`),
    );
    expect(res.body.data.registerModelArtsImage.image).toMatchObject({
      name: 'pytorch_1_8',
      namespace: 'op_svc_modelarts_container2',
      tag: 'train-pytorch_1.8.0-cuda_10.2-py_3.7',
      description: '',
      resourceCategories: ['CPU'],
      architecture: 'X86_64',
      status: 'ACTIVE',
    });
  });

  it('an swrPath the API refuses → BAD_USER_INPUT with ModelArts.0104, on the mutation path', async () => {
    const res = await gw.query(REGISTER, { input: { swrPath: 'not-a-path' } });
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].path).toEqual(['registerModelArtsImage']);
    expect(res.body.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      provider: 'MODELARTS',
      vendorCode: 'ModelArts.0104',
      upstreamStatus: 400,
    });
    expect(received).toHaveLength(1);
  });

  it('a POST is never retried, even after a 503', async () => {
    gw.sandbox.modelarts.injectFault({
      method: 'POST',
      status: 503,
      body: { error_code: 'ModelArts.0001', error_msg: 'busy' },
    });
    const res = await gw.query(REGISTER, { input: { swrPath: 'swr.cn-north-4.myhuaweicloud.com/ml-team/once:1' } });
    expect(res.body.errors![0].extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      vendorCode: 'ModelArts.0001',
    });
    expect(gw.sandbox.modelarts.calls().filter((c) => c.method === 'POST')).toHaveLength(1);
  });
});

describe('saveNotebookAsImage', () => {
  it('sends every request field of page 004, then the image goes INIT → CREATING → ACTIVE', async () => {
    const start = clock;
    const res = await gw.query(SAVE, {
      input: {
        notebookId: NOTEBOOK,
        projectId: P,
        region: 'cn-north-4',
        name: 'pytorch1_4',
        namespace: 'atelier-auto',
        tag: '20221223',
        description: 'save from notebook-x21d',
        workspaceId: '0',
      },
    });
    expect(res.body.errors).toBeUndefined();
    expect(received.map((r) => `${r.method} ${r.rawPath}`)).toEqual([
      `POST /v1/${P}/notebooks/${NOTEBOOK}/create-image`,
    ]);
    // docs/vendor/004-modelarts-save-notebook-image.txt, "Example Requests": the same fields.
    expect(JSON.parse(received[0].body)).toStrictEqual({
      name: 'pytorch1_4',
      namespace: 'atelier-auto',
      tag: '20221223',
      description: 'save from notebook-x21d',
      workspace_id: '0',
    });
    const image = res.body.data.saveNotebookAsImage.image;
    expect(image).toMatchObject({
      name: 'pytorch1_4',
      namespace: 'atelier-auto',
      tag: '20221223',
      description: 'save from notebook-x21d',
      origin: 'IMAGE_SAVE',
      status: 'QUEUED',
      vendorStatus: 'INIT',
      modelArtsStatus: 'INIT',
      swrPath: 'swr.cn-north-4.myhuaweicloud.com/atelier-auto/pytorch1_4:20221223',
      size: null,
      sizeBytes: null,
      createdAt: new Date(start).toISOString(),
    });

    // Each read is a new request (new loaders), so each goes upstream and sees the current state.
    const read = async () => {
      const r = await gw.query(BY_ID, { id: image.id });
      expect(r.body.errors).toBeUndefined();
      return r.body.data.modelArtsImage;
    };
    expect(await read()).toMatchObject({ status: 'QUEUED', vendorStatus: 'INIT', size: null });

    clock = start + SAVE_DELAYS.creating;
    expect(await read()).toMatchObject({
      status: 'CREATING',
      vendorStatus: 'CREATING',
      modelArtsStatus: 'CREATING',
      statusMessage: 'Saving the notebook instance as an image.',
      size: null,
      updatedAt: new Date(start + SAVE_DELAYS.creating).toISOString(),
    });

    clock = start + SAVE_DELAYS.creating + SAVE_DELAYS.active;
    const active = await read();
    expect(active).toMatchObject({
      status: 'ACTIVE',
      vendorStatus: 'ACTIVE',
      modelArtsStatus: 'ACTIVE',
      createdAt: new Date(start).toISOString(),
      updatedAt: new Date(start + SAVE_DELAYS.creating + SAVE_DELAYS.active).toISOString(),
    });
    expect(active.size).toBe(gw.sandbox.modelarts.emulator.image(image.nativeId)!.size);
    expect(active.sizeBytes).toBe(active.size * 1024);
    expect(gw.sandbox.modelarts.calls().filter((c) => c.method === 'GET')).toHaveLength(3);
  });

  it('without optional fields, only the path id goes out (an empty JSON object)', async () => {
    const res = await gw.query(SAVE, { input: { notebookId: NOTEBOOK } });
    expect(res.body.errors).toBeUndefined();
    expect(JSON.parse(received[0].body)).toStrictEqual({});
  });

  it('an unknown notebook → BAD_USER_INPUT (ModelArts.6309) naming input.notebookId', async () => {
    const res = await gw.query(SAVE, { input: { notebookId: '00000000-0000-4000-8000-00000000dead', name: 'x' } });
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].path).toEqual(['saveNotebookAsImage']);
    expect(res.body.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.notebookId',
      provider: 'MODELARTS',
      vendorCode: 'ModelArts.6309',
      upstreamStatus: 400,
    });
    expect(received).toHaveLength(1);
  });

  it('a notebook id that tries to escape its segment stays one encoded segment', async () => {
    const res = await gw.query(SAVE, { input: { notebookId: '../images' } });
    expect(res.body.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.notebookId',
      vendorCode: 'ModelArts.6309',
    });
    expect(received.map((r) => r.rawPath)).toEqual([`/v1/${P}/notebooks/..%2Fimages/create-image`]);
  });
});

describe('validation before any upstream call', () => {
  const long = (n: number, c = 'a') => c.repeat(n);
  it.each<[string, string, Record<string, unknown>, string]>([
    [
      'register: description of 513 characters',
      REGISTER,
      { swrPath: 'swr.x.com/a/b:c', description: long(513) },
      'input.description',
    ],
    ['register: blank swrPath', REGISTER, { swrPath: '   ' }, 'input.swrPath'],
    [
      'save: description of 513 characters',
      SAVE,
      { notebookId: NOTEBOOK, description: long(513) },
      'input.description',
    ],
    ['save: name with an uppercase letter', SAVE, { notebookId: NOTEBOOK, name: 'MyImage' }, 'input.name'],
    ['save: name with a space', SAVE, { notebookId: NOTEBOOK, name: 'my image' }, 'input.name'],
    ['save: name with a slash', SAVE, { notebookId: NOTEBOOK, name: 'a/b' }, 'input.name'],
    ['save: name of 513 characters', SAVE, { notebookId: NOTEBOOK, name: long(513) }, 'input.name'],
    ['save: empty name', SAVE, { notebookId: NOTEBOOK, name: '' }, 'input.name'],
    ['save: tag of 65 characters', SAVE, { notebookId: NOTEBOOK, tag: long(65, 'T') }, 'input.tag'],
    ['save: tag with a slash', SAVE, { notebookId: NOTEBOOK, tag: 'v1/latest' }, 'input.tag'],
    ['save: tag with a colon', SAVE, { notebookId: NOTEBOOK, tag: 'v1:2' }, 'input.tag'],
    ['save: blank notebookId', SAVE, { notebookId: ' ' }, 'input.notebookId'],
    ['save: notebookId ".."', SAVE, { notebookId: '..' }, 'input.notebookId'],
    ['save: notebookId "."', SAVE, { notebookId: '.' }, 'input.notebookId'],
  ])('%s → BAD_USER_INPUT naming the field, 0 upstream calls', async (_name, document, input, field) => {
    const res = await gw.query(document, { input });
    expect(res.status).toBe(200);
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.body.errors![0].message).toContain(field);
    expect(gw.sandbox.modelarts.calls()).toHaveLength(0);
  });

  it('the limits themselves pass: 512-character name and description, 64-character tag', async () => {
    const res = await gw.query(SAVE, {
      input: { notebookId: NOTEBOOK, name: long(512), description: long(512, 'd'), tag: long(64, 'T') },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.saveNotebookAsImage.image).toMatchObject({ name: long(512), tag: long(64, 'T') });
    expect(gw.sandbox.modelarts.calls()).toHaveLength(1);
  });

  it.each<[string, string, Record<string, unknown>, string]>([
    ['arch', REGISTER, { swrPath: 'swr.x.com/a/b:c', arch: 'ARM' }, 'arch'],
    ['lower-case arch', REGISTER, { swrPath: 'swr.x.com/a/b:c', arch: 'x86_64' }, 'arch'],
    [
      'resourceCategory item',
      REGISTER,
      { swrPath: 'swr.x.com/a/b:c', resourceCategory: ['CPU', 'TPU'] },
      'resourceCategory',
    ],
    ['visibility', REGISTER, { swrPath: 'swr.x.com/a/b:c', visibility: 'SHARED' }, 'visibility'],
    ['missing notebookId', SAVE, { name: 'x' }, 'notebookId'],
    ['an unknown input field', SAVE, { notebookId: NOTEBOOK, bogus: 1 }, 'bogus'],
  ])(
    'invalid %s in variables → GraphQL variable error (BAD_USER_INPUT) naming it, 0 upstream calls',
    async (_name, document, input, field) => {
      const res = await gw.query(document, { input });
      // A request error: 200 under application/json, as the GraphQL over HTTP spec says.
      expect(res.status).toBe(200);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors![0].message).toContain('$input');
      expect(res.body.errors![0].message).toContain(field);
      expect(gw.sandbox.modelarts.calls()).toHaveLength(0);
    },
  );
});
