// The E-HPC Instant emulator over real HTTP, driven by Alibaba's official
// client (`@alicloud/openapi-client` callApi: V3 ACS3-HMAC-SHA256 signing, RPC
// style, arrays JSON-encoded in the query), so the emulator's wire format and
// signature check are proven against the vendor's own code.

import { createHash, randomUUID } from 'node:crypto';
import querystring from 'node:querystring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  $OpenApi,
  $Util,
  ehpcRpcParams,
  SdkClient as Client,
  SdkUtil as Util,
  type SdkSignRequest,
} from '../support/alibaba-sdk.js';
import { serveEmulator, type RunningEmulator } from '../../src/sandbox/emulator.js';
import {
  createEhpcEmulator,
  EHPC_DOCUMENTED_ERRORS,
  EHPC_DOCUMENTED_GET_IMAGE_EXAMPLE,
  EHPC_SANDBOX_REGISTRY_PASSWORD,
  EHPC_SEED,
  type EhpcEmulator,
  type EhpcFaultCode,
} from '../../src/sandbox/ehpc/index.js';

const AK = 'LTAI5tEhpcEmulatorTest01';
const SK = 'ehpc-emulator-test-secret-9c1d';
const STS_TOKEN = 'CAIS-ehpc-emulator-test-sts-token';
const REGION = 'cn-hangzhou';
const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

interface SdkError extends Error {
  code: string;
  data: Record<string, unknown> & { statusCode: number };
}

interface Sdk {
  call(
    action: string,
    query?: Record<string, unknown>,
    options?: { version?: string; body?: Record<string, unknown> },
  ): Promise<{
    statusCode: number;
    headers: Record<string, string>;
    body: Record<string, any>;
  }>;
}

function sdk(
  port: number,
  credentials: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string } = {},
): Sdk {
  const client = new Client(
    new $OpenApi.Config({
      accessKeyId: credentials.accessKeyId ?? AK,
      accessKeySecret: credentials.accessKeySecret ?? SK,
      securityToken: credentials.securityToken,
      endpoint: `127.0.0.1:${port}`,
      protocol: 'http',
      regionId: REGION,
    }),
  );
  return {
    async call(action, query = {}, options = {}) {
      const params = ehpcRpcParams(action, options.version);
      const request = new $OpenApi.OpenApiRequest({ query: Util.query(query), body: options.body });
      return (await client.callApi(params, request, new $Util.RuntimeOptions({}))) as Awaited<ReturnType<Sdk['call']>>;
    },
  };
}

async function sdkError(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}

/** A request signed by the SDK's own signer, sent with fetch so a test can alter it after signing. */
function signedByHand(port: number, action: string, query: Record<string, string>, options: { nonce?: string } = {}) {
  const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    'x-acs-version': '2023-07-01',
    'x-acs-action': action,
    'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': options.nonce ?? randomUUID(),
    accept: 'application/json',
    'x-acs-content-sha256': sha256(''),
  };
  const request = { method: 'POST', pathname: '/', query, headers };
  headers.Authorization = Util.getAuthorization(
    request as unknown as SdkSignRequest,
    'ACS3-HMAC-SHA256',
    sha256(''),
    AK,
    SK,
  );
  const send = (rawQuery = querystring.stringify(query)) =>
    fetch(`http://127.0.0.1:${port}/?${rawQuery}`, { method: 'POST', headers });
  return { send };
}

function expectPopError(body: Record<string, unknown>, code: string, message: string) {
  expect(Object.keys(body).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
  expect(body.Code).toBe(code);
  expect(body.Message).toBe(message);
  expect(body.HostId).toBe(`ehpcinstant.${REGION}.aliyuncs.com`);
  expect(body.RequestId).toMatch(REQUEST_ID);
  expect(body.Recommend).toBe(
    `https://api.aliyun.com/troubleshoot?q=${code}&product=EhpcInstant&requestId=${body.RequestId as string}`,
  );
}

describe('E-HPC Instant emulator over HTTP with the official SDK', () => {
  let emulator: EhpcEmulator;
  let running: RunningEmulator;
  let client: Sdk;

  beforeAll(async () => {
    emulator = createEhpcEmulator({
      accessKeyId: AK,
      accessKeySecret: SK,
      securityTokens: [STS_TOKEN],
      regionId: REGION,
    });
    running = await serveEmulator(emulator);
    client = sdk(running.port);
  });
  afterAll(async () => {
    await running.close();
  });

  describe('GetImage', () => {
    it('returns the documented example, unmasked id, with a real request id', async () => {
      const response = await client.call('GetImage', {
        ImageId: EHPC_SEED.documentedVm,
        ImageCategory: 'Custom',
        ImageType: 'VM',
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json;charset=utf-8');
      const expected = structuredClone(EHPC_DOCUMENTED_GET_IMAGE_EXAMPLE) as any;
      expected.RequestId = response.body.RequestId;
      expected.TotalCount = 1;
      expected.Image.VMImageSpec.ImageId = EHPC_SEED.documentedVm;
      expect(response.body).toEqual(expected);
      expect(response.body.RequestId).toMatch(REQUEST_ID);
      expect(response.headers['x-acs-request-id']).toBe(response.body.RequestId);
      expect(Object.keys(response.body.Image)).toEqual([
        'ImageType',
        'AppId',
        'Name',
        'Version',
        'Description',
        'Size',
        'CreateTime',
        'Status',
        'ContainerImageSpec',
        'VMImageSpec',
        'DocumentInfo',
        'AdditionalRegionsInfo',
      ]);
    });

    it('defaults ImageType to VM, so a container image needs ImageType=Container', async () => {
      const notFound = await sdkError(client.call('GetImage', { ImageId: EHPC_SEED.acrContainer }));
      expect(notFound.code).toBe('ImageNotFound');
      expect(notFound.data.statusCode).toBe(404);

      const found = await client.call('GetImage', { ImageId: EHPC_SEED.acrContainer, ImageType: 'Container' });
      const image = found.body.Image;
      expect(image.ImageType).toBe('Container');
      expect(image.Size).toBe('2.5 GB');
      expect(image.VMImageSpec).toBeUndefined();
      expect(image.ContainerImageSpec).toMatchObject({
        IsACRRegistry: true,
        IsACREnterprise: true,
        RegistryCriId: 'cri-7k2m9x4q1w8e5r3t',
        Architecture: 'x86_64',
        RegistryCredential: {
          Server: 'hpc-registry-vpc.cn-hangzhou.cr.aliyuncs.com',
          Password: EHPC_SANDBOX_REGISTRY_PASSWORD,
        },
      });

      const vmAsContainer = await sdkError(
        client.call('GetImage', { ImageId: EHPC_SEED.publicX86Vm, ImageType: 'Container' }),
      );
      expect(vmAsContainer.code).toBe('ImageNotFound');
    });

    it('scopes the lookup by ImageCategory', async () => {
      const err = await sdkError(client.call('GetImage', { ImageId: EHPC_SEED.publicArmVm, ImageCategory: 'Custom' }));
      expect(err.code).toBe('ImageNotFound');
      const ok = await client.call('GetImage', { ImageId: EHPC_SEED.publicArmVm, ImageCategory: 'Public' });
      expect(ok.body.Image.VMImageSpec).toEqual({
        ImageId: EHPC_SEED.publicArmVm,
        OsTag: 'Alibaba Cloud Linux 3.2104 LTS 64 bit ARM Edition',
        Platform: 'Aliyun',
        Architecture: 'aarch64',
      });
    });

    it('narrows AdditionalRegionsInfo to the JSON-encoded AdditionalRegionIds', async () => {
      const all = await client.call('GetImage', { ImageId: EHPC_SEED.multiRegionVm });
      expect(all.body.Image.AdditionalRegionsInfo.map((r: { RegionId: string }) => r.RegionId)).toEqual([
        'cn-shanghai',
        'cn-beijing',
        'cn-shenzhen',
      ]);
      const some = await client.call('GetImage', {
        ImageId: EHPC_SEED.multiRegionVm,
        AdditionalRegionIds: Util.arrayToStringWithSpecifiedStyle(
          ['cn-shenzhen', 'cn-shanghai', 'eu-central-1'],
          'AdditionalRegionIds',
          'json',
        ),
      });
      expect(some.body.Image.AdditionalRegionsInfo).toEqual([
        { Status: 'Creating', ImageId: 'm-wz9copy2region5k7m1a', RegionId: 'cn-shenzhen' },
        { Status: 'Available', ImageId: 'm-uf6copy3region1x4b8c', RegionId: 'cn-shanghai' },
      ]);
    });

    it('answers an unknown image with 404 ImageNotFound in the POP error shape', async () => {
      const err = await sdkError(client.call('GetImage', { ImageId: 'm-doesnotexist0000000' }));
      expect(err.code).toBe('ImageNotFound');
      expect(err.data.statusCode).toBe(404);
      const { statusCode, ...body } = err.data;
      expect(statusCode).toBe(404);
      expectPopError(body, 'ImageNotFound', 'The specified image does not exist.');
    });

    it('answers missing or invalid parameters with 400 InvalidParams naming the parameter', async () => {
      const cases: Array<[Record<string, string>, string]> = [
        [{}, 'ImageId'],
        [{ ImageId: '' }, 'ImageId'],
        [{ ImageId: EHPC_SEED.documentedVm, ImageType: 'vm' }, 'ImageType'],
        [{ ImageId: EHPC_SEED.documentedVm, ImageCategory: 'Shared' }, 'ImageCategory'],
        [{ ImageId: EHPC_SEED.documentedVm, AdditionalRegionIds: 'cn-shanghai' }, 'AdditionalRegionIds'],
        [{ ImageId: EHPC_SEED.documentedVm, AdditionalRegionIds: '[1,2]' }, 'AdditionalRegionIds'],
        [{ ImageId: EHPC_SEED.documentedVm, 'AdditionalRegionIds.1': 'cn-shanghai' }, 'AdditionalRegionIds.1'],
      ];
      for (const [query, param] of cases) {
        const err = await sdkError(client.call('GetImage', query));
        expect(err.code).toBe('InvalidParams');
        expect(err.data.statusCode).toBe(400);
        expect(err.data.Message).toBe(`The specified parameter ${param} is invalid.`);
      }
    });

    it('reads parameters from a form body too (signed by its hash)', async () => {
      const response = await client.call(
        'GetImage',
        {},
        { body: { ImageId: EHPC_SEED.publicBusyboxContainer, ImageType: 'Container' } },
      );
      expect(response.body.Image).toMatchObject({ Name: 'busybox', Size: '1024 KB' });
      expect(response.body.Image.ContainerImageSpec.RegistryCredential).toBeUndefined();
    });
  });

  describe('ListImages', () => {
    it('lists with the documented defaults and only the list fields, newest first', async () => {
      const response = await client.call('ListImages');
      const body = response.body;
      expect(body).toMatchObject({ Success: true, TotalCount: 7, PageNumber: 1, PageSize: 10 });
      expect(body.RequestId).toMatch(REQUEST_ID);
      expect(body.Images.map((i: { ImageId: string }) => i.ImageId)).toEqual([
        EHPC_SEED.helloContainer,
        EHPC_SEED.multiRegionVm,
        EHPC_SEED.acrContainer,
        EHPC_SEED.publicBusyboxContainer,
        EHPC_SEED.publicArmVm,
        EHPC_SEED.documentedVm,
        EHPC_SEED.publicX86Vm,
      ]);
      const allowed = [
        'AppId',
        'CreateTime',
        'Description',
        'DocumentId',
        'ImageId',
        'ImageType',
        'Name',
        'OsTag',
        'UpdateTime',
        'Version',
        'Weight',
      ];
      for (const item of body.Images) for (const key of Object.keys(item)) expect(allowed).toContain(key);
      const acr = body.Images.find((i: { ImageId: string }) => i.ImageId === EHPC_SEED.acrContainer);
      expect(acr).toEqual({
        AppId: 'app-gromacs-2023',
        CreateTime: '2024-01-10T03:04:05Z',
        Description: 'GROMACS 2023.3 with CUDA 12.2, from the team ACR Enterprise instance.',
        DocumentId: 1024,
        ImageId: EHPC_SEED.acrContainer,
        ImageType: 'Container',
        Name: 'gromacs',
        OsTag: 'Ubuntu 22.04 64 bit',
        UpdateTime: '2024-03-02T11:22:33Z',
        Version: '2023.3',
        Weight: 10,
      });
      expect(JSON.stringify(body)).not.toContain(EHPC_SANDBOX_REGISTRY_PASSWORD);
    });

    it('filters by ImageIds, ImageNames (JSON arrays), ImageCategory and ImageType', async () => {
      const ids = (r: { body: Record<string, any> }) => r.body.Images.map((i: { ImageId: string }) => i.ImageId);
      const byIds = await client.call('ListImages', {
        ImageIds: JSON.stringify([EHPC_SEED.publicX86Vm, EHPC_SEED.documentedVm, 'm-unknown00000000000']),
      });
      expect(ids(byIds)).toEqual([EHPC_SEED.documentedVm, EHPC_SEED.publicX86Vm]);
      expect(byIds.body.TotalCount).toBe(2);
      const byNames = await client.call('ListImages', { ImageNames: JSON.stringify(['busybox', 'hello-world']) });
      expect(ids(byNames)).toEqual([EHPC_SEED.helloContainer, EHPC_SEED.publicBusyboxContainer]);
      const publicContainers = await client.call('ListImages', { ImageCategory: 'Public', ImageType: 'Container' });
      expect(ids(publicContainers)).toEqual([EHPC_SEED.publicBusyboxContainer]);
      const withMode = await client.call('ListImages', { ImageType: 'VM', Mode: 'Anything' });
      expect(withMode.body.TotalCount).toBe(4);
    });

    it('rejects out-of-range paging and malformed arrays', async () => {
      for (const [query, param] of [
        [{ PageSize: '101' }, 'PageSize'],
        [{ PageSize: '0' }, 'PageSize'],
        [{ PageNumber: '0' }, 'PageNumber'],
        [{ PageNumber: 'two' }, 'PageNumber'],
        [{ ImageIds: 'm-1,m-2' }, 'ImageIds'],
        [{ 'ImageIds.1': 'm-1' }, 'ImageIds.1'],
      ] as Array<[Record<string, string>, string]>) {
        const err = await sdkError(client.call('ListImages', query));
        expect(err.code).toBe('InvalidParams');
        expect(err.data.Message).toBe(`The specified parameter ${param} is invalid.`);
      }
    });
  });

  describe('signature over the wire', () => {
    it('rejects a query changed after signing with SignatureDoesNotMatch', async () => {
      const request = signedByHand(running.port, 'GetImage', { ImageId: EHPC_SEED.documentedVm });
      const response = await request.send(`ImageId=${EHPC_SEED.publicX86Vm}`);
      expect(response.status).toBe(400);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body.Code).toBe('SignatureDoesNotMatch');
      expect(String(body.Message)).toMatch(
        /^Specified signature is not matched with our calculation\. server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$/,
      );
      expect(response.headers.get('x-acs-request-id')).toBe(body.RequestId);
    });

    it('accepts a hand-signed request once and rejects its replay with SignatureNonceUsed', async () => {
      const request = signedByHand(running.port, 'ListImages', { PageSize: '1' });
      const first = await request.send();
      expect(first.status).toBe(200);
      const replay = await request.send();
      expect(replay.status).toBe(400);
      const body = (await replay.json()) as Record<string, unknown>;
      expectPopError(body, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    });

    it('rejects a wrong secret and an unknown access key', async () => {
      const wrongSecret = await sdkError(sdk(running.port, { accessKeySecret: 'wrong' }).call('ListImages'));
      expect(wrongSecret.code).toBe('SignatureDoesNotMatch');
      expect(wrongSecret.data.statusCode).toBe(400);
      const unknownKey = await sdkError(sdk(running.port, { accessKeyId: 'LTAI-nobody' }).call('ListImages'));
      expect(unknownKey.code).toBe('InvalidAccessKeyId.NotFound');
      expect(unknownKey.data.statusCode).toBe(404);
      expectPopError(
        Object.fromEntries(Object.entries(unknownKey.data).filter(([k]) => k !== 'statusCode')),
        'InvalidAccessKeyId.NotFound',
        'Specified access key is not found.',
      );
    });

    it('accepts an STS security token it issued and rejects another', async () => {
      const ok = await sdk(running.port, { securityToken: STS_TOKEN }).call('GetImage', {
        ImageId: EHPC_SEED.documentedVm,
      });
      expect(ok.body.Image.Name).toBe('app-image');
      const calls = running.calls();
      expect(calls[calls.length - 1].headers['x-acs-security-token']).toBe(STS_TOKEN);
      const bad = await sdkError(sdk(running.port, { securityToken: 'CAIS-someone-else' }).call('ListImages'));
      expect(bad.code).toBe('InvalidSecurityToken.Malformed');
      expect(bad.data.statusCode).toBe(400);
    });

    it('rejects another API version and an unknown action', async () => {
      const version = await sdkError(
        client.call('GetImage', { ImageId: EHPC_SEED.documentedVm }, { version: '2018-04-12' }),
      );
      expect(version.code).toBe('InvalidVersion');
      expect(version.data.statusCode).toBe(400);
      expect(version.data.Message).toBe('Specified parameter Version is not valid.');
      const action = await sdkError(client.call('DescribeImages'));
      expect(action.code).toBe('InvalidAction.NotFound');
      expect(action.data.statusCode).toBe(404);
      expect(action.data.Message).toBe('Specified api is not found, please check your url and method.');
    });
  });

  describe('fault controls', () => {
    const cases: Array<[EhpcFaultCode, number, string]> = [
      ['ServiceUnavailable', 503, 'The request has failed due to a temporary failure of the server.'],
      ['EcsError', 406, 'An error occurred while calling the ECS API operation.'],
      ['AliyunError', 406, 'An Alibaba Cloud product error occurred.'],
      ['DbError', 406, 'A database error occurred.'],
      ['NotAuthorized', 407, 'No authorization is granted.'],
      ['NotEnabled', 400, 'You have not enabled this service.'],
      ['InvalidParams', 400, 'The specified parameter ImageId is invalid.'],
    ];
    for (const [code, status, message] of cases) {
      it(`failNext('${code}') answers ${status} with the documented body, once`, async () => {
        expect(EHPC_DOCUMENTED_ERRORS[code].status).toBe(status);
        emulator.failNext(code);
        const err = await sdkError(client.call('GetImage', { ImageId: EHPC_SEED.documentedVm }));
        expect(err.code).toBe(code);
        const { statusCode, ...body } = err.data;
        expect(statusCode).toBe(status);
        expectPopError(body, code, message);
        const next = await client.call('GetImage', { ImageId: EHPC_SEED.documentedVm });
        expect(next.statusCode).toBe(200);
      });
    }

    it('failNext counts, targets an action, and still requires a valid signature', async () => {
      emulator.failNext('ServiceUnavailable', 2, { action: 'ListImages' });
      const bad = await sdkError(sdk(running.port, { accessKeySecret: 'wrong' }).call('ListImages'));
      expect(bad.code).toBe('SignatureDoesNotMatch');
      expect((await client.call('GetImage', { ImageId: EHPC_SEED.documentedVm })).statusCode).toBe(200);
      expect((await sdkError(client.call('ListImages'))).data.statusCode).toBe(503);
      expect((await sdkError(client.call('ListImages'))).data.statusCode).toBe(503);
      expect((await client.call('ListImages')).statusCode).toBe(200);
    });

    it('successFalseNext answers HTTP 200 with Success false', async () => {
      emulator.successFalseNext(1, {
        Code: 'InternalError',
        Message: 'The request processing has failed due to some unknown error.',
      });
      const response = await client.call('GetImage', { ImageId: EHPC_SEED.documentedVm });
      expect(response.statusCode).toBe(200);
      expect(response.body).toEqual({
        RequestId: response.body.RequestId,
        Success: false,
        Code: 'InternalError',
        Message: 'The request processing has failed due to some unknown error.',
      });
      emulator.successFalseNext();
      const bare = await client.call('ListImages');
      expect(Object.keys(bare.body).sort()).toEqual(['RequestId', 'Success']);
      expect((await client.call('ListImages')).body.Success).toBe(true);
    });
  });

  describe('AddImage and RemoveImage', () => {
    it('adds a VM and a container image over the wire, then removes them', async () => {
      const vm = await client.call('AddImage', {
        Name: 'my-vm',
        ImageVersion: 'v2',
        ImageType: 'VM',
        VMImageSpec: JSON.stringify({ ImageId: 'm-bp1addedvm000000001' }),
      });
      expect(vm.body).toEqual({ RequestId: vm.body.RequestId, ImageId: 'm-bp1addedvm000000001', Success: true });
      const container = await client.call('AddImage', {
        Name: 'my-container',
        ImageType: 'Container',
        ContainerImageSpec: JSON.stringify({
          RegistryUrl: 'registry.cn-hangzhou.aliyuncs.com/me/app:1',
          IsACRRegistry: true,
        }),
      });
      expect(container.body.ImageId).toMatch(/^m-[a-z0-9]{20}$/);
      const got = await client.call('GetImage', { ImageId: container.body.ImageId, ImageType: 'Container' });
      expect(got.body.Image).toMatchObject({ Name: 'my-container', ContainerImageSpec: { IsACRRegistry: true } });
      const listed = await client.call('ListImages', { ImageNames: JSON.stringify(['my-vm']) });
      expect(listed.body.Images).toHaveLength(1);
      expect(listed.body.Images[0]).toMatchObject({ ImageId: 'm-bp1addedvm000000001', Version: 'v2', ImageType: 'VM' });

      expect((await client.call('RemoveImage', { ImageId: 'm-bp1addedvm000000001' })).body.Success).toBe(true);
      expect(
        (await client.call('RemoveImage', { ImageId: container.body.ImageId, ImageType: 'Container' })).body.Success,
      ).toBe(true);
      expect((await sdkError(client.call('GetImage', { ImageId: 'm-bp1addedvm000000001' }))).code).toBe(
        'ImageNotFound',
      );
      expect((await sdkError(client.call('RemoveImage', { ImageId: EHPC_SEED.publicX86Vm }))).code).toBe(
        'NotAuthorized',
      );
      expect(emulator.images()).toHaveLength(7);
    });
  });
});

describe('ListImages paging over generated images', () => {
  let emulator: EhpcEmulator;
  let running: RunningEmulator;
  let client: Sdk;

  beforeAll(async () => {
    emulator = createEhpcEmulator({ accessKeyId: AK, accessKeySecret: SK, regionId: REGION, seed: false });
    running = await serveEmulator(emulator);
    client = sdk(running.port);
  });
  afterAll(async () => {
    await running.close();
  });

  it('generates deterministic images with distinct CreateTime', () => {
    const images = emulator.generateImages(57);
    expect(images[0].ImageId).toBe('m-gen00000000000000001');
    expect(images[0].CreateTime).toBe('2021-01-01T00:01:00Z');
    expect(new Set(images.map((i) => i.CreateTime)).size).toBe(57);
    expect(new Set(images.map((i) => i.VMImageSpec?.Architecture))).toEqual(new Set(['x86_64', 'aarch64']));
  });

  it('returns each image exactly once, newest first, across pages', async () => {
    const seen: string[] = [];
    let pages = 0;
    for (let page = 1; ; page++) {
      const response = await client.call('ListImages', { PageNumber: page, PageSize: 10 });
      expect(response.body).toMatchObject({ TotalCount: 57, PageNumber: page, PageSize: 10 });
      if (response.body.Images.length === 0) break;
      pages += 1;
      seen.push(...response.body.Images.map((i: { ImageId: string }) => i.ImageId));
    }
    expect(pages).toBe(6);
    expect(seen).toHaveLength(57);
    expect(new Set(seen).size).toBe(57);
    expect(seen).toEqual(emulator.images().map((i) => i.ImageId));
    expect(seen[0]).toBe('m-gen00000000000000057');
    const max = await client.call('ListImages', { PageSize: 100 });
    expect(max.body.Images).toHaveLength(57);
    expect(running.calls().every((c) => c.method === 'POST' && c.rawPath === '/')).toBe(true);
  });

  it('breaks CreateTime ties by ImageId', async () => {
    emulator.seedImage({ ImageId: 'm-tieb', CreateTime: '2030-01-01T00:00:00Z' });
    emulator.seedImage({ ImageId: 'm-tiea', CreateTime: '2030-01-01T00:00:00Z' });
    const response = await client.call('ListImages', { PageSize: 3 });
    expect(response.body.Images.map((i: { ImageId: string }) => i.ImageId)).toEqual([
      'm-tiea',
      'm-tieb',
      'm-gen00000000000000057',
    ]);
  });
});

describe('AddImage and RemoveImage as docs/vendor-writes.md §3 has them', () => {
  let emulator: EhpcEmulator;
  let running: RunningEmulator;
  let client: Sdk;

  beforeAll(async () => {
    emulator = createEhpcEmulator({ accessKeyId: AK, accessKeySecret: SK, regionId: REGION });
    running = await serveEmulator(emulator);
    client = sdk(running.port);
  });
  afterAll(async () => {
    await running.close();
  });

  const ACR_SPEC = {
    RegistryUrl: 'registry-vpc.cn-hangzhou.aliyuncs.com/ehpc_open/nginx:latest',
    IsACRRegistry: true,
    IsACREnterprise: true,
    RegistryCriId: 'cri-xyz795ygf8k9abcd',
    RegistryCredential: { Server: 'registry-vpc.cn-hangzhou.aliyuncs.com', UserName: 'username', Password: 'pw-1234' },
  };

  it('adds a container image from a JSON-encoded spec, which GetImage returns as documented, password included', async () => {
    const added = await client.call('AddImage', {
      Name: 'nginx',
      ImageType: 'Container',
      ImageVersion: 'V1.0',
      Description: 'from ACR',
      ContainerImageSpec: JSON.stringify(ACR_SPEC),
    });
    expect(added.body).toEqual({ RequestId: added.body.RequestId, ImageId: added.body.ImageId, Success: true });
    const got = await client.call('GetImage', { ImageId: added.body.ImageId, ImageType: 'Container' });
    expect(got.body.Image).toEqual({
      ImageType: 'Container',
      AppId: '',
      Name: 'nginx',
      Version: 'V1.0',
      Description: 'from ACR',
      Size: '',
      CreateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      Status: 'Available',
      ContainerImageSpec: ACR_SPEC,
    });
    expect((await client.call('RemoveImage', { ImageId: added.body.ImageId, ImageType: 'Container' })).body).toEqual({
      RequestId: expect.stringMatching(REQUEST_ID),
      Success: true,
    });
  });

  it('answers 400 ImageAlreadyExists for an ECS image added twice', async () => {
    const spec = JSON.stringify({ ImageId: 'm-bp1twiceadded0000001' });
    await client.call('AddImage', { Name: 'once', ImageType: 'VM', VMImageSpec: spec });
    const again = await sdkError(client.call('AddImage', { Name: 'twice', ImageType: 'VM', VMImageSpec: spec }));
    expect(again.code).toBe('ImageAlreadyExists');
    const { statusCode, ...body } = again.data;
    expect(statusCode).toBe(400);
    expectPopError(body, 'ImageAlreadyExists', 'The specified image already exists.');
    await client.call('RemoveImage', { ImageId: 'm-bp1twiceadded0000001' });
  });

  it('refuses specs that are not JSON objects of the SDK model types, naming the parameter', async () => {
    const refused = async (query: Record<string, unknown>) =>
      (await sdkError(client.call('AddImage', { Name: 'x', ...query }))).data.Message;
    expect(await refused({ ImageType: 'VM', VMImageSpec: '["m-1"]' })).toBe(
      'The specified parameter VMImageSpec is invalid.',
    );
    expect(await refused({ ImageType: 'VM', VMImageSpec: '{"ImageId":"not-an-ecs-id"}' })).toBe(
      'The specified parameter VMImageSpec.ImageId is invalid.',
    );
    expect(await refused({ ContainerImageSpec: JSON.stringify({ ...ACR_SPEC, IsACRRegistry: 'yes' }) })).toBe(
      'The specified parameter ContainerImageSpec.IsACRRegistry is invalid.',
    );
    expect(await refused({ ContainerImageSpec: JSON.stringify({ ...ACR_SPEC, RegistryCredential: 'u:p' }) })).toBe(
      'The specified parameter ContainerImageSpec.RegistryCredential is invalid.',
    );
    expect(
      await refused({
        ContainerImageSpec: JSON.stringify({ ...ACR_SPEC, RegistryCredential: { UserName: 'u', Password: 7 } }),
      }),
    ).toBe('The specified parameter ContainerImageSpec.RegistryCredential.Password is invalid.');
    expect(await refused({ ImageType: 'Container', ContainerImageSpec: '{}' })).toBe(
      'The specified parameter ContainerImageSpec.RegistryUrl is invalid.',
    );
    expect((await sdkError(client.call('AddImage', { ImageType: 'VM' }))).data.Message).toBe(
      'The specified parameter Name is invalid.',
    );
  });

  it('answers 403 ImageInUse for an image a job uses, and removes it once it is free', async () => {
    emulator.setImageInUse(EHPC_SEED.multiRegionVm);
    const inUse = await sdkError(client.call('RemoveImage', { ImageId: EHPC_SEED.multiRegionVm, ImageType: 'VM' }));
    const { statusCode, ...body } = inUse.data;
    expect(statusCode).toBe(403);
    expectPopError(body, 'ImageInUse', 'Image is still used by jobs.');
    expect(emulator.images().some((i) => i.ImageId === EHPC_SEED.multiRegionVm)).toBe(true);
    emulator.setImageInUse(EHPC_SEED.multiRegionVm, false);
    expect((await client.call('RemoveImage', { ImageId: EHPC_SEED.multiRegionVm })).body.Success).toBe(true);
    expect(emulator.images().some((i) => i.ImageId === EHPC_SEED.multiRegionVm)).toBe(false);
  });

  it('answers ImageNotFound for a missing image or the wrong ImageType, NotAuthorized for a Public one', async () => {
    const code = async (query: Record<string, unknown>) => (await sdkError(client.call('RemoveImage', query))).data;
    expect(await code({ ImageId: 'm-nosuchimage000000000' })).toMatchObject({ Code: 'ImageNotFound', statusCode: 404 });
    expect(await code({ ImageId: EHPC_SEED.acrContainer })).toMatchObject({ Code: 'ImageNotFound', statusCode: 404 });
    expect(await code({ ImageId: EHPC_SEED.publicArmVm })).toMatchObject({ Code: 'NotAuthorized', statusCode: 407 });
    expect(await code({})).toMatchObject({
      Code: 'InvalidParams',
      Message: 'The specified parameter ImageId is invalid.',
    });
    expect(emulator.images().some((i) => i.ImageId === EHPC_SEED.acrContainer)).toBe(true);
  });

  it('checks the signature of AddImage and RemoveImage as of every action', async () => {
    const spec = JSON.stringify({ ImageId: 'm-bp1signedadd00000001' });
    const add = signedByHand(running.port, 'AddImage', { Name: 'signed', ImageType: 'VM', VMImageSpec: spec });
    const tampered = await add.send(
      querystring.stringify({ Name: 'signed', ImageType: 'VM', VMImageSpec: '{"ImageId":"m-bp1othertarget0000001"}' }),
    );
    expect(tampered.status).toBe(400);
    expect(((await tampered.json()) as { Code: string }).Code).toBe('SignatureDoesNotMatch');
    expect(emulator.images().some((i) => i.ImageId.startsWith('m-bp1othertarget'))).toBe(false);
    const remove = signedByHand(running.port, 'RemoveImage', { ImageId: EHPC_SEED.documentedVm });
    const wrong = await remove.send(querystring.stringify({ ImageId: EHPC_SEED.helloContainer }));
    expect(((await wrong.json()) as { Code: string }).Code).toBe('SignatureDoesNotMatch');
    expect(
      (
        await sdkError(
          sdk(running.port, { accessKeySecret: 'wrong' }).call('RemoveImage', { ImageId: EHPC_SEED.documentedVm }),
        )
      ).code,
    ).toBe('SignatureDoesNotMatch');
    expect(emulator.images().some((i) => i.ImageId === EHPC_SEED.documentedVm)).toBe(true);
  });
});
