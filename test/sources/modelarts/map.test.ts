// ModelArts mapping on the vendor's documented example responses, copied
// verbatim from docs/vendor/000-modelarts-image-details.txt (Obtaining Details of an Image), 001
// (Registering a Custom Image) and 004 (Saving a Running Instance as a
// Container Image): wire JSON in, every field out, with exact values.

import { describe, expect, it } from 'vitest';
import { encodeGlobalId, tryDecodeGlobalId } from '../../../src/ids.js';
import type { ModelArtsImageWire } from '../../../src/sources/modelarts/api.js';
import { mapModelArtsImage, MODELARTS_STATUS } from '../../../src/sources/modelarts/map.js';

// docs/vendor/000-modelarts-image-details.txt_*, "Example Responses", status code 200 — verbatim.
const EXAMPLE_000 = `{
  "arch" : "x86_64",
  "create_at" : 1638234504492,
  "description" : "CPU and GPU general algorithm development and training, preconfigured with AI engine PyTorch1.8",
  "dev_services" : [ "NOTEBOOK", "SSH" ],
  "id" : "278e88d1-5b71-4766-8502-b3ba72e824d9",
  "name" : "pytorch1.8-cuda10.2-cudnn7-ubuntu18.04",
  "resource_categories" : [ "GPU", "CPU" ],
  "service_type" : "COMMON",
  "status" : "ACTIVE",
  "swr_path" : "swr.xxx.com/atelier/pytorch_1_8:pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64-20220926104358-041ba2e",
  "tag" : "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64-20220926104358-041ba2e",
  "type" : "BUILD_IN",
  "update_at" : 1638234504492,
  "workspace_id" : "0"
}`;

// docs/vendor/001-modelarts-register-image.txt_*, "Example Responses", status code 200 — verbatim.
const EXAMPLE_001 = `{
  "arch" : "x86_64",
  "create_at" : 1671708630448,
  "description" : "",
  "dev_services" : [ "NOTEBOOK", "SSH" ],
  "id" : "708ca95d-c601-4dc7-86b9-670adfd5e818",
  "name" : "pytorch_1_8",
  "namespace" : "op_svc_modelarts_container2",
  "origin" : "CUSTOMIZE",
  "resource_categories" : [ "CPU" ],
  "service_type" : "UNKNOWN",
  "size" : 3376133259,
  "status" : "ACTIVE",
  "swr_path" : "swr.xxx.com/op_svc_modelarts_container2/pytorch_1_8:train-pytorch_1.8.0-cuda_10.2-py_3.7",
  "tag" : "train-pytorch_1.8.0-cuda_10.2-py_3.7",
  "type" : "DEDICATED",
  "update_at" : 1671708630448,
  "visibility" : "PRIVATE",
  "workspace_id" : "0"
}`;

// docs/vendor/004-modelarts-save-notebook-image.txt_*, "Example Responses", status code 200 — verbatim.
const EXAMPLE_004 = `{
  "arch" : "x86_64",
  "create_at" : 1671786468811,
  "description" : "notebook2.0 20200816",
  "dev_services" : [ "SSH", "NOTEBOOK" ],
  "id" : "4e0d1854-63e5-4517-b683-a0ee97a692a1",
  "name" : "pytorch1_4",
  "namespace" : "atelier-auto",
  "origin" : "IMAGE_SAVE",
  "resource_categories" : [ "CPU", "GPU" ],
  "service_type" : "TRAIN",
  "status" : "INIT",
  "swr_path" : "swr.xxxxx.com/atelier-auto/pytorch1_4:20221223",
  "tag" : "20221223",
  "type" : "DEDICATED",
  "update_at" : 1671786468811,
  "visibility" : "PRIVATE",
  "workspace_id" : "0"
}`;

const WHERE = { region: 'cn-north-4', projectId: '0b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e' };
const wire = (text: string) => JSON.parse(text) as ModelArtsImageWire;
const globalId = (nativeId: string) =>
  encodeGlobalId({ provider: 'MODELARTS', region: WHERE.region, project: WHERE.projectId, nativeId });

describe('mapModelArtsImage on the documented examples', () => {
  it('000 Obtaining Details of an Image: every field', () => {
    const created = new Date(1638234504492);
    expect(mapModelArtsImage(wire(EXAMPLE_000), WHERE)).toStrictEqual({
      __typename: 'ModelArtsImage',
      id: globalId('278e88d1-5b71-4766-8502-b3ba72e824d9'),
      provider: 'MODELARTS',
      nativeId: '278e88d1-5b71-4766-8502-b3ba72e824d9',
      region: 'cn-north-4',
      projectId: '0b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e',
      name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04',
      description: 'CPU and GPU general algorithm development and training, preconfigured with AI engine PyTorch1.8',
      status: 'ACTIVE',
      vendorStatus: 'ACTIVE',
      architecture: 'X86_64',
      sizeBytes: null,
      createdAt: created,
      updatedAt: created,
      visibility: null,
      arch: 'X86_64',
      createAt: created,
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
      updateAt: created,
      modelArtsVisibility: null,
      workspaceId: '0',
    });
    expect(created.toISOString()).toBe('2021-11-30T01:08:24.492Z');
  });

  it('001 Registering a Custom Image: every field, size 3376133259 KB exact', () => {
    const at = new Date(1671708630448);
    const mapped = mapModelArtsImage(wire(EXAMPLE_001), WHERE);
    expect(mapped).toStrictEqual({
      __typename: 'ModelArtsImage',
      id: globalId('708ca95d-c601-4dc7-86b9-670adfd5e818'),
      provider: 'MODELARTS',
      nativeId: '708ca95d-c601-4dc7-86b9-670adfd5e818',
      region: 'cn-north-4',
      projectId: '0b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e',
      name: 'pytorch_1_8',
      description: '',
      status: 'ACTIVE',
      vendorStatus: 'ACTIVE',
      architecture: 'X86_64',
      sizeBytes: 3457160457216n,
      createdAt: at,
      updatedAt: at,
      visibility: 'PRIVATE',
      arch: 'X86_64',
      createAt: at,
      devServices: ['NOTEBOOK', 'SSH'],
      namespace: 'op_svc_modelarts_container2',
      origin: 'CUSTOMIZE',
      resourceCategories: ['CPU'],
      serviceType: 'UNKNOWN',
      size: 3376133259,
      modelArtsStatus: 'ACTIVE',
      statusMessage: null,
      supportResCategories: null,
      swrPath: 'swr.xxx.com/op_svc_modelarts_container2/pytorch_1_8:train-pytorch_1.8.0-cuda_10.2-py_3.7',
      tag: 'train-pytorch_1.8.0-cuda_10.2-py_3.7',
      type: 'DEDICATED',
      updateAt: at,
      modelArtsVisibility: 'PRIVATE',
      workspaceId: '0',
    });
    expect(mapped.sizeBytes).toBe(3376133259n * 1024n);
    expect(3376133259 > 2 ** 31).toBe(true);
    expect(at.toISOString()).toBe('2022-12-22T11:30:30.448Z');
  });

  it('004 Saving a Running Instance: every field, INIT → QUEUED with vendorStatus INIT', () => {
    const at = new Date(1671786468811);
    expect(mapModelArtsImage(wire(EXAMPLE_004), WHERE)).toStrictEqual({
      __typename: 'ModelArtsImage',
      id: globalId('4e0d1854-63e5-4517-b683-a0ee97a692a1'),
      provider: 'MODELARTS',
      nativeId: '4e0d1854-63e5-4517-b683-a0ee97a692a1',
      region: 'cn-north-4',
      projectId: '0b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e',
      name: 'pytorch1_4',
      description: 'notebook2.0 20200816',
      status: 'QUEUED',
      vendorStatus: 'INIT',
      architecture: 'X86_64',
      sizeBytes: null,
      createdAt: at,
      updatedAt: at,
      visibility: 'PRIVATE',
      arch: 'X86_64',
      createAt: at,
      devServices: ['SSH', 'NOTEBOOK'],
      namespace: 'atelier-auto',
      origin: 'IMAGE_SAVE',
      resourceCategories: ['CPU', 'GPU'],
      serviceType: 'TRAIN',
      size: null,
      modelArtsStatus: 'INIT',
      statusMessage: null,
      supportResCategories: null,
      swrPath: 'swr.xxxxx.com/atelier-auto/pytorch1_4:20221223',
      tag: '20221223',
      type: 'DEDICATED',
      updateAt: at,
      modelArtsVisibility: 'PRIVATE',
      workspaceId: '0',
    });
  });

  it('the global id decodes to provider, region, project and native id', () => {
    const mapped = mapModelArtsImage(wire(EXAMPLE_000), WHERE);
    expect(tryDecodeGlobalId(mapped.id)).toEqual({
      provider: 'MODELARTS',
      region: 'cn-north-4',
      project: '0b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e',
      nativeId: '278e88d1-5b71-4766-8502-b3ba72e824d9',
    });
  });
});

describe('mapModelArtsImage normalization', () => {
  const base = wire(EXAMPLE_001);
  const map = (patch: Partial<ModelArtsImageWire>) => mapModelArtsImage({ ...base, ...patch }, WHERE);

  it.each([
    ['INIT', 'QUEUED', 'INIT'],
    ['CREATING', 'CREATING', 'CREATING'],
    ['ACTIVE', 'ACTIVE', 'ACTIVE'],
    ['CREATE_FAILED', 'FAILED', 'CREATE_FAILED'],
    ['ERROR', 'FAILED', 'ERROR'],
    ['DELETED', 'DELETED', 'DELETED'],
  ])('status %s → %s (modelArtsStatus %s)', (vendor, status, modelArtsStatus) => {
    const mapped = map({ status: vendor });
    expect(mapped.status).toBe(status);
    expect(mapped.vendorStatus).toBe(vendor);
    expect(mapped.modelArtsStatus).toBe(modelArtsStatus);
  });

  it('the status table is exactly the documented one', () => {
    expect(MODELARTS_STATUS).toEqual({
      INIT: 'QUEUED',
      CREATING: 'CREATING',
      ACTIVE: 'ACTIVE',
      CREATE_FAILED: 'FAILED',
      ERROR: 'FAILED',
      DELETED: 'DELETED',
    });
  });

  it.each(['FROZEN', 'SAVING', 'active ', ''])(
    'any other status %j → UNKNOWN, the word kept in vendorStatus',
    (vendor) => {
      const mapped = map({ status: vendor });
      expect(mapped.status).toBe('UNKNOWN');
      expect(mapped.vendorStatus).toBe(vendor);
      expect(mapped.modelArtsStatus).toBeNull();
    },
  );

  it('a missing status → UNKNOWN with vendorStatus null', () => {
    const mapped = map({ status: undefined });
    expect(mapped.status).toBe('UNKNOWN');
    expect(mapped.vendorStatus).toBeNull();
  });

  it.each([
    ['x86_64', 'X86_64'],
    ['X86_64', 'X86_64'],
    ['aarch64', 'AARCH64'],
    ['AARCH64', 'AARCH64'],
  ])('arch %s → architecture and arch %s', (vendor, expected) => {
    const mapped = map({ arch: vendor });
    expect(mapped.architecture).toBe(expected);
    expect(mapped.arch).toBe(expected);
  });

  it('an unknown arch is null, not an error', () => {
    expect(map({ arch: 'riscv64' }).architecture).toBeNull();
    expect(map({ arch: undefined }).arch).toBeNull();
  });

  it('size: KB × 1024 exact beyond 2^53 bytes; absent → null', () => {
    expect(map({ size: 0 }).sizeBytes).toBe(0n);
    expect(map({ size: 1 }).sizeBytes).toBe(1024n);
    // 2^53 - 1 KB: the byte count is past double precision, BigInt keeps it exact.
    expect(map({ size: Number.MAX_SAFE_INTEGER }).sizeBytes).toBe(BigInt(Number.MAX_SAFE_INTEGER) * 1024n);
    expect(map({ size: undefined }).sizeBytes).toBeNull();
    expect(map({ size: undefined }).size).toBeNull();
  });

  it('dates come from epoch milliseconds; absent → null', () => {
    const mapped = map({ create_at: 0, update_at: 1700000000123 });
    expect(mapped.createdAt).toEqual(new Date('1970-01-01T00:00:00.000Z'));
    expect(mapped.updatedAt).toEqual(new Date('2023-11-14T22:13:20.123Z'));
    expect(map({ create_at: undefined }).createdAt).toBeNull();
  });

  it('support_res_categories and status_message are mapped when present', () => {
    const mapped = map({ support_res_categories: ['ASCEND', 'GPU'], status_message: 'Image saved successfully.' });
    expect(mapped.supportResCategories).toEqual(['ASCEND', 'GPU']);
    expect(mapped.statusMessage).toBe('Image saved successfully.');
  });

  it('visibility PUBLIC maps to both visibility fields', () => {
    const mapped = map({ visibility: 'PUBLIC' });
    expect(mapped.visibility).toBe('PUBLIC');
    expect(mapped.modelArtsVisibility).toBe('PUBLIC');
  });

  it('without a region or project the fields are null and the id still round-trips', () => {
    const mapped = mapModelArtsImage(base, { region: '', projectId: '' });
    expect(mapped.region).toBeNull();
    expect(mapped.projectId).toBeNull();
    expect(tryDecodeGlobalId(mapped.id)).toEqual({ provider: 'MODELARTS', region: '', project: '', nativeId: base.id });
  });
});
