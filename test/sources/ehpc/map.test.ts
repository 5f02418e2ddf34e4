// E-HPC mapping on the GetImage page's documented example (docs/vendor/003-ehpc-get-image.txt),
// verbatim: every field out, exact values; the size, status, category and
// type tables; and the registry password, which must not survive mapping.

import { describe, expect, it } from 'vitest';
import { decodeGlobalId } from '../../../src/ids.js';
import type { EhpcGetImageResponseWire, EhpcListImagesItemWire } from '../../../src/sources/ehpc/api.js';
import {
  categoryEnum,
  imageTypeEnum,
  mapEhpcImage,
  sizeToBytes,
  statusFromWord,
  visibilityOfCategory,
} from '../../../src/sources/ehpc/map.js';

/** docs/vendor/003-ehpc-get-image.txt "Success response", verbatim (RequestId's trailing "\n" included). */
const DOCUMENTED: EhpcGetImageResponseWire = JSON.parse(`{
"RequestId": "04F0F334-1335-436C-A1D7-6C044FE73368\\n",
"Success": true,
"TotalCount": 10,
"Image": {
"ImageType": "VM",
"AppId": "",
"Name": "app-image",
"Version": "v1.0",
"Description": "应用测试镜像。",
"Size": "40 GiB",
"CreateTime": "2022-12-23T09:51:39Z",
"Status": "",
"ContainerImageSpec": {
"RegistryUrl": "registry-vpc.cn-hangzhou.aliyuncs.com/ehpc_open/nginx:latest",
"IsACRRegistry": true,
"IsACREnterprise": true,
"RegistryCriId": "cri-xyz795ygf8k9****",
"RegistryCredential": {
"Server": "registry-vpc.cn-hangzhou.aliyuncs.com",
"UserName": "username",
"Password": "userpassword"
},
"OsTag": "",
"Platform": "",
"Architecture": ""
},
"VMImageSpec": {
"ImageId": "m-uf60twafjtaart******",
"OsTag": "CentOS 7.6 64 bit",
"Platform": "CentOS",
"Architecture": "x86_64"
},
"DocumentInfo": {
"DocumentId": "",
"EncodingMode": "",
"Document": ""
},
"AdditionalRegionsInfo": [
{
"Status": "",
"ImageId": "",
"RegionId": ""
}
]
}
}`);

const WHERE = { region: 'cn-hangzhou', project: '' };

describe('mapEhpcImage on the documented GetImage example', () => {
  const model = mapEhpcImage(
    {
      imageId: 'm-uf60twafjtaart******',
      detail: { image: DOCUMENTED.Image, requestId: DOCUMENTED.RequestId },
      category: 'Custom',
    },
    WHERE,
  );

  it('maps every field, exactly', () => {
    expect(model).toEqual({
      __typename: 'EhpcImage',
      id: model.id,
      provider: 'EHPC',
      nativeId: 'm-uf60twafjtaart******',
      region: 'cn-hangzhou',
      name: 'app-image',
      description: '应用测试镜像。',
      status: 'UNKNOWN',
      vendorStatus: '',
      architecture: 'X86_64',
      sizeBytes: 42_949_672_960n,
      createdAt: new Date('2022-12-23T09:51:39Z'),
      updatedAt: null,
      visibility: 'PRIVATE',
      imageType: 'VM',
      imageCategory: 'CUSTOM',
      appId: '',
      version: 'v1.0',
      size: '40 GiB',
      createTime: new Date('2022-12-23T09:51:39Z'),
      ehpcStatus: '',
      containerImageSpec: {
        __typename: 'EhpcContainerImageSpec',
        registryUrl: 'registry-vpc.cn-hangzhou.aliyuncs.com/ehpc_open/nginx:latest',
        isAcrRegistry: true,
        isAcrEnterprise: true,
        registryCriId: 'cri-xyz795ygf8k9****',
        registryCredential: {
          __typename: 'EhpcRegistryCredential',
          server: 'registry-vpc.cn-hangzhou.aliyuncs.com',
          userName: 'username',
          hasPassword: true,
        },
        osTag: '',
        platform: '',
        architecture: '',
      },
      vmImageSpec: {
        __typename: 'EhpcVmImageSpec',
        imageId: 'm-uf60twafjtaart******',
        osTag: 'CentOS 7.6 64 bit',
        platform: 'CentOS',
        architecture: 'x86_64',
      },
      documentInfo: { __typename: 'EhpcDocumentInfo', documentId: '', encodingMode: '', document: '' },
      additionalRegionsInfo: [{ __typename: 'EhpcAdditionalRegionInfo', status: '', imageId: '', regionId: '' }],
      updateTime: null,
      weight: null,
      osTag: 'CentOS 7.6 64 bit',
      // The page's example ends the id with "\n", an artifact of the page: trimmed.
      requestId: '04F0F334-1335-436C-A1D7-6C044FE73368',
    });
  });

  it('encodes a global id naming E-HPC, the region and the image id', () => {
    expect(decodeGlobalId(model.id)).toEqual({
      provider: 'EHPC',
      region: 'cn-hangzhou',
      project: '',
      nativeId: 'm-uf60twafjtaart******',
    });
  });

  it('leaves the registry password out of the model entirely', () => {
    const text = JSON.stringify(model, (_key, value) => (typeof value === 'bigint' ? String(value) : value));
    expect(text).not.toContain('userpassword');
    expect(Object.keys(model.containerImageSpec!.registryCredential!).sort()).toEqual([
      '__typename',
      'hasPassword',
      'server',
      'userName',
    ]);
  });

  it('has no category, so no visibility, when none was given', () => {
    const bare = mapEhpcImage({ imageId: 'm-1', detail: { image: DOCUMENTED.Image } }, WHERE);
    expect(bare.visibility).toBeNull();
    expect(bare.imageCategory).toBeNull();
    expect(bare.requestId).toBeNull();
  });
});

describe('mapEhpcImage on a ListImages entry', () => {
  const item: EhpcListImagesItemWire = {
    AppId: 'app-gromacs-2023',
    CreateTime: '2024-01-10T03:04:05Z',
    Description: 'GROMACS',
    DocumentId: 1024,
    ImageId: 'm-bp1ctnr8acrx2y9z4k7q',
    ImageType: 'Container',
    Name: 'gromacs',
    OsTag: 'Ubuntu 22.04 64 bit',
    UpdateTime: '2024-03-02T11:22:33Z',
    Version: '2023.3',
    Weight: 10,
  };
  const model = mapEhpcImage(
    { imageId: item.ImageId, listed: { item, requestId: 'REQ-1' }, category: 'Public' },
    WHERE,
  );

  it('maps what ListImages has and leaves the rest null', () => {
    expect(model).toMatchObject({
      nativeId: 'm-bp1ctnr8acrx2y9z4k7q',
      name: 'gromacs',
      description: 'GROMACS',
      appId: 'app-gromacs-2023',
      version: '2023.3',
      imageType: 'CONTAINER',
      imageCategory: 'PUBLIC',
      visibility: 'PUBLIC',
      createdAt: new Date('2024-01-10T03:04:05Z'),
      createTime: new Date('2024-01-10T03:04:05Z'),
      updatedAt: new Date('2024-03-02T11:22:33Z'),
      updateTime: new Date('2024-03-02T11:22:33Z'),
      weight: 10,
      osTag: 'Ubuntu 22.04 64 bit',
      requestId: 'REQ-1',
      status: 'UNKNOWN',
      vendorStatus: null,
      sizeBytes: null,
      size: null,
      architecture: null,
      containerImageSpec: null,
      vmImageSpec: null,
      documentInfo: null,
      additionalRegionsInfo: null,
    });
  });

  it('takes the architecture from the container spec for a container image, and booleans sent as strings', () => {
    const detail = mapEhpcImage(
      {
        imageId: 'm-c',
        detail: {
          image: {
            ImageType: 'Container',
            ContainerImageSpec: {
              Architecture: 'aarch64',
              IsACRRegistry: 'True',
              IsACREnterprise: 'false',
              RegistryCredential: { Server: 's', UserName: 'u', Password: '' },
            },
            VMImageSpec: { Architecture: 'x86_64' },
          },
        },
      },
      WHERE,
    );
    expect(detail.architecture).toBe('AARCH64');
    expect(detail.containerImageSpec).toMatchObject({
      isAcrRegistry: true,
      isAcrEnterprise: false,
      registryCredential: { hasPassword: false },
    });
    // Falls back to the other spec when the own one has no architecture.
    const fallback = mapEhpcImage(
      { imageId: 'm-d', detail: { image: { ImageType: 'Container', VMImageSpec: { Architecture: 'arm64' } } } },
      WHERE,
    );
    expect(fallback.architecture).toBe('AARCH64');
  });
});

describe('sizeToBytes', () => {
  it.each([
    ['40 GiB', 42_949_672_960n],
    ['40 GB', 40_000_000_000n],
    ['2.5 GB', 2_500_000_000n],
    ['2.5 GiB', 2_684_354_560n],
    ['500 MiB', 524_288_000n],
    ['500 MB', 500_000_000n],
    ['1024 KB', 1_024_000n],
    ['1024 KiB', 1_048_576n],
    ['123 B', 123n],
    ['0 B', 0n],
    ['1.5 KiB', 1_536n],
    ['0.1 KiB', 102n], // 102.4 bytes: to the nearest byte
    ['0.0005 KB', 1n], // 0.5 byte: half up
    ['2 TiB', 2_199_023_255_552n],
    ['40GiB', 42_949_672_960n],
    ['  40 GiB ', 42_949_672_960n],
    ['64 kB', 64_000n],
    ['40', 42_949_672_960n], // the page gives Size "in GiB"
    ['999999999999999 GiB', 999_999_999_999_999n * 1024n ** 3n],
  ])('%s → %s bytes', (text, bytes) => {
    expect(sizeToBytes(text)).toBe(bytes);
  });

  it.each([[''], ['GiB'], ['-1 GiB'], ['40 Gb'], ['40 XB'], ['4 0 GiB'], ['1e3 B'], ['large'], [null], [40]])(
    '%s → null',
    (text) => {
      expect(sizeToBytes(text)).toBeNull();
    },
  );
});

describe('word tables', () => {
  it.each([
    ['Available', 'ACTIVE'],
    ['available', 'ACTIVE'],
    ['Creating', 'CREATING'],
    ['Waiting', 'QUEUED'],
    ['CreateFailed', 'FAILED'],
    ['UnAvailable', 'FAILED'],
    ['Deprecated', 'UNKNOWN'],
    ['', 'UNKNOWN'],
    ['Whatever', 'UNKNOWN'],
  ])('status %s → %s', (word, status) => {
    expect(statusFromWord(word)).toBe(status);
  });

  it('maps categories to visibility and types to the enum', () => {
    expect(visibilityOfCategory('Public')).toBe('PUBLIC');
    expect(visibilityOfCategory('Custom')).toBe('PRIVATE');
    expect(visibilityOfCategory('custom')).toBe('PRIVATE');
    expect(visibilityOfCategory('Shared')).toBeNull();
    expect(categoryEnum('Public')).toBe('PUBLIC');
    expect(imageTypeEnum('VM')).toBe('VM');
    expect(imageTypeEnum('Container')).toBe('CONTAINER');
    expect(imageTypeEnum('Other')).toBeNull();
  });
});
