// Alibaba Cloud E-HPC Instant (API 2023-07-01) images, as a source module.
//
// Environment: EHPC_ENDPOINT; credentials ALIBABA_CLOUD_ACCESS_KEY_ID /
// _SECRET (+ ALIBABA_CLOUD_SECURITY_TOKEN); ALIBABA_CLOUD_REGION_ID, else the
// region in `ehpcinstant.{region}.aliyuncs.com`.

import { noOptions, regionFromEndpoint } from '../../config/index.js';
import { readSdl } from '../sdl.js';
import type { SourceModule } from '../types.js';
import { PROVIDER } from './api.js';
import { EHPC_EXAMPLES } from './examples.js';
import { EhpcInstance } from './instance.js';
import { EHPC_STATUS, EHPC_VISIBILITY } from './map.js';
import { ehpcResolvers } from './resolvers.js';

export const ehpcSource: SourceModule<undefined> = {
  provider: PROVIDER,
  title: 'E-HPC',
  typeName: 'EhpcImage',
  typeDefs: readSdl(import.meta.url, 'ehpc.graphql'),
  config: {
    endpointEnv: 'EHPC_ENDPOINT',
    credentialsFromEnv: ['alibaba'],
    locateFromEnv: (env, endpoint) => ({
      region: env.ALIBABA_CLOUD_REGION_ID || regionFromEndpoint(endpoint, 'ehpcinstant'),
      // An AccessKey id is not an account, and global ids must not carry credentials.
      project: '',
    }),
    parseOptions: noOptions,
  },
  createInstance: (instanceConfig, { logger, upstream }) => new EhpcInstance(instanceConfig, logger, upstream),
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
