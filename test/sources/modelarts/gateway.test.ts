// The real gateway over HTTP against the ModelArts sandbox: data, the number
// of upstream calls (dedupe, concurrency cap, retries are claims: counted
// here from what the emulator received), the exact raw paths on the wire, and
// how every kind of upstream failure reaches the client.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELARTS_SEED, SANDBOX_HUAWEI, type RecordedCall } from '../../../src/sandbox/index.js';
import type { SandboxOptions } from '../../../src/sandbox/index.js';
import type { Env } from '../../../src/config/index.js';
import { encodeGlobalId } from '../../../src/ids.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

const P = SANDBOX_HUAWEI.projectId;
const REGION = SANDBOX_HUAWEI.region;
const IMAGES = `/v1/${P}/images/`;
const DOC_ID = MODELARTS_SEED.imageIds.docDetails;
const REGISTERED_ID = MODELARTS_SEED.imageIds.docRegistered;
const SAVED_ID = MODELARTS_SEED.imageIds.docSaved;
// The budget of a whole call (retries share it): room for two backoffs (at most 100 + 300 ms) on a loaded machine.
const TIMEOUT_MS = 1_000;
const RETRIES = 2;

const ALL_FIELDS = `__typename id provider nativeId region projectId name description status vendorStatus
  architecture sizeBytes createdAt updatedAt visibility arch createAt devServices namespace origin
  resourceCategories serviceType size modelArtsStatus statusMessage supportResCategories swrPath tag type
  updateAt modelArtsVisibility workspaceId`;

const globalId = (nativeId: string) => encodeGlobalId({ provider: 'MODELARTS', region: REGION, project: P, nativeId });
const imageGets = (gw: TestGateway): RecordedCall[] =>
  gw.sandbox.modelarts.calls().filter((c) => c.method === 'GET' && c.rawPath.startsWith(IMAGES));
const everyCall = (gw: TestGateway): RecordedCall[] => [
  ...gw.sandbox.modelarts.calls(),
  ...gw.sandbox.ims.calls(),
  ...gw.sandbox.ehpc.calls(),
];

/** The most requests in flight at once, from the emulator's arrival and end times. */
function maxOverlap(calls: RecordedCall[]): number {
  let max = 0;
  for (const call of calls) {
    const open = calls.filter((other) => other.startedAt <= call.startedAt && other.endedAt > call.startedAt).length;
    max = Math.max(max, open);
  }
  return max;
}

const started: TestGateway[] = [];
async function gateway(env: Env = {}, sandbox?: SandboxOptions): Promise<TestGateway> {
  const gw = await startTestGateway({
    sandbox,
    env: {
      IMAGE_GATEWAY_UPSTREAM_CONCURRENCY: '4',
      IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
      IMAGE_GATEWAY_UPSTREAM_RETRIES: String(RETRIES),
      ...env,
    },
  });
  started.push(gw);
  return gw;
}
afterAll(async () => {
  await Promise.all(started.map((gw) => gw.stop()));
});

let gw: TestGateway;
beforeAll(async () => {
  gw = await gateway();
});

describe('ModelArts images over HTTP', () => {
  it('the documented image (000) by id, every field', async () => {
    const res = await gw.query(`query ($id: ID!) { modelArtsImage(id: $id) { ${ALL_FIELDS} } }`, { id: DOC_ID });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.modelArtsImage).toStrictEqual({
      __typename: 'ModelArtsImage',
      id: globalId(DOC_ID),
      provider: 'MODELARTS',
      nativeId: '278e88d1-5b71-4766-8502-b3ba72e824d9',
      region: 'cn-north-4',
      projectId: P,
      name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04',
      description: 'CPU and GPU general algorithm development and training, preconfigured with AI engine PyTorch1.8',
      status: 'ACTIVE',
      vendorStatus: 'ACTIVE',
      architecture: 'X86_64',
      sizeBytes: null,
      createdAt: '2021-11-30T01:08:24.492Z',
      updatedAt: '2021-11-30T01:08:24.492Z',
      visibility: null,
      arch: 'X86_64',
      createAt: '2021-11-30T01:08:24.492Z',
      devServices: ['NOTEBOOK', 'SSH'],
      namespace: null,
      origin: null,
      resourceCategories: ['GPU', 'CPU'],
      serviceType: 'COMMON',
      size: null,
      modelArtsStatus: 'ACTIVE',
      statusMessage: null,
      supportResCategories: null,
      swrPath:
        'swr.xxx.com/atelier/pytorch_1_8:pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64-20220926104358-041ba2e',
      tag: 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64-20220926104358-041ba2e',
      type: 'BUILD_IN',
      updateAt: '2021-11-30T01:08:24.492Z',
      modelArtsVisibility: null,
      workspaceId: '0',
    });
  });

  it('the registered example (001): size 3376133259 KB and sizeBytes ×1024 exact in JSON; 004 INIT → QUEUED', async () => {
    const res = await gw.query(
      `{ r: modelArtsImage(id: "${REGISTERED_ID}") { size sizeBytes status visibility namespace origin }
         s: modelArtsImage(id: "${SAVED_ID}") { status vendorStatus modelArtsStatus origin devServices } }`,
    );
    expect(res.body.errors).toBeUndefined();
    // Exact digits in the JSON text, not a rounded double.
    expect(res.text).toContain('"size":3376133259');
    expect(res.text).toContain('"sizeBytes":3457160457216');
    expect(res.body.data.r).toEqual({
      size: 3376133259,
      sizeBytes: 3457160457216,
      status: 'ACTIVE',
      visibility: 'PRIVATE',
      namespace: 'op_svc_modelarts_container2',
      origin: 'CUSTOMIZE',
    });
    expect(res.body.data.s).toEqual({
      status: 'QUEUED',
      vendorStatus: 'INIT',
      modelArtsStatus: 'INIT',
      origin: 'IMAGE_SAVE',
      devServices: ['SSH', 'NOTEBOOK'],
    });
  });

  it('the request is signed and names the project (X-Project-Id, SDK-HMAC-SHA256)', async () => {
    gw.sandbox.resetCalls();
    await gw.query(`{ modelArtsImage(id: "${DOC_ID}") { name } }`);
    const [call] = imageGets(gw);
    expect(call.headers['x-project-id']).toBe(P);
    expect(call.headers.authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=SANDBOXHUAWEIAK0000001, SignedHeaders=accept;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
    );
    expect(call.headers['x-sdk-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(call.status).toBe(200);
  });

  it('20 distinct images → exactly 20 GETs, never more than 4 in flight', async () => {
    const generated = gw.sandbox.modelarts.emulator.generateImages(20);
    gw.sandbox.resetCalls();
    // Every GET waits a little so that they overlap if the gateway lets them.
    gw.sandbox.modelarts.injectFault({ pathPrefix: IMAGES, method: 'GET', delayMs: 40, times: Infinity });
    try {
      const aliases = generated
        .map((image, i) => `i${i}: modelArtsImage(id: "${image.id}") { nativeId name }`)
        .join('\n');
      const res = await gw.query(`{ ${aliases} }`);
      expect(res.body.errors).toBeUndefined();
      generated.forEach((image, i) => expect(res.body.data[`i${i}`]).toEqual({ nativeId: image.id, name: image.name }));
    } finally {
      gw.sandbox.modelarts.clearFaults();
    }
    const calls = imageGets(gw);
    expect(calls).toHaveLength(20);
    expect(new Set(calls.map((c) => c.rawPath))).toEqual(new Set(generated.map((image) => `${IMAGES}${image.id}`)));
    expect(maxOverlap(calls)).toBe(4);
  });

  it('nodes with 20 global ids (some repeated) → one GET per distinct image, capped at 4', async () => {
    const generated = gw.sandbox.modelarts.emulator.generateImages(8);
    gw.sandbox.resetCalls();
    gw.sandbox.modelarts.injectFault({ pathPrefix: IMAGES, method: 'GET', delayMs: 30, times: Infinity });
    const ids = [...generated, ...generated.slice(0, 4)].map((image) => globalId(image.id));
    try {
      const res = await gw.query(`query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on ModelArtsImage { name } } }`, {
        ids,
      });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.nodes.map((n: { id: string }) => n.id)).toEqual(ids);
    } finally {
      gw.sandbox.modelarts.clearFaults();
    }
    expect(imageGets(gw)).toHaveLength(8);
    expect(maxOverlap(imageGets(gw))).toBeLessThanOrEqual(4);
  });

  it('not found (HTTP 400 ModelArts.6404, as the live API) → null without error, not retried', async () => {
    gw.sandbox.resetCalls();
    const res = await gw.query(
      `{ missing: modelArtsImage(id: "00000000-0000-4000-8000-000000000000") { name } ok: modelArtsImage(id: "${DOC_ID}") { name } }`,
    );
    expect(res.body).toEqual({ data: { missing: null, ok: { name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04' } } });
    const missing = imageGets(gw).filter((c) => c.rawPath.endsWith('00000000-0000-4000-8000-000000000000'));
    expect(missing.map((c) => c.status)).toEqual([400]);
  });

  it('not found (HTTP 404 ModelArts.6404, as the API page) → null without error', async () => {
    const gw404 = await gateway({}, { modelarts: { notFoundStyle: 'http404' } });
    const res = await gw404.query(`query ($gid: ID!) { modelArtsImage(id: "nope") { name } node(id: $gid) { id } }`, {
      gid: globalId('nope-either'),
    });
    expect(res.body).toEqual({ data: { modelArtsImage: null, node: null } });
    expect(imageGets(gw404).map((c) => c.status)).toEqual([404, 404]);
  });

  it('a 404 that is not "image not found" (APIG.0101: wrong endpoint path) is an error, not null', async () => {
    // Pointed at the shared gateway's sandbox under a path prefix no API is published on.
    const wrong = await gateway({ MODELARTS_ENDPOINT: `${gw.sandbox.endpoints.modelarts}/wrong-prefix` });
    gw.sandbox.resetCalls();
    const res = await wrong.query(`{ modelArtsImage(id: "${DOC_ID}") { name } }`);
    expect(res.body.data).toEqual({ modelArtsImage: null });
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].path).toEqual(['modelArtsImage']);
    expect(res.body.errors![0].extensions).toMatchObject({
      code: 'UPSTREAM_ERROR',
      provider: 'MODELARTS',
      vendorCode: 'APIG.0101',
      upstreamStatus: 404,
    });
    expect(gw.sandbox.modelarts.calls().map((c) => [c.rawPath, c.status])).toEqual([
      [`/wrong-prefix${IMAGES}${DOC_ID}`, 404],
    ]);
  });

  it('ids that try to escape the path reach only /images/{encoded id}', async () => {
    gw.sandbox.resetCalls();
    const ids = ['../notebooks/x', 'a/b', 'x?y=1', '%2e%2e', '../../v1/other/images', 'a#b', '镜像 1'];
    const aliases = ids.map((id, i) => `e${i}: modelArtsImage(id: ${JSON.stringify(id)}) { name }`).join('\n');
    const res = await gw.query(`{ ${aliases} }`);
    expect(res.body.errors).toBeUndefined();
    expect(Object.values(res.body.data)).toEqual(ids.map(() => null));
    expect(
      everyCall(gw)
        .map((c) => `${c.method} ${c.rawPath}`)
        .sort(),
    ).toEqual(
      [
        `${IMAGES}..%2Fnotebooks%2Fx`,
        `${IMAGES}a%2Fb`,
        `${IMAGES}x%3Fy%3D1`,
        `${IMAGES}%252e%252e`,
        `${IMAGES}..%2F..%2Fv1%2Fother%2Fimages`,
        `${IMAGES}a%23b`,
        `${IMAGES}%E9%95%9C%E5%83%8F%201`,
      ]
        .map((path) => `GET ${path}`)
        .sort(),
    );
    // No query string reached the emulator either.
    expect(everyCall(gw).every((c) => Object.keys(c.query).length === 0)).toBe(true);
  });

  it('ids "." and ".." and a lone surrogate are BAD_USER_INPUT with no upstream call', async () => {
    gw.sandbox.resetCalls();
    // GraphQL string literals refuse lone surrogates at parse time; JSON variables carry them.
    const res = await gw.query(
      `query ($lone: ID!) { dot: modelArtsImage(id: ".") { name } dotdot: modelArtsImage(id: "..") { name } lone: modelArtsImage(id: $lone) { name } ok: modelArtsImage(id: "${DOC_ID}") { name } }`,
      { lone: 'a\uD800' },
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      dot: null,
      dotdot: null,
      lone: null,
      ok: { name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04' },
    });
    const byPath = Object.fromEntries(res.body.errors!.map((e) => [e.path!.join('.'), e.extensions]));
    expect(Object.keys(byPath).sort()).toEqual(['dot', 'dotdot', 'lone']);
    for (const ext of Object.values(byPath)) expect(ext).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(everyCall(gw).map((c) => c.rawPath)).toEqual([`${IMAGES}${DOC_ID}`]);
  });

  it('node and nodes with global ids: a malformed id fails at its index only', async () => {
    const first = await gw.query(
      `{ a: modelArtsImage(id: "${DOC_ID}") { id } b: modelArtsImage(id: "${REGISTERED_ID}") { id } }`,
    );
    const [a, b] = [first.body.data.a.id as string, first.body.data.b.id as string];
    gw.sandbox.resetCalls();
    const res = await gw.query(
      `query ($ids: [ID!]!, $one: ID!) {
        node(id: $one) { __typename id ... on Image { name provider nativeId } }
        nodes(ids: $ids) { __typename id ... on ModelArtsImage { name size } }
      }`,
      { one: a, ids: [a, 'not-a-global-id', b, globalId('00000000-0000-4000-8000-00000000beef'), DOC_ID] },
    );
    expect(res.status).toBe(200);
    expect(res.body.data.node).toEqual({
      __typename: 'ModelArtsImage',
      id: a,
      name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04',
      provider: 'MODELARTS',
      nativeId: DOC_ID,
    });
    expect(res.body.data.nodes).toEqual([
      { __typename: 'ModelArtsImage', id: a, name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04', size: null },
      null,
      { __typename: 'ModelArtsImage', id: b, name: 'pytorch_1_8', size: 3376133259 },
      null,
      null,
    ]);
    expect(res.body.errors!.map((e) => [e.path, e.extensions!.code, e.extensions!.field])).toEqual([
      [['nodes', 1], 'BAD_USER_INPUT', 'ids[1]'],
      [['nodes', 4], 'BAD_USER_INPUT', 'ids[4]'],
    ]);
    // a (node and nodes[0]) once, b once, the missing one once.
    expect(imageGets(gw)).toHaveLength(3);
  });

  it('a region with no configured instance → NOT_CONFIGURED on that field only', async () => {
    const res = await gw.query(
      `{ x: modelArtsImage(id: "${DOC_ID}", region: "eu-west-0") { name } y: modelArtsImage(id: "${DOC_ID}") { name } }`,
    );
    expect(res.body.data).toEqual({ x: null, y: { name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04' } });
    expect(res.body.errors!.map((e) => [e.path, e.extensions!.code, e.extensions!.provider])).toEqual([
      [['x'], 'NOT_CONFIGURED', 'MODELARTS'],
    ]);
  });

  it('another project the credentials are not scoped to → FORBIDDEN (APIG.0302) with the request id', async () => {
    const res = await gw.query(
      `{ x: modelArtsImage(id: "${DOC_ID}", projectId: "ffffffffffffffffffffffffffffffff") { name } y: modelArtsImage(id: "${DOC_ID}") { name } }`,
    );
    expect(res.body.data).toEqual({ x: null, y: { name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04' } });
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].path).toEqual(['x']);
    expect(res.body.errors![0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      provider: 'MODELARTS',
      vendorCode: 'APIG.0302',
      upstreamStatus: 403,
      requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });
});

describe('upstream failures: an error on the failing path only, a sibling still resolves', () => {
  const BAD = 'c7f0d5a8-2e19-4b6d-8f3a-91e4b7c2d650'; // tensorflowTrain: the one the fault hits
  const DOC = `{ bad: modelArtsImage(id: "${BAD}") { name } good: modelArtsImage(id: "${DOC_ID}") { name } }`;
  const GOOD = { name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04' };
  const REQUEST_ID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';

  /** A fresh gateway per case: a failing endpoint must not trip the breaker for the next case. */
  async function failing(fault: Parameters<TestGateway['sandbox']['modelarts']['injectFault']>[0], env: Env = {}) {
    const g = await gateway(env);
    g.sandbox.modelarts.injectFault({ pathPrefix: `${IMAGES}${BAD}`, method: 'GET', ...fault });
    const begin = performance.now();
    const res = await g.query(DOC);
    const elapsedMs = performance.now() - begin;
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ bad: null, good: GOOD });
    expect(res.body.errors).toHaveLength(1);
    const [error] = res.body.errors!;
    expect(error.path).toEqual(['bad']);
    expect(error.extensions!.provider).toBe('MODELARTS');
    expect(error.extensions!.stacktrace).toBeUndefined();
    const attempts = () => imageGets(g).filter((c) => c.rawPath === `${IMAGES}${BAD}`);
    return { g, error, attempts, elapsedMs };
  }

  it('401 with the Huawei APIG body → UNAUTHENTICATED with vendorCode and requestId, not retried', async () => {
    const { error, attempts } = await failing({
      status: 401,
      headers: { 'x-request-id': REQUEST_ID },
      body: {
        error_code: 'APIG.0301',
        error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
        request_id: REQUEST_ID,
      },
    });
    expect(error.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      vendorCode: 'APIG.0301',
      requestId: REQUEST_ID,
      upstreamStatus: 401,
    });
    expect(error.message).toContain('APIG.0301');
    expect(attempts()).toHaveLength(1);
  });

  it('403 → FORBIDDEN, not retried', async () => {
    const { error, attempts } = await failing({
      status: 403,
      body: { error_code: 'ModelArts.0106', error_msg: 'Forbidden', request_id: REQUEST_ID },
    });
    expect(error.extensions).toMatchObject({
      code: 'FORBIDDEN',
      vendorCode: 'ModelArts.0106',
      requestId: REQUEST_ID,
      upstreamStatus: 403,
    });
    expect(attempts()).toHaveLength(1);
  });

  it(`429 → RATE_LIMITED after ${RETRIES} retries (${RETRIES + 1} attempts)`, async () => {
    const { error, attempts } = await failing({
      status: 429,
      times: Infinity,
      headers: { 'x-request-id': REQUEST_ID },
      body: { error_code: 'APIG.0308', error_msg: 'The throttling threshold has been reached' },
    });
    expect(error.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      vendorCode: 'APIG.0308',
      requestId: REQUEST_ID,
      upstreamStatus: 429,
    });
    expect(attempts()).toHaveLength(RETRIES + 1);
  });

  it(`no answer within IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS (${TIMEOUT_MS}) → UPSTREAM_TIMEOUT`, async () => {
    const DELAY_MS = 4 * TIMEOUT_MS;
    const { error, attempts, elapsedMs } = await failing({ delayMs: DELAY_MS, times: Infinity });
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(error.message).toContain(`${TIMEOUT_MS} ms`);
    // The timeout is the budget of the whole call: the hung first attempt spends
    // it and no retry follows, so the answer comes well before the delayed
    // response would have (the allowance is for a loaded machine).
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS + 1_000);
    // The emulator records a request when it answers (after the delay): exactly one arrives.
    await expect.poll(() => attempts().length, { timeout: DELAY_MS + 5_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 2));
    expect(attempts()).toHaveLength(1);
  });
});

describe('credentials', () => {
  it('a wrong SK → UNAUTHENTICATED (the sandbox verifies the signature), and the SK is in no response or log', async () => {
    const WRONG_SK = 'wrong-secret-key-ZZZZ-9f8e7d6c5b4a';
    const g = await gateway({ HUAWEICLOUD_SDK_SK: WRONG_SK });
    const res = await g.query(`{ a: modelArtsImage(id: "${DOC_ID}") { name } b: modelArtsImage(id: "nope") { name } }`);
    expect(res.body.data).toEqual({ a: null, b: null });
    expect(res.body.errors).toHaveLength(2);
    for (const error of res.body.errors!) {
      expect(error.extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        provider: 'MODELARTS',
        vendorCode: 'APIG.0301',
        upstreamStatus: 401,
      });
      expect(error.extensions!.requestId).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(g.sandbox.modelarts.calls().map((c) => c.status)).toEqual([401, 401]);
    expect(g.logs.length).toBeGreaterThan(0);
    for (const text of [res.text, ...g.logs]) {
      expect(text).not.toContain(WRONG_SK);
      expect(text).not.toContain(SANDBOX_HUAWEI.sk);
    }
  });

  it('an unknown AK → UNAUTHENTICATED, and the AK is scrubbed from the vendor message', async () => {
    const AK = 'UNKNOWNAKXXXXXXXXXXX42';
    const g = await gateway({ HUAWEICLOUD_SDK_AK: AK });
    const res = await g.query(`{ modelArtsImage(id: "${DOC_ID}") { name } }`);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', vendorCode: 'APIG.0301' });
    for (const text of [res.text, ...g.logs]) {
      expect(text).not.toContain(AK);
      expect(text).not.toContain(SANDBOX_HUAWEI.sk);
    }
  });

  it('token auth (HUAWEICLOUD_AUTH_TOKEN, no AK/SK) sends X-Auth-Token and works', async () => {
    const g = await gateway({
      HUAWEICLOUD_SDK_AK: '',
      HUAWEICLOUD_SDK_SK: '',
      HUAWEICLOUD_AUTH_TOKEN: SANDBOX_HUAWEI.token,
    });
    const res = await g.query(`{ modelArtsImage(id: "${DOC_ID}") { name projectId } }`);
    expect(res.body).toEqual({
      data: { modelArtsImage: { name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04', projectId: P } },
    });
    const [call] = g.sandbox.modelarts.calls();
    expect(call.headers['x-auth-token']).toBe(SANDBOX_HUAWEI.token);
    expect(call.headers.authorization).toBeUndefined();
    expect(call.status).toBe(200);
  });

  it('a wrong token → UNAUTHENTICATED, the token in no response or log', async () => {
    const TOKEN = 'wrong-token-abcdefghijklmnop';
    const g = await gateway({ HUAWEICLOUD_SDK_AK: '', HUAWEICLOUD_SDK_SK: '', HUAWEICLOUD_AUTH_TOKEN: TOKEN });
    const res = await g.query(`{ modelArtsImage(id: "${DOC_ID}") { name } }`);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', vendorCode: 'APIG.0301' });
    for (const text of [res.text, ...g.logs]) expect(text).not.toContain(TOKEN);
  });
});
