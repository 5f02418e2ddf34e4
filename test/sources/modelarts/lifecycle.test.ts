// ModelArts' lifecycle writes over HTTP against the sandbox: deleteImage
// (one read, then DELETE, `force` as `?force=true`, 200 with the deleted image
// or 204 answered with the image as last read) and syncModelArtsImage (POST
// …/sync, no body), with what the emulator received (method, raw path, query,
// body) and how many calls it took, and every refusal with its code.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../../src/ids.js';
import type { EmulatorRequest } from '../../../src/sandbox/emulator.js';
import { MODELARTS_SEED, SANDBOX_HUAWEI } from '../../../src/sandbox/index.js';
import type { ModelArtsWireImage } from '../../../src/sandbox/modelarts/index.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { recordRequests } from '../../support/received.js';

const P = SANDBOX_HUAWEI.projectId;
const REGION = SANDBOX_HUAWEI.region;
const S = MODELARTS_SEED.imageIds;
const globalId = (nativeId: string) => encodeGlobalId({ provider: 'MODELARTS', region: REGION, project: P, nativeId });

const DELETE = `mutation ($input: DeleteImageInput!) {
  deleteImage(input: $input) {
    deletedId
    image { __typename id nativeId name status vendorStatus ... on ModelArtsImage { swrPath updatedAt } }
  }
}`;
const SYNC = `mutation ($id: ID!, $projectId: String) {
  syncModelArtsImage(id: $id, projectId: $projectId) {
    image { id nativeId status vendorStatus statusMessage updatedAt }
  }
}`;

/** A request as the tests compare it: method, raw path, raw query, body. */
const asSent = (request: EmulatorRequest) => ({
  method: request.method,
  rawPath: request.rawPath,
  rawQuery: request.rawQuery,
  body: request.body.toString('utf8'),
});

/** A gateway, and the ModelArts requests it sends from now on. */
async function recordingGateway(options: Parameters<typeof startTestGateway>[0] = {}) {
  const gw = await startTestGateway(options);
  return { gw, received: recordRequests(gw.sandbox.modelarts.emulator) };
}

/** A private image of the project, made for one test. */
function scratchImage(gw: TestGateway, id: string, extra: Partial<ModelArtsWireImage> = {}): ModelArtsWireImage {
  const image: ModelArtsWireImage = {
    id,
    name: `scratch-${id.slice(0, 8)}`,
    status: 'ACTIVE',
    type: 'DEDICATED',
    visibility: 'PRIVATE',
    create_at: 1700000000000,
    update_at: 1700000000000,
    swr_path: `swr.cn-north-4.myhuaweicloud.com/scratch/${id}:1`,
    ...extra,
  };
  gw.sandbox.modelarts.emulator.seedImage(image);
  return image;
}

let gw: TestGateway;
let received: EmulatorRequest[];
beforeAll(async () => {
  ({ gw, received } = await recordingGateway());
});
afterAll(async () => {
  await gw?.stop();
});
beforeEach(() => {
  received.length = 0;
  gw.sandbox.resetCalls();
  gw.sandbox.modelarts.clearFaults();
});

describe('deleteImage on ModelArts', () => {
  it('reads the image, then sends one DELETE without force, and answers the deleted image ModelArts returns', async () => {
    const image = scratchImage(gw, '11111111-0000-4000-8000-000000000001');
    const res = await gw.query(DELETE, { input: { id: globalId(image.id) } });
    expect(res.body.errors).toBeUndefined();
    expect(received.map(asSent)).toEqual([
      { method: 'GET', rawPath: `/v1/${P}/images/${image.id}`, rawQuery: '', body: '' },
      { method: 'DELETE', rawPath: `/v1/${P}/images/${image.id}`, rawQuery: '', body: '' },
    ]);
    expect(res.body.data.deleteImage).toEqual({
      deletedId: globalId(image.id),
      image: {
        __typename: 'ModelArtsImage',
        id: globalId(image.id),
        nativeId: image.id,
        name: image.name,
        status: 'DELETED',
        vendorStatus: 'DELETED',
        swrPath: image.swr_path,
        updatedAt: expect.any(String),
      },
    });
    expect(gw.sandbox.modelarts.emulator.image(image.id)).toBeUndefined();
    expect(gw.sandbox.modelarts.emulator.deletedSwrContent()).not.toContain(image.swr_path);
    const after = await gw.query(`query ($id: ID!) { node(id: $id) { id } }`, { id: globalId(image.id) });
    expect(after.body).toEqual({ data: { node: null } });
  });

  it('sends force as ?force=true, which deletes the SWR content too', async () => {
    const image = scratchImage(gw, '11111111-0000-4000-8000-000000000002');
    const res = await gw.query(DELETE, { input: { id: globalId(image.id), force: true } });
    expect(res.body.errors).toBeUndefined();
    expect(received.map(asSent).map((r) => `${r.method} ${r.rawPath}?${r.rawQuery} ${r.body}`)).toEqual([
      `GET /v1/${P}/images/${image.id}? `,
      `DELETE /v1/${P}/images/${image.id}?force=true `,
    ]);
    expect(gw.sandbox.modelarts.emulator.deletedSwrContent()).toContain(image.swr_path);
    const withoutForce = scratchImage(gw, '11111111-0000-4000-8000-000000000003');
    received.length = 0;
    await gw.query(DELETE, { input: { id: globalId(withoutForce.id), force: false } });
    expect(received[1]).toMatchObject({ method: 'DELETE', rawQuery: '' });
  });

  it('is NOT_FOUND, after one read and no DELETE, when the image is gone; a second delete in one request costs nothing', async () => {
    const res = await gw.query(DELETE, { input: { id: globalId('11111111-0000-4000-8000-00000000dead') } });
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]).toMatchObject({
      path: ['deleteImage'],
      extensions: { code: 'NOT_FOUND', provider: 'MODELARTS', field: 'input.id' },
    });
    expect(received.map((r) => r.method)).toEqual(['GET']);

    const image = scratchImage(gw, '11111111-0000-4000-8000-000000000004');
    received.length = 0;
    const twice = await gw.query(
      `mutation ($input: DeleteImageInput!) { a: deleteImage(input: $input) { deletedId } b: deleteImage(input: $input) { deletedId } }`,
      { input: { id: globalId(image.id) } },
    );
    expect(twice.body.data).toBeNull(); // b is non-null and failed
    expect(twice.body.errors).toMatchObject([{ path: ['b'], extensions: { code: 'NOT_FOUND' } }]);
    expect(received.map((r) => r.method)).toEqual(['GET', 'DELETE']);
  });

  it('is NOT_FOUND with ModelArts.6404 when the image goes between the read and the DELETE (404 or 400)', async () => {
    for (const status of [404, 400]) {
      const image = scratchImage(gw, `11111111-0000-4000-8000-00000000040${status % 10}`);
      gw.sandbox.modelarts.injectFault({
        method: 'DELETE',
        status,
        body: { error_code: 'ModelArts.6404', error_msg: `Image ${image.id} not found` },
        headers: { 'x-request-id': 'req-6404' },
      });
      const res = await gw.query(DELETE, { input: { id: globalId(image.id) } });
      expect(res.body.errors?.[0].extensions).toEqual({
        code: 'NOT_FOUND',
        provider: 'MODELARTS',
        region: REGION,
        vendorCode: 'ModelArts.6404',
        requestId: 'req-6404',
        upstreamStatus: status,
        field: 'input.id',
      });
    }
  });

  it('refuses a built-in image with FORBIDDEN and ModelArts.6407, and leaves it', async () => {
    const res = await gw.query(DELETE, { input: { id: globalId(S.docDetails), force: true } });
    expect(res.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('ModelArts.6407'),
      extensions: { code: 'FORBIDDEN', provider: 'MODELARTS', vendorCode: 'ModelArts.6407', upstreamStatus: 403 },
    });
    expect(gw.sandbox.modelarts.emulator.image(S.docDetails)).toBeDefined();
    expect(received.map((r) => r.method)).toEqual(['GET', 'DELETE']);
  });

  it('never repeats a DELETE: a 503 is reported after one attempt', async () => {
    const image = scratchImage(gw, '11111111-0000-4000-8000-000000000005');
    gw.sandbox.modelarts.injectFault({
      method: 'DELETE',
      status: 503,
      times: 5,
      body: { error_code: 'APIG.0203', error_msg: 'Backend unavailable' },
    });
    const res = await gw.query(DELETE, { input: { id: globalId(image.id) } });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstreamStatus: 503 });
    expect(gw.sandbox.modelarts.calls().map((c) => c.method)).toEqual(['GET', 'DELETE']);
  });

  it('refuses an id that is no global id, before any call', async () => {
    const res = await gw.query(DELETE, { input: { id: S.teamDev } });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.id' });
    expect(gw.sandbox.modelarts.calls()).toHaveLength(0);
  });
});

describe('deleteImage on ModelArts answering 204', () => {
  it('answers the image as it was read before the delete', async () => {
    const { gw: gw204, received: got } = await recordingGateway({
      sandbox: { modelarts: { deleteAnswer: 'http204' } },
    });
    try {
      const image = scratchImage(gw204, '22222222-0000-4000-8000-000000000001');
      const res = await gw204.query(DELETE, { input: { id: globalId(image.id) } });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.deleteImage.image).toMatchObject({
        nativeId: image.id,
        status: 'ACTIVE',
        vendorStatus: 'ACTIVE',
      });
      expect(got.map((r) => r.method)).toEqual(['GET', 'DELETE']);
      expect(gw204.sandbox.modelarts.emulator.image(image.id)).toBeUndefined();
    } finally {
      await gw204.stop();
    }
  });
});

describe('syncModelArtsImage', () => {
  it('POSTs …/sync with no body, once, and answers the corrected image', async () => {
    const image = scratchImage(gw, '33333333-0000-4000-8000-000000000001', { status: 'CREATING' });
    const before = await gw.query(`query ($id: ID!) { modelArtsImage(id: $id) { status } }`, { id: image.id });
    expect(before.body.data.modelArtsImage.status).toBe('CREATING');
    received.length = 0;
    const res = await gw.query(SYNC, { id: image.id });
    expect(res.body.errors).toBeUndefined();
    expect(received.map(asSent)).toEqual([
      { method: 'POST', rawPath: `/v1/${P}/images/${image.id}/sync`, rawQuery: '', body: '' },
    ]);
    expect(res.body.data.syncModelArtsImage.image).toMatchObject({
      id: globalId(image.id),
      nativeId: image.id,
      status: 'ACTIVE',
      vendorStatus: 'ACTIVE',
      statusMessage: 'Image saved successfully.',
    });
  });

  it("is the request's latest sight of the image: a delete after it in the same request reads nothing more", async () => {
    const image = scratchImage(gw, '33333333-0000-4000-8000-000000000002', { status: 'INIT' });
    const res = await gw.query(
      `mutation ($id: ID!, $input: DeleteImageInput!) {
        a: syncModelArtsImage(id: $id) { image { status } }
        b: deleteImage(input: $input) { deletedId }
      }`,
      { id: image.id, input: { id: globalId(image.id) } },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.a.image.status).toBe('ACTIVE');
    expect(received.map((r) => `${r.method} ${r.rawPath}`)).toEqual([
      `POST /v1/${P}/images/${image.id}/sync`,
      `DELETE /v1/${P}/images/${image.id}`,
    ]);
  });

  it('takes a global id and a project, as modelArtsImage does', async () => {
    const res = await gw.query(SYNC, { id: globalId(S.docSaved), projectId: P });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.syncModelArtsImage.image.status).toBe('ACTIVE');
    expect(received.map((r) => `${r.method} ${r.rawPath}`)).toEqual([`POST /v1/${P}/images/${S.docSaved}/sync`]);
  });

  it('is NOT_FOUND with ModelArts.6404 for a missing image, and never repeats a failed sync', async () => {
    const missing = await gw.query(SYNC, { id: '33333333-0000-4000-8000-00000000dead' });
    expect(missing.body.errors?.[0].extensions).toMatchObject({
      code: 'NOT_FOUND',
      vendorCode: 'ModelArts.6404',
      field: 'id',
    });
    gw.sandbox.resetCalls();
    gw.sandbox.modelarts.injectFault({ method: 'POST', status: 502, times: 5, body: {} });
    const failed = await gw.query(SYNC, { id: S.docSaved });
    expect(failed.body.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(gw.sandbox.modelarts.calls()).toHaveLength(1);
  });
});
