// The images the E-HPC Instant emulator starts with.
//
// The first is the GetImage page's documented example, verbatim, except that
// the page masks the image id (`m-uf60twafjtaart******`): it gets a realistic
// unmasked id. The others cover what a gateway must map: Public and Custom, VM
// and Container, x86_64 and aarch64, an ACR Enterprise registry with a
// credential whose password must never leave the gateway, a credential with an
// empty password, a public registry without one, sizes in every unit the API
// has been seen to use, and an image copied to additional regions.
//
// Ids follow ECS's form, `m-` + 20 lower-case letters and digits (the SDK's
// AddImage example returns the VM's ECS image id as the E-HPC image id).
// Status words other than the documented "" are assumptions (ECS's vocabulary).

import type { EhpcImage } from './types.js';

/** The seeded images' ids. */
export const EHPC_SEED = {
  /** The GetImage page's example (Custom VM, x86_64, "40 GiB", CentOS 7.6), id unmasked. */
  documentedVm: 'm-uf60twafjtaart1234ab',
  /** Custom Container on ACR Enterprise with a secret registry password, x86_64, "2.5 GB". */
  acrContainer: 'm-bp1ctnr8acrx2y9z4k7q',
  /** Public VM, Alibaba Cloud Linux 3 ARM, aarch64, "20 GiB". */
  publicArmVm: 'm-bp18x3alinuxarm9w2kq',
  /** Public VM, CentOS 7.9, x86_64, "40 GiB". */
  publicX86Vm: 'm-bp1g7004ksh0oeuc0q2e',
  /** Public Container from a public registry (no credential), aarch64, "1024 KB". */
  publicBusyboxContainer: 'm-bp1pubbusybox8c2x5wn',
  /** Custom Container on ACR Personal, credential with an empty password, x86_64, "123 B", status Creating. */
  helloContainer: 'm-uf6hello0world3k9x2z',
  /** Custom VM copied to three additional regions, aarch64, "500 MiB". */
  multiRegionVm: 'm-uf6mr4x0region7t2pq8',
} as const;

/**
 * The registry password of the ACR container image. It is a secret: a test can
 * assert it never appears in anything the gateway returns or logs.
 */
export const EHPC_SANDBOX_REGISTRY_PASSWORD = 'ehpc-sbx-REGISTRY-Pa55w0rd-7f3c9e21d4b8-do-not-leak';

/** The GetImage page's example `Image` object, verbatim (masked ids included). */
export const EHPC_DOCUMENTED_GET_IMAGE_EXAMPLE = {
  RequestId: '04F0F334-1335-436C-A1D7-6C044FE73368\n',
  Success: true,
  TotalCount: 10,
  Image: {
    ImageType: 'VM',
    AppId: '',
    Name: 'app-image',
    Version: 'v1.0',
    Description: '应用测试镜像。',
    Size: '40 GiB',
    CreateTime: '2022-12-23T09:51:39Z',
    Status: '',
    ContainerImageSpec: {
      RegistryUrl: 'registry-vpc.cn-hangzhou.aliyuncs.com/ehpc_open/nginx:latest',
      IsACRRegistry: true,
      IsACREnterprise: true,
      RegistryCriId: 'cri-xyz795ygf8k9****',
      RegistryCredential: {
        Server: 'registry-vpc.cn-hangzhou.aliyuncs.com',
        UserName: 'username',
        Password: 'userpassword',
      },
      OsTag: '',
      Platform: '',
      Architecture: '',
    },
    VMImageSpec: {
      ImageId: 'm-uf60twafjtaart******',
      OsTag: 'CentOS 7.6 64 bit',
      Platform: 'CentOS',
      Architecture: 'x86_64',
    },
    DocumentInfo: {
      DocumentId: '',
      EncodingMode: '',
      Document: '',
    },
    AdditionalRegionsInfo: [
      {
        Status: '',
        ImageId: '',
        RegionId: '',
      },
    ],
  },
} as const;

const GROMACS_README = Buffer.from(
  '# GROMACS 2023.3\n\nRun with `gmx mdrun -deffnm md`. Images are built on Ubuntu 22.04 with CUDA 12.2.\n',
  'utf8',
).toString('base64');

/** Fresh copies of the seed images. */
export function ehpcSeedImages(): EhpcImage[] {
  const example = EHPC_DOCUMENTED_GET_IMAGE_EXAMPLE.Image;
  const images: EhpcImage[] = [
    {
      ImageId: EHPC_SEED.documentedVm,
      ImageCategory: 'Custom',
      ImageType: 'VM',
      AppId: example.AppId,
      Name: example.Name,
      Version: example.Version,
      Description: example.Description,
      Size: example.Size,
      CreateTime: example.CreateTime,
      UpdateTime: example.CreateTime,
      Status: example.Status,
      Weight: 0,
      ContainerImageSpec: {
        ...example.ContainerImageSpec,
        RegistryCredential: { ...example.ContainerImageSpec.RegistryCredential },
      },
      VMImageSpec: { ...example.VMImageSpec, ImageId: EHPC_SEED.documentedVm },
      DocumentInfo: { ...example.DocumentInfo },
      AdditionalRegionsInfo: example.AdditionalRegionsInfo.map((r) => ({ ...r })),
    },
    {
      ImageId: EHPC_SEED.acrContainer,
      ImageCategory: 'Custom',
      ImageType: 'Container',
      AppId: 'app-gromacs-2023',
      Name: 'gromacs',
      Version: '2023.3',
      Description: 'GROMACS 2023.3 with CUDA 12.2, from the team ACR Enterprise instance.',
      Size: '2.5 GB',
      CreateTime: '2024-01-10T03:04:05Z',
      UpdateTime: '2024-03-02T11:22:33Z',
      Status: 'Available',
      Weight: 10,
      ContainerImageSpec: {
        RegistryUrl: 'hpc-registry-vpc.cn-hangzhou.cr.aliyuncs.com/hpc/gromacs:2023.3-cuda12.2',
        IsACRRegistry: true,
        IsACREnterprise: true,
        RegistryCriId: 'cri-7k2m9x4q1w8e5r3t',
        RegistryCredential: {
          Server: 'hpc-registry-vpc.cn-hangzhou.cr.aliyuncs.com',
          UserName: 'ehpc-puller@1827364550192837',
          Password: EHPC_SANDBOX_REGISTRY_PASSWORD,
        },
        OsTag: 'Ubuntu 22.04 64 bit',
        Platform: 'Ubuntu',
        Architecture: 'x86_64',
      },
      DocumentInfo: {
        DocumentId: '1024',
        EncodingMode: 'Base64',
        Document: GROMACS_README,
      },
    },
    {
      ImageId: EHPC_SEED.publicArmVm,
      ImageCategory: 'Public',
      ImageType: 'VM',
      AppId: '',
      Name: 'aliyun_3_arm64_20G_alibase_20230315.vhd',
      Version: '3.2104',
      Description: 'Alibaba Cloud Linux 3.2104 LTS 64 bit ARM Edition',
      Size: '20 GiB',
      CreateTime: '2023-03-15T08:00:00Z',
      UpdateTime: '2023-03-15T08:00:00Z',
      Status: 'Available',
      Weight: 100,
      VMImageSpec: {
        ImageId: EHPC_SEED.publicArmVm,
        OsTag: 'Alibaba Cloud Linux 3.2104 LTS 64 bit ARM Edition',
        Platform: 'Aliyun',
        Architecture: 'aarch64',
      },
    },
    {
      ImageId: EHPC_SEED.publicX86Vm,
      ImageCategory: 'Public',
      ImageType: 'VM',
      AppId: '',
      Name: 'centos_7_9_x64_20G_alibase_20220601.vhd',
      Version: '7.9',
      Description: 'CentOS 7.9 64 bit',
      Size: '40 GiB',
      CreateTime: '2022-06-01T00:00:00Z',
      UpdateTime: '2022-06-01T00:00:00Z',
      Status: 'Available',
      Weight: 90,
      VMImageSpec: {
        ImageId: EHPC_SEED.publicX86Vm,
        OsTag: 'CentOS 7.9 64 bit',
        Platform: 'CentOS',
        Architecture: 'x86_64',
      },
    },
    {
      ImageId: EHPC_SEED.publicBusyboxContainer,
      ImageCategory: 'Public',
      ImageType: 'Container',
      AppId: '',
      Name: 'busybox',
      Version: '1.36.1',
      Description: 'BusyBox from a public registry, for smoke tests.',
      Size: '1024 KB',
      CreateTime: '2023-05-20T12:30:00Z',
      UpdateTime: '2023-05-20T12:30:00Z',
      Status: 'Available',
      Weight: 50,
      ContainerImageSpec: {
        RegistryUrl: 'docker.io/library/busybox:1.36.1',
        IsACRRegistry: false,
        IsACREnterprise: false,
        RegistryCriId: '',
        OsTag: 'BusyBox 1.36.1',
        Platform: 'Linux',
        Architecture: 'aarch64',
      },
    },
    {
      ImageId: EHPC_SEED.helloContainer,
      ImageCategory: 'Custom',
      ImageType: 'Container',
      AppId: '',
      Name: 'hello-world',
      Version: 'latest',
      Description: '',
      Size: '123 B',
      CreateTime: '2024-06-18T16:20:00Z',
      UpdateTime: '2024-06-18T16:20:00Z',
      Status: 'Creating',
      Weight: 0,
      ContainerImageSpec: {
        RegistryUrl: 'registry.cn-shanghai.aliyuncs.com/ehpc-demo/hello-world:latest',
        IsACRRegistry: true,
        IsACREnterprise: false,
        RegistryCriId: '',
        RegistryCredential: {
          Server: 'registry.cn-shanghai.aliyuncs.com',
          UserName: 'ehpc-demo',
          Password: '',
        },
        OsTag: '',
        Platform: 'Linux',
        Architecture: 'x86_64',
      },
    },
    {
      ImageId: EHPC_SEED.multiRegionVm,
      ImageCategory: 'Custom',
      ImageType: 'VM',
      AppId: 'app-wrf-4.5',
      Name: 'wrf-arm',
      Version: 'v4.5.2',
      Description: 'WRF 4.5.2 built for Yitian 710, copied to three regions.',
      Size: '500 MiB',
      CreateTime: '2024-02-29T23:59:59Z',
      UpdateTime: '2024-04-01T00:00:00Z',
      Status: 'Available',
      Weight: 5,
      VMImageSpec: {
        ImageId: EHPC_SEED.multiRegionVm,
        OsTag: 'Alibaba Cloud Linux 3.2104 LTS 64 bit ARM Edition',
        Platform: 'Aliyun',
        Architecture: 'aarch64',
      },
      DocumentInfo: {
        DocumentId: '2048',
        EncodingMode: 'PlainText',
        Document: 'mpirun -np 64 ./wrf.exe',
      },
      AdditionalRegionsInfo: [
        { Status: 'Available', ImageId: 'm-uf6copy3region1x4b8c', RegionId: 'cn-shanghai' },
        { Status: 'Available', ImageId: 'm-2ze4cp1region8x0q3wz', RegionId: 'cn-beijing' },
        { Status: 'Creating', ImageId: 'm-wz9copy2region5k7m1a', RegionId: 'cn-shenzhen' },
      ],
    },
  ];
  return images;
}
