// Alibaba Cloud V3 signing (ACS3-HMAC-SHA256): our signer against the
// official SDK's (`@alicloud/openapi-util` getAuthorization) on the same
// requests, and against the sandbox's verifier over HTTP beside requests
// signed by the official client (`@alicloud/openapi-client`).

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { createLogger } from '../../../src/logger.js';
import { startSandbox, SANDBOX_ALIBABA, EHPC_SEED, type Sandbox } from '../../../src/sandbox/index.js';
import { ehpcSource } from '../../../src/sources/ehpc/index.js';
import { EhpcApi } from '../../../src/sources/ehpc/api.js';
import { alibabaAuthenticator, alibabaKind } from '../../../src/upstream/auth/alibaba.js';
import { UpstreamClient } from '../../../src/upstream/http-client.js';
import { buildQuery } from '../../../src/upstream/paths.js';
import { acsDate, signAlibabaRequest } from '../../../src/upstream/signing/alibaba.js';
import { $OpenApi, $Util, ehpcRpcParams, SdkClient, SdkUtil, type SdkSignRequest } from '../../support/alibaba-sdk.js';

const AK = 'LTAI5tSigningTestKey0001';
const SK = 'signing-test-secret-7d3e1a';
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const silent = createLogger({ level: 'silent' });

interface Case {
  name: string;
  query: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  token?: string;
}

const CASES: Case[] = [
  { name: 'GetImage', query: { ImageId: 'm-uf60twafjtaart1234ab', ImageCategory: 'Custom', ImageType: 'VM' } },
  {
    name: 'JSON-array values',
    query: { ImageIds: JSON.stringify(['m-1', 'm-2', 'm-3']), AdditionalRegionIds: '["cn-shanghai","cn-beijing"]' },
  },
  { name: 'unicode', query: { ImageNames: JSON.stringify(['应用测试镜像。', 'ünïcödé', '🚀']) } },
  {
    name: 'spaces, *, ~ and the other sub-delims',
    query: { Name: "a b*c~d!e'f(g)h", Plus: '1+1=2', Amp: 'x&y=z', Pct: '100%', Slash: 'a/b?c#d' },
  },
  { name: 'empty values and no query', query: { Empty: '', Zed: 'last', Alpha: 'first' } },
  { name: 'no query at all', query: {} },
  { name: 'an STS token', query: { ImageId: 'm-1' }, token: 'CAIS-sts-token-xyz' },
  {
    name: 'a form body',
    query: { A: '1' },
    body: 'Name=app-image&Version=v1.0',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  },
];

describe('signAlibabaRequest equals @alicloud/openapi-util getAuthorization', () => {
  it.each(CASES)('$name', ({ query, headers = {}, body, token }) => {
    const signed = signAlibabaRequest(
      {
        method: 'POST',
        host: 'ehpcinstant.cn-hangzhou.aliyuncs.com',
        path: '/',
        query: buildQuery(query),
        headers: {
          'x-acs-action': 'GetImage',
          'x-acs-version': '2023-07-01',
          accept: 'application/json',
          'user-agent': 'image-gateway',
          ...headers,
        },
        body,
      },
      { accessKeyId: AK, accessKeySecret: SK, securityToken: token },
      { now: new Date(Date.UTC(2024, 4, 6, 7, 8, 9)), nonce: '3b1f0e8c-2a4d-4c5e-9f6a-7b8c9d0e1f2a' },
    );
    expect(signed['x-acs-date']).toBe('2024-05-06T07:08:09Z');
    expect(signed['x-acs-content-sha256']).toBe(sha256(body ?? ''));
    if (token) expect(signed['x-acs-security-token']).toBe(token);
    const { Authorization, ...rest } = signed;
    const expected = SdkUtil.getAuthorization(
      { method: 'POST', pathname: '/', query, headers: rest } as unknown as SdkSignRequest,
      'ACS3-HMAC-SHA256',
      sha256(body ?? ''),
      AK,
      SK,
    );
    expect(Authorization).toBe(expected);
    expect(Authorization).toMatch(
      /^ACS3-HMAC-SHA256 Credential=LTAI5tSigningTestKey0001,SignedHeaders=[a-z0-9;-]+,Signature=[0-9a-f]{64}$/,
    );
    // Every x-acs-* header, host and content-type are signed; accept and user-agent are not.
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(Authorization)![1].split(';');
    expect(signedHeaders).toContain('x-acs-signature-nonce');
    expect(signedHeaders).toContain('host');
    expect(signedHeaders).not.toContain('accept');
    if (token) expect(signedHeaders).toContain('x-acs-security-token');
  });

  it('uses a fresh crypto-random nonce each time', () => {
    const input = { method: 'POST', host: 'h', path: '/', query: '', headers: {} };
    const nonces = new Set(
      Array.from(
        { length: 200 },
        () => signAlibabaRequest(input, { accessKeyId: AK, accessKeySecret: SK })['x-acs-signature-nonce'],
      ),
    );
    expect(nonces.size).toBe(200);
    for (const nonce of nonces)
      expect(nonce).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('formats x-acs-date without milliseconds', () => {
    expect(acsDate(new Date('2024-12-31T23:59:59.999Z'))).toBe('2024-12-31T23:59:59Z');
  });
});

describe('credentials and endpoint from env', () => {
  it('reads the AccessKey, STS token and region', () => {
    expect(
      alibabaKind.fromEnv({
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
        ALIBABA_CLOUD_SECURITY_TOKEN: 'sts',
      }),
    ).toEqual({ type: 'alibaba', accessKeyId: 'id', accessKeySecret: 'secret', securityToken: 'sts' });
    const config = loadConfig(
      {
        EHPC_ENDPOINT: 'https://ehpcinstant.cn-shanghai.aliyuncs.com',
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
      },
      [ehpcSource],
    );
    expect(config.sources).toHaveLength(1);
    expect(config.sources[0]).toMatchObject({
      provider: 'EHPC',
      name: 'ehpc:cn-shanghai',
      region: 'cn-shanghai',
      project: '',
      auth: { type: 'alibaba' },
    });
    const explicit = loadConfig(
      { EHPC_ENDPOINT: 'https://ehpcinstant.cn-shanghai.aliyuncs.com', ALIBABA_CLOUD_REGION_ID: 'cn-beijing' },
      [ehpcSource],
    );
    expect(explicit.sources[0].region).toBe('cn-beijing');
  });
});

describe('signed requests against the sandbox verifier', () => {
  let sandbox: Sandbox;
  let client: UpstreamClient;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await client?.close();
    await sandbox.stop();
  });

  const makeClient = (auth: { accessKeyId: string; accessKeySecret: string; securityToken?: string }, retries = 0) =>
    new UpstreamClient({
      provider: 'EHPC',
      region: 'cn-hangzhou',
      instance: 'test',
      endpoint: sandbox.endpoints.ehpc,
      timeoutMs: 5_000,
      retries,
      authenticator: alibabaAuthenticator({ type: 'alibaba', ...auth }),
      logger: silent,
    });

  it('accepts a request signed by the official @alicloud/openapi-client', async () => {
    const sdk = new SdkClient(
      new $OpenApi.Config({
        accessKeyId: SANDBOX_ALIBABA.accessKeyId,
        accessKeySecret: SANDBOX_ALIBABA.accessKeySecret,
        endpoint: sandbox.endpoints.ehpc.replace(/^http:\/\//, ''),
        protocol: 'http',
        regionId: SANDBOX_ALIBABA.regionId,
      }),
    );
    const params = ehpcRpcParams('ListImages');
    const request = new $OpenApi.OpenApiRequest({
      query: { ImageIds: JSON.stringify([EHPC_SEED.documentedVm, EHPC_SEED.acrContainer]) },
    });
    const answer = (await sdk.callApi(params, request, new $Util.RuntimeOptions({}))) as {
      statusCode: number;
      body: { Images: Array<{ ImageId: string }> };
    };
    expect(answer.statusCode).toBe(200);
    expect(answer.body.Images.map((i) => i.ImageId).sort()).toEqual(
      [EHPC_SEED.acrContainer, EHPC_SEED.documentedVm].sort(),
    );
  });

  it('accepts ours, with JSON arrays and unicode in the query, and with an STS token', async () => {
    client = makeClient({ accessKeyId: SANDBOX_ALIBABA.accessKeyId, accessKeySecret: SANDBOX_ALIBABA.accessKeySecret });
    const api = new EhpcApi(client, 'cn-hangzhou');
    const listed = await api.listImages({
      imageIds: [EHPC_SEED.documentedVm, 'm-nope'],
      imageNames: ['app-image', '应用 *~'],
      pageSize: 100,
    });
    expect(listed.Images.map((i) => i.ImageId)).toEqual([EHPC_SEED.documentedVm]);
    const got = await api.getImage({ imageId: EHPC_SEED.multiRegionVm, additionalRegionIds: ['cn-beijing'] });
    expect(got?.Image.AdditionalRegionsInfo?.map((r) => r.RegionId)).toEqual(['cn-beijing']);

    const sts = makeClient({ ...SANDBOX_ALIBABA, securityToken: SANDBOX_ALIBABA.securityTokens[0] });
    sandbox.ehpc.resetCalls();
    expect(await new EhpcApi(sts, 'cn-hangzhou').getImage({ imageId: EHPC_SEED.documentedVm })).not.toBeNull();
    expect(sandbox.ehpc.calls()[0].headers['x-acs-security-token']).toBe(SANDBOX_ALIBABA.securityTokens[0]);
    await sts.close();
  });

  it('rejects a request of ours altered after signing, a wrong secret and a replayed nonce', async () => {
    const signedHeaders = signAlibabaRequest(
      {
        method: 'POST',
        host: new URL(sandbox.endpoints.ehpc).host,
        path: '/',
        query: buildQuery({ ImageId: EHPC_SEED.documentedVm }),
        headers: { 'x-acs-action': 'GetImage', 'x-acs-version': '2023-07-01' },
      },
      { accessKeyId: SANDBOX_ALIBABA.accessKeyId, accessKeySecret: SANDBOX_ALIBABA.accessKeySecret },
    );
    const send = (query: string) =>
      fetch(`${sandbox.endpoints.ehpc}/?${query}`, { method: 'POST', headers: signedHeaders }).then(async (r) => ({
        status: r.status,
        body: await r.json(),
      }));
    const tampered = await send(buildQuery({ ImageId: EHPC_SEED.acrContainer }));
    expect(tampered.status).toBe(400);
    expect(tampered.body.Code).toBe('SignatureDoesNotMatch');
    const genuine = await send(buildQuery({ ImageId: EHPC_SEED.documentedVm }));
    expect(genuine.status).toBe(200);
    const replayed = await send(buildQuery({ ImageId: EHPC_SEED.documentedVm }));
    expect(replayed.body.Code).toBe('SignatureNonceUsed');

    const wrong = makeClient({ accessKeyId: SANDBOX_ALIBABA.accessKeyId, accessKeySecret: 'not-the-secret' });
    const error = await new EhpcApi(wrong, 'cn-hangzhou')
      .getImage({ imageId: EHPC_SEED.documentedVm })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED', provider: 'EHPC', vendorCode: 'SignatureDoesNotMatch' },
    });
    expect(JSON.stringify(error)).not.toContain('not-the-secret');
    await wrong.close();
  });

  it('signs every attempt anew: a retry after 503 carries a new nonce and succeeds', async () => {
    const retrying = makeClient(
      { accessKeyId: SANDBOX_ALIBABA.accessKeyId, accessKeySecret: SANDBOX_ALIBABA.accessKeySecret },
      2,
    );
    sandbox.ehpc.resetCalls();
    sandbox.ehpc.emulator.failNext('ServiceUnavailable', 1, { action: 'GetImage' });
    const got = await new EhpcApi(retrying, 'cn-hangzhou').getImage({ imageId: EHPC_SEED.documentedVm });
    expect(got?.Image.Name).toBe('app-image');
    const calls = sandbox.ehpc.calls();
    expect(calls.map((c) => c.status)).toEqual([503, 200]);
    expect(new Set(calls.map((c) => c.headers['x-acs-signature-nonce'])).size).toBe(2);
    await retrying.close();
  });
});
