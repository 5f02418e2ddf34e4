// deleteImage, the one mutation every source shares: the same guarantees
// through every provider that can delete (one table line each), over HTTP
// against the sandbox: the image is gone afterwards, the payload is the image
// as last seen, a delete costs exactly the calls listed, deleting it again is
// NOT_FOUND, and each delete leaves a log line. Then what the core decides on
// its own: ids that are not ours or name no configured instance, and a source
// that cannot delete. The vendors' own refusals are in
// test/sources/modelarts/lifecycle.test.ts and test/sources/ehpc/mutations.test.ts.

import type { GraphQLResolveInfo } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type SourceInstanceConfig } from '../src/config/index.js';
import { createContext } from '../src/context.js';
import { encodeGlobalId } from '../src/ids.js';
import { createLogger } from '../src/logger.js';
import { buildResolvers } from '../src/resolvers.js';
import { SANDBOX_ALIBABA, SANDBOX_HUAWEI, type RecordedCall } from '../src/sandbox/index.js';
import { SourceRegistry } from '../src/sources/registry.js';
import type { SourceInstance, SourceModule } from '../src/sources/types.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';

interface DeleteCase {
  provider: string;
  /** Seeds an image that may be deleted: its native id and name. */
  seed(gw: TestGateway, nativeId: string): { name: string };
  /** Its global id. */
  globalId(nativeId: string): string;
  nativeId: string;
  /** The upstream calls of this provider, one line each. */
  calls(gw: TestGateway): string[];
  /** What a successful delete sends. */
  deleteCalls: string[];
  /** What deleting a missing image sends. */
  missingCalls: string[];
}

const ehpcAction = (call: RecordedCall) => {
  const query = Object.entries(call.query)
    .map(([key, [value]]) => `${key}=${value}`)
    .sort()
    .join('&');
  return `${String(call.headers['x-acs-action'])} ${query}`;
};

const P = SANDBOX_HUAWEI.projectId;
const MODELARTS_ID = '44444444-0000-4000-8000-000000000001';
const EHPC_ID = 'm-bp1coredeletetest001';
const IMS_ID = '44444444-0000-4000-8000-00000000a1e5';

const CASES: DeleteCase[] = [
  {
    provider: 'MODELARTS',
    nativeId: MODELARTS_ID,
    seed: (gw, id) => {
      gw.sandbox.modelarts.emulator.seedImage({ id, name: 'core-delete', status: 'ACTIVE', type: 'DEDICATED' });
      return { name: 'core-delete' };
    },
    globalId: (id) =>
      encodeGlobalId({ provider: 'MODELARTS', region: SANDBOX_HUAWEI.region, project: P, nativeId: id }),
    calls: (gw) => gw.sandbox.modelarts.calls().map((c) => `${c.method} ${c.rawPath} ${c.status}`),
    deleteCalls: [`GET /v1/${P}/images/${MODELARTS_ID} 200`, `DELETE /v1/${P}/images/${MODELARTS_ID} 200`],
    missingCalls: [`GET /v1/${P}/images/${MODELARTS_ID} 400`],
  },
  {
    provider: 'IMS',
    nativeId: IMS_ID,
    seed: (gw, id) => {
      gw.sandbox.ims.emulator.seedImage({ id, name: 'core-delete', status: 'active', visibility: 'private', owner: P });
      return { name: 'core-delete' };
    },
    globalId: (id) => encodeGlobalId({ provider: 'IMS', region: SANDBOX_HUAWEI.region, project: P, nativeId: id }),
    calls: (gw) => gw.sandbox.ims.calls().map((c) => `${c.method} ${c.rawPath} ${c.status}`),
    // The image is read through the batched list (`id=in:`), then deleted; an
    // id the list does not return is asked for once on its own (src/sources/ims/loaders.ts).
    deleteCalls: ['GET /v2/images 200', `DELETE /v2/images/${IMS_ID} 204`],
    missingCalls: ['GET /v2/images 200', `GET /v2/images/${IMS_ID} 404`],
  },
  {
    provider: 'EHPC',
    nativeId: EHPC_ID,
    seed: (gw, id) => {
      gw.sandbox.ehpc.emulator.seedImage({ ImageId: id, Name: 'core-delete', ImageType: 'VM', Status: 'Available' });
      return { name: 'core-delete' };
    },
    globalId: (id) => encodeGlobalId({ provider: 'EHPC', region: SANDBOX_ALIBABA.regionId, project: '', nativeId: id }),
    calls: (gw) => gw.sandbox.ehpc.calls().map(ehpcAction),
    deleteCalls: [
      `ListImages ImageIds=["${EHPC_ID}"]&PageNumber=1&PageSize=100`,
      `GetImage ImageId=${EHPC_ID}&ImageType=VM`,
      `RemoveImage ImageId=${EHPC_ID}&ImageType=VM`,
    ],
    missingCalls: [`ListImages ImageIds=["${EHPC_ID}"]&PageNumber=1&PageSize=100`],
  },
];

const DELETE = `mutation ($input: DeleteImageInput!) {
  deleteImage(input: $input) { deletedId image { __typename id provider nativeId name } }
}`;

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});
beforeEach(() => {
  gw.sandbox.resetCalls();
});

const allCalls = () => [...gw.sandbox.modelarts.calls(), ...gw.sandbox.ims.calls(), ...gw.sandbox.ehpc.calls()];

describe.each(CASES)('deleteImage through $provider', (c) => {
  it('deletes the image with exactly the calls listed, answers it as last seen, and logs the delete', async () => {
    const { name } = c.seed(gw, c.nativeId);
    const id = c.globalId(c.nativeId);
    const res = await gw.query(DELETE, { input: { id } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.deleteImage).toEqual({
      deletedId: id,
      image: { __typename: expect.any(String), id, provider: c.provider, nativeId: c.nativeId, name },
    });
    expect(c.calls(gw)).toEqual(c.deleteCalls);
    expect(allCalls()).toHaveLength(c.deleteCalls.length);

    const line = gw.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'image deleted' && l.nativeId === c.nativeId);
    expect(line).toMatchObject({ provider: c.provider, force: false, requestId: expect.any(String) });

    gw.sandbox.resetCalls();
    const after = await gw.query(`query ($id: ID!) { node(id: $id) { id } }`, { id });
    expect(after.body).toEqual({ data: { node: null } });
  });

  it('is NOT_FOUND for an image that is gone, not a crash', async () => {
    const res = await gw.query(DELETE, { input: { id: c.globalId(c.nativeId) } });
    expect(res.status).toBe(200);
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toEqual([
      {
        message: expect.stringContaining(c.nativeId),
        locations: expect.any(Array),
        path: ['deleteImage'],
        extensions: expect.objectContaining({ code: 'NOT_FOUND', provider: c.provider, field: 'input.id' }),
      },
    ]);
    expect(c.calls(gw)).toEqual(c.missingCalls);
  });
});

describe('deleteImage, decided by the core', () => {
  it('refuses what is not a global id of a registered provider, before any call', async () => {
    const foreign = Buffer.from(JSON.stringify(['img', 1, 'NOPE', 'r', '', 'x'])).toString('base64url');
    for (const id of ['not-an-id', MODELARTS_ID, foreign]) {
      const res = await gw.query(DELETE, { input: { id } });
      expect(res.body.errors?.[0].extensions, id).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.id' });
    }
    expect(allCalls()).toHaveLength(0);
  });

  it('is NOT_CONFIGURED for an id of a region no instance serves', async () => {
    const id = encodeGlobalId({ provider: 'EHPC', region: 'ap-nowhere-1', project: '', nativeId: EHPC_ID });
    const res = await gw.query(DELETE, { input: { id } });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_CONFIGURED', provider: 'EHPC' });
    expect(allCalls()).toHaveLength(0);
  });

  it('says so, naming the provider, when a source cannot delete', async () => {
    const config: SourceInstanceConfig = {
      provider: 'READONLY',
      name: 'read-only',
      endpoint: 'http://127.0.0.1:9',
      region: 'r1',
      project: '',
      auth: { type: 'none' },
      timeoutMs: 1000,
      concurrency: 1,
      retries: 0,
      options: undefined,
    };
    let loads = 0;
    const instance: SourceInstance = {
      config,
      createLoaders: () => ({}),
      loadImage: () => {
        loads += 1;
        return Promise.resolve(null);
      },
      close: () => Promise.resolve(),
    };
    const module = { provider: 'READONLY' } as SourceModule;
    const context = createContext(
      new SourceRegistry([module], [{ module, instance }]),
      createLogger({ level: 'silent' }),
    );
    const deleteImage = buildResolvers([], DEFAULT_LIMITS).Mutation?.deleteImage;
    if (typeof deleteImage !== 'function') throw new Error('deleteImage has no resolver');
    const id = encodeGlobalId({ provider: 'READONLY', region: 'r1', project: '', nativeId: 'img-1' });
    await expect(deleteImage({}, { input: { id } }, context, {} as GraphQLResolveInfo)).rejects.toMatchObject({
      message: 'READONLY images cannot be deleted through the gateway',
      extensions: { code: 'BAD_USER_INPUT', provider: 'READONLY', field: 'input.id' },
    });
    expect(loads).toBe(0);
  });
});
