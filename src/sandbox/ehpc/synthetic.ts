// Synthetic E-HPC images for tests that need many: Custom VM images with ids
// `m-gen` + 17 digits and CreateTime one minute apart from 2021-01-01T00:00:00Z,
// so all distinct and older than the seeds, alternating x86_64 and aarch64.

import type { EhpcImage } from './types.js';

const BASE_MS = Date.UTC(2021, 0, 1);

export const isoSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** The `n`th synthetic image (n = 1, 2, …). */
export function syntheticImage(n: number): EhpcImage {
  const id = `m-gen${String(n).padStart(17, '0')}`;
  const arm = n % 2 === 0;
  return {
    ImageId: id,
    ImageCategory: 'Custom',
    ImageType: 'VM',
    AppId: '',
    Name: `generated-image-${n}`,
    Version: `v1.${n}`,
    Description: `Generated image ${n}`,
    Size: `${(n % 50) + 1} GiB`,
    CreateTime: isoSeconds(BASE_MS + n * 60_000),
    Status: 'Available',
    Weight: 0,
    VMImageSpec: {
      ImageId: id,
      OsTag: arm ? 'Alibaba Cloud Linux 3.2104 LTS 64 bit ARM Edition' : 'CentOS 7.9 64 bit',
      Platform: arm ? 'Aliyun' : 'CentOS',
      Architecture: arm ? 'aarch64' : 'x86_64',
    },
  };
}
