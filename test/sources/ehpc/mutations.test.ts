// E-HPC's writes over HTTP against the sandbox: addEhpcImage (one AddImage
// with the specs JSON-encoded in the signed query, then one GetImage) and
// deleteImage (ListImages finds the type, GetImage the last sight, then one
// RemoveImage), with what the emulator received and how many calls it took,
// every refusal with its code, and the registry password: it reaches E-HPC in
// AddImage's query and nothing else, not any answer, error or log line, even
// when GraphQL itself or the upstream would echo it.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../../src/ids.js';
import type { EmulatorRequest } from '../../../src/sandbox/emulator.js';
import { EHPC_SEED, SANDBOX_ALIBABA } from '../../../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { recordRequests } from '../../support/received.js';

const REGION = SANDBOX_ALIBABA.regionId;
const PASSWORD = 'reg1stry-Pa55-that-must-never-leak-5f2c';
const globalId = (nativeId: string) => encodeGlobalId({ provider: 'EHPC', region: REGION, project: '', nativeId });

const ADD = `mutation ($input: AddEhpcImageInput!) {
  addEhpcImage(input: $input) {
    image {
      id nativeId name version description imageType imageCategory visibility status vendorStatus
      vmImageSpec { imageId }
      containerImageSpec {
        registryUrl isAcrRegistry isAcrEnterprise registryCriId
        registryCredential { server userName hasPassword }
      }
    }
  }
}`;
const DELETE = `mutation ($input: DeleteImageInput!) {
  deleteImage(input: $input) {
    deletedId
    image { id nativeId name status ... on EhpcImage { imageType imageCategory updatedAt sizeBytes } }
  }
}`;

const containerInput = (extra: Record<string, unknown> = {}) => ({
  name: 'nginx',
  imageType: 'CONTAINER',
  imageVersion: 'V1.0',
  description: 'nginx from ACR Enterprise',
  containerImageSpec: {
    registryUrl: 'registry-vpc.cn-hangzhou.aliyuncs.com/ehpc_open/nginx:latest',
    isAcrRegistry: true,
    isAcrEnterprise: true,
    registryCriId: 'cri-xyz795ygf8k9abcd',
    registryCredential: { server: 'registry-vpc.cn-hangzhou.aliyuncs.com', userName: 'puller', password: PASSWORD },
  },
  ...extra,
});

/** One E-HPC call as it arrived: the action, the raw query string and its parameters. */
interface Received {
  action: string;
  rawQuery: string;
  params: Record<string, string>;
}

let gw: TestGateway;
let requests: EmulatorRequest[];
/** Runs before the emulator answers each request (a test makes the world change between two calls). */
let beforeAnswer: ((request: EmulatorRequest) => void) | undefined;
/** The E-HPC calls received since the test began. */
const received = (): Received[] =>
  requests.map((request) => ({
    action: String(request.headers['x-acs-action']),
    rawQuery: request.rawQuery,
    params: Object.fromEntries(new URLSearchParams(request.rawQuery)),
  }));
/** Every answer this file got, for the final check that none holds the password. */
const answers: string[] = [];
const ask = async (document: string, variables?: Record<string, unknown>) => {
  const result = await gw.query(document, variables);
  answers.push(result.text);
  return result;
};

beforeAll(async () => {
  gw = await startTestGateway();
  requests = recordRequests(gw.sandbox.ehpc.emulator, (request) => beforeAnswer?.(request));
});
afterAll(async () => {
  await gw?.stop();
});
beforeEach(() => {
  beforeAnswer = undefined;
  requests.length = 0;
  gw.sandbox.resetCalls();
  gw.sandbox.ehpc.clearFaults();
  gw.sandbox.ehpc.emulator.clearFaults();
});

describe('addEhpcImage', () => {
  it('sends one AddImage with ContainerImageSpec JSON-encoded in the signed query, then one GetImage', async () => {
    const res = await ask(ADD, { input: containerInput() });
    expect(res.body.errors).toBeUndefined();
    expect(received().map((r) => r.action)).toEqual(['AddImage', 'GetImage']);
    const [add, get] = received();
    expect(Object.keys(add.params).sort()).toEqual([
      'ContainerImageSpec',
      'Description',
      'ImageType',
      'ImageVersion',
      'Name',
    ]);
    expect(add.params).toMatchObject({
      Name: 'nginx',
      ImageType: 'Container',
      ImageVersion: 'V1.0',
      Description: 'nginx from ACR Enterprise',
    });
    expect(JSON.parse(add.params.ContainerImageSpec)).toStrictEqual({
      RegistryUrl: 'registry-vpc.cn-hangzhou.aliyuncs.com/ehpc_open/nginx:latest',
      IsACRRegistry: true,
      IsACREnterprise: true,
      RegistryCriId: 'cri-xyz795ygf8k9abcd',
      RegistryCredential: { Server: 'registry-vpc.cn-hangzhou.aliyuncs.com', UserName: 'puller', Password: PASSWORD },
    });
    // The JSON travels percent-encoded in the query string, as the SDK's "json" style sends it.
    expect(add.rawQuery).toContain(`ContainerImageSpec=${encodeURIComponent(add.params.ContainerImageSpec)}`);
    const imageId = res.body.data.addEhpcImage.image.nativeId as string;
    expect(get.params).toEqual({ ImageId: imageId, ImageCategory: 'Custom', ImageType: 'Container' });
    expect(gw.sandbox.ehpc.calls().map((c) => `${c.method} ${c.rawPath} ${c.status}`)).toEqual([
      'POST / 200',
      'POST / 200',
    ]);

    expect(res.body.data.addEhpcImage.image).toEqual({
      id: globalId(imageId),
      nativeId: imageId,
      name: 'nginx',
      version: 'V1.0',
      description: 'nginx from ACR Enterprise',
      imageType: 'CONTAINER',
      imageCategory: 'CUSTOM',
      visibility: 'PRIVATE',
      status: 'ACTIVE',
      vendorStatus: 'Available',
      vmImageSpec: null,
      containerImageSpec: {
        registryUrl: 'registry-vpc.cn-hangzhou.aliyuncs.com/ehpc_open/nginx:latest',
        isAcrRegistry: true,
        isAcrEnterprise: true,
        registryCriId: 'cri-xyz795ygf8k9abcd',
        registryCredential: { server: 'registry-vpc.cn-hangzhou.aliyuncs.com', userName: 'puller', hasPassword: true },
      },
    });
    // E-HPC keeps the password and GetImage returns it: the gateway does not.
    const stored = gw.sandbox.ehpc.emulator.images().find((i) => i.ImageId === imageId);
    expect(stored?.ContainerImageSpec?.RegistryCredential?.Password).toBe(PASSWORD);
    expect(res.text).not.toContain(PASSWORD);
  });

  it('sends a VM image as VMImageSpec={"ImageId":…}, the type inferred from the one spec', async () => {
    const res = await ask(ADD, { input: { name: 'centos-hpc', vmImageSpec: { imageId: 'm-bp1vmaddedbytest0001' } } });
    expect(res.body.errors).toBeUndefined();
    expect(received().map((r) => r.action)).toEqual(['AddImage', 'GetImage']);
    expect(received()[0].params).toEqual({
      Name: 'centos-hpc',
      ImageType: 'VM',
      VMImageSpec: '{"ImageId":"m-bp1vmaddedbytest0001"}',
    });
    expect(received()[1].params).toEqual({
      ImageId: 'm-bp1vmaddedbytest0001',
      ImageCategory: 'Custom',
      ImageType: 'VM',
    });
    expect(res.body.data.addEhpcImage.image).toMatchObject({
      nativeId: 'm-bp1vmaddedbytest0001',
      imageType: 'VM',
      vmImageSpec: { imageId: 'm-bp1vmaddedbytest0001' },
      containerImageSpec: null,
    });
  });

  it('adding an ECS image twice is BAD_USER_INPUT with ImageAlreadyExists, after one AddImage', async () => {
    const input = { name: 'twice', imageType: 'VM', vmImageSpec: { imageId: 'm-bp1addedtwicetest001' } };
    expect((await ask(ADD, { input })).body.errors).toBeUndefined();
    requests.length = 0;
    const again = await ask(ADD, { input });
    expect(again.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      provider: 'EHPC',
      vendorCode: 'ImageAlreadyExists',
      upstreamStatus: 400,
    });
    expect(received().map((r) => r.action)).toEqual(['AddImage']);
  });

  it('is BAD_USER_INPUT naming vmImageSpec.imageId when E-HPC finds no such ECS image', async () => {
    gw.sandbox.ehpc.injectFault({
      status: 404,
      body: { RequestId: 'NO-ECS-1', Code: 'ImageNotFound', Message: 'The specified image does not exist.' },
    });
    const res = await ask(ADD, { input: { name: 'from-nothing', vmImageSpec: { imageId: 'm-bp1noecsimage0000001' } } });
    expect(res.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      vendorCode: 'ImageNotFound',
      upstreamStatus: 404,
      field: 'input.vmImageSpec.imageId',
    });
    // The fault answers in the emulator's server, before the emulator: count what the server saw.
    expect(gw.sandbox.ehpc.calls().map((c) => c.headers['x-acs-action'])).toEqual(['AddImage']);
  });

  it('names the input field of a parameter E-HPC calls invalid', async () => {
    gw.sandbox.ehpc.emulator.failNext('InvalidParams', 1, {
      action: 'AddImage',
      param: 'ContainerImageSpec.RegistryCredential.UserName',
    });
    const res = await ask(ADD, { input: containerInput() });
    expect(res.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      vendorCode: 'InvalidParams',
      field: 'input.containerImageSpec.registryCredential.userName',
    });
  });

  it('never repeats an AddImage: a 503 or an EcsError is reported after one attempt, without the password', async () => {
    gw.sandbox.ehpc.emulator.failNext('ServiceUnavailable', 3, { action: 'AddImage' });
    const unavailable = await ask(ADD, { input: containerInput() });
    expect(unavailable.body.errors?.[0].extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      upstreamStatus: 503,
    });
    expect(received().map((r) => r.action)).toEqual(['AddImage']);
    gw.sandbox.ehpc.emulator.clearFaults();

    requests.length = 0;
    gw.sandbox.ehpc.emulator.failNext('EcsError', 1, { action: 'AddImage' });
    const ecs = await ask(ADD, { input: containerInput() });
    expect(ecs.body.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', vendorCode: 'EcsError' });
    expect(received().map((r) => r.action)).toEqual(['AddImage']);
    for (const text of [unavailable.text, ecs.text]) expect(text).not.toContain(PASSWORD);
  });

  it('scrubs the password from an upstream error that quotes it back', async () => {
    gw.sandbox.ehpc.injectFault({
      status: 400,
      body: {
        RequestId: 'ECHO-1',
        Code: 'InvalidParams',
        Message: `The specified parameter ContainerImageSpec is invalid: {"UserName":"puller","Password":"${PASSWORD}"}`,
      },
    });
    const res = await ask(ADD, { input: containerInput() });
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]).toMatchObject({
      message: expect.stringContaining('"Password":"[redacted]"'),
      extensions: { code: 'BAD_USER_INPUT', vendorCode: 'InvalidParams', requestId: 'ECHO-1' },
    });
    expect(res.text).not.toContain(PASSWORD);
  });

  it('scrubs the password from GraphQL’s own error, which prints the input object it cannot coerce', async () => {
    const input = containerInput();
    const spec = input.containerImageSpec as Record<string, any>;
    spec.registryCredential = { ...spec.registryCredential, pasword: 'a typo' };
    const res = await ask(ADD, { input });
    expect(res.status).toBe(200); // a request error under application/json (GraphQL over HTTP)
    expect(res.body.errors?.[0].message).toContain('Field "pasword" is not defined');
    expect(res.body.errors?.[0].message).toContain('password: "[redacted]"');
    expect(res.text).not.toContain(PASSWORD);
    expect(gw.sandbox.ehpc.calls()).toHaveLength(0);
  });

  it('scrubs a password written in the document itself', async () => {
    const res = await ask(
      `mutation { addEhpcImage(input: { name: "inline", containerImageSpec: { registryUrl: "r.example/a:1", registryCredential: { userName: "u", password: 1234567 } } }) { image { id } } }`,
    );
    expect(res.body.errors?.[0].message).toContain('String cannot represent a non string value: [redacted]');
    expect(res.text).not.toContain('1234567');
    expect(gw.sandbox.ehpc.calls()).toHaveLength(0);
  });

  it('checks the input before any call, naming the field and never the password', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'no-spec' }, 'input.imageType'],
      [
        { name: 'both', vmImageSpec: { imageId: 'm-1' }, containerImageSpec: containerInput().containerImageSpec },
        'input.imageType',
      ],
      [{ name: 'vm', imageType: 'VM', containerImageSpec: containerInput().containerImageSpec }, 'input.vmImageSpec'],
      [
        { name: 'vm', imageType: 'VM', vmImageSpec: { imageId: 'm-1' }, containerImageSpec: { registryUrl: 'r/a:1' } },
        'input.containerImageSpec',
      ],
      [{ name: 'ctr', imageType: 'CONTAINER', vmImageSpec: { imageId: 'm-1' } }, 'input.containerImageSpec'],
      [containerInput({ name: '  ' }), 'input.name'],
      [containerInput({ imageVersion: '' }), 'input.imageVersion'],
      [{ name: 'vm', vmImageSpec: { imageId: ' ' } }, 'input.vmImageSpec.imageId'],
      [{ name: 'ctr', containerImageSpec: { registryUrl: '' } }, 'input.containerImageSpec.registryUrl'],
      [
        {
          name: 'ctr',
          containerImageSpec: { registryUrl: 'r/a:1', registryCredential: { userName: 'u', password: 'pw' } },
        },
        'input.containerImageSpec.registryCredential.password',
      ],
      [
        { name: 'ctr', containerImageSpec: { registryUrl: 'r/a:1', registryCredential: { password: PASSWORD } } },
        'input.containerImageSpec.registryCredential.userName',
      ],
      [containerInput({ description: 'lone \ud800 surrogate' }), 'input.description'],
    ];
    for (const [input, field] of cases) {
      const res = await ask(ADD, { input });
      expect(res.body.errors?.[0].extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.text).not.toContain(PASSWORD);
    }
    expect(gw.sandbox.ehpc.calls()).toHaveLength(0);
  });
});

describe('deleteImage on E-HPC', () => {
  const seed = (imageId: string, extra: Record<string, unknown> = {}) =>
    gw.sandbox.ehpc.emulator.seedImage({
      ImageId: imageId,
      Name: `to-delete-${imageId}`,
      Status: 'Available',
      Size: '10 GiB',
      UpdateTime: '2024-05-01T00:00:00Z',
      ...extra,
    });

  it('finds the type with ListImages, reads the image with GetImage, then sends one RemoveImage', async () => {
    seed('m-bp1deletecontainer01', { ImageType: 'Container', ContainerImageSpec: { RegistryUrl: 'r/a:1' } });
    const res = await ask(DELETE, { input: { id: globalId('m-bp1deletecontainer01') } });
    expect(res.body.errors).toBeUndefined();
    expect(received().map((r) => [r.action, r.params])).toEqual([
      ['ListImages', { ImageIds: '["m-bp1deletecontainer01"]', PageNumber: '1', PageSize: '100' }],
      ['GetImage', { ImageId: 'm-bp1deletecontainer01', ImageType: 'Container' }],
      ['RemoveImage', { ImageId: 'm-bp1deletecontainer01', ImageType: 'Container' }],
    ]);
    expect(res.body.data.deleteImage).toEqual({
      deletedId: globalId('m-bp1deletecontainer01'),
      image: {
        id: globalId('m-bp1deletecontainer01'),
        nativeId: 'm-bp1deletecontainer01',
        name: 'to-delete-m-bp1deletecontainer01',
        status: 'ACTIVE',
        imageType: 'CONTAINER',
        imageCategory: 'CUSTOM',
        updatedAt: '2024-05-01T00:00:00.000Z',
        sizeBytes: 10 * 1024 ** 3,
      },
    });
    // Every field came from the reads before the removal: nothing was fetched after it.
    expect(received().at(-1)?.action).toBe('RemoveImage');
    expect(gw.sandbox.ehpc.emulator.images().some((i) => i.ImageId === 'm-bp1deletecontainer01')).toBe(false);
  });

  it('is NOT_FOUND after one ListImages when the image does not exist', async () => {
    const res = await ask(DELETE, { input: { id: globalId('m-bp1nosuchimage000001') } });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', provider: 'EHPC', field: 'input.id' });
    expect(received().map((r) => r.action)).toEqual(['ListImages']);
  });

  it('is FORBIDDEN with ImageInUse, and a message saying why, for an image jobs still use', async () => {
    seed('m-bp1deleteinuse00001');
    gw.sandbox.ehpc.emulator.setImageInUse('m-bp1deleteinuse00001');
    const res = await ask(DELETE, { input: { id: globalId('m-bp1deleteinuse00001') } });
    expect(res.body.errors?.[0]).toMatchObject({
      message: 'the E-HPC image m-bp1deleteinuse00001 is still used by jobs (ImageInUse): delete it once they are done',
      extensions: {
        code: 'FORBIDDEN',
        provider: 'EHPC',
        vendorCode: 'ImageInUse',
        upstreamStatus: 403,
        field: 'input.id',
      },
    });
    expect(received().map((r) => r.action)).toEqual(['ListImages', 'GetImage', 'RemoveImage']);
    expect(gw.sandbox.ehpc.emulator.images().some((i) => i.ImageId === 'm-bp1deleteinuse00001')).toBe(true);
  });

  it("is FORBIDDEN with NotAuthorized for a Public image, which is Alibaba Cloud's", async () => {
    const res = await ask(DELETE, { input: { id: globalId(EHPC_SEED.publicX86Vm) } });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', vendorCode: 'NotAuthorized' });
    expect(gw.sandbox.ehpc.emulator.images().some((i) => i.ImageId === EHPC_SEED.publicX86Vm)).toBe(true);
  });

  it('is NOT_FOUND when the image goes between the reads and RemoveImage, which is never repeated', async () => {
    seed('m-bp1deleteraced00001');
    gw.sandbox.ehpc.emulator.failNext('ServiceUnavailable', 3, { action: 'RemoveImage' });
    const unavailable = await ask(DELETE, { input: { id: globalId('m-bp1deleteraced00001') } });
    expect(unavailable.body.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(received().filter((r) => r.action === 'RemoveImage')).toHaveLength(1);
    gw.sandbox.ehpc.emulator.clearFaults();

    requests.length = 0;
    beforeAnswer = (request) => {
      if (request.headers['x-acs-action'] === 'RemoveImage')
        gw.sandbox.ehpc.emulator.removeImage('m-bp1deleteraced00001');
    };
    const gone = await ask(DELETE, { input: { id: globalId('m-bp1deleteraced00001') } });
    expect(received().map((r) => r.action)).toEqual(['ListImages', 'GetImage', 'RemoveImage']);
    expect(gone.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', provider: 'EHPC' });
  });
});

describe('the registry password', () => {
  it('is in no answer and no log line of this file, though the gateway logged at debug level', () => {
    expect(answers.length).toBeGreaterThan(15);
    for (const text of answers) expect(text).not.toContain(PASSWORD);
    const logs = gw.logs.join('\n');
    expect(logs).toContain('upstream call');
    expect(logs).toContain('"operation":"AddImage"');
    expect(logs).not.toContain(PASSWORD);
  });
});
