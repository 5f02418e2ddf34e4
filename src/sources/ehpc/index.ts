// Alibaba Cloud E-HPC Instant (API 2023-07-01) images, as a source module.

import { alibabaAuthFromEnv, regionFromEndpoint, urlFromEnv, type SourceConfigSpec } from '../../config.js';
import type { SourceModule } from '../types.js';
import { EHPC_EXAMPLES } from './examples.js';
import { EhpcInstance } from './instance.js';
import { EHPC_STATUS, EHPC_VISIBILITY } from './map.js';
import { ehpcResolvers } from './resolvers.js';

const config: SourceConfigSpec = {
  provider: 'EHPC',
  endpointEnv: 'EHPC_ENDPOINT',
  configFromEnv(env, defaults) {
    const endpoint = urlFromEnv(env, 'EHPC_ENDPOINT');
    // The region: ALIBABA_CLOUD_REGION_ID, else the one in `ehpcinstant.{region}.aliyuncs.com`.
    const region = env.ALIBABA_CLOUD_REGION_ID || regionFromEndpoint(endpoint, 'ehpcinstant');
    return {
      provider: 'EHPC',
      name: `ehpc:${region || 'default'}`,
      endpoint,
      region,
      // An AccessKey id is not an account, and global ids must not carry credentials.
      project: '',
      auth: alibabaAuthFromEnv(env),
      ...defaults,
      options: {},
    };
  },
};

export const ehpcSource: SourceModule = {
  provider: 'EHPC',
  typeName: 'EhpcImage',
  config,
  createInstance: (instanceConfig, { logger }) => new EhpcInstance(instanceConfig, logger),
  resolvers: ehpcResolvers,
  examples: EHPC_EXAMPLES,
  normalization: {
    status: EHPC_STATUS,
    visibility: EHPC_VISIBILITY,
    architecture:
      '`Architecture` of the spec matching `ImageType` (`ContainerImageSpec` or `VMImageSpec`), else of the other: `x86_64`/`amd64` → X86_64, `aarch64`/`arm64` → AARCH64',
    size: '`Size` such as "40 GiB" or "2.5 GB": binary units (KiB, MiB, GiB, TiB) × 1024ⁿ, decimal ones (KB, MB, GB, TB) × 1000ⁿ, exact; a bare number is GiB',
    time: '`CreateTime` (GetImage, ListImages) and `UpdateTime` (ListImages only), ISO 8601',
  },
};
