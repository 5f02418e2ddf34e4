// Huawei Cloud ModelArts image management, as a source module.

import { huaweiAuthFromEnv, regionFromEndpoint, urlFromEnv, type SourceConfigSpec } from '../../config.js';
import type { SourceModule } from '../types.js';
import { ModelArtsInstance } from './instance.js';
import { MODELARTS_SIZE_UNIT_BYTES, MODELARTS_STATUS, MODELARTS_VISIBILITY } from './map.js';
import { MODELARTS_EXAMPLES, modelArtsExamplesFor } from './examples.js';
import { modelArtsResolvers } from './resolvers.js';

const config: SourceConfigSpec = {
  provider: 'MODELARTS',
  endpointEnv: 'MODELARTS_ENDPOINT',
  configFromEnv(env, defaults) {
    const endpoint = urlFromEnv(env, 'MODELARTS_ENDPOINT');
    const auth = huaweiAuthFromEnv(env, 'aksk');
    const region = env.HUAWEICLOUD_SDK_REGION || regionFromEndpoint(endpoint, 'modelarts');
    return {
      provider: 'MODELARTS',
      name: `modelarts:${region || 'default'}`,
      endpoint,
      region,
      project: env.HUAWEICLOUD_SDK_PROJECT_ID || (auth.type === 'keystone' ? (auth.projectId ?? '') : ''),
      auth,
      ...defaults,
      options: {},
    };
  },
};

export const modelArtsSource: SourceModule = {
  provider: 'MODELARTS',
  typeName: 'ModelArtsImage',
  config,
  createInstance: (instanceConfig, { logger }) => new ModelArtsInstance(instanceConfig, logger),
  resolvers: modelArtsResolvers,
  examples: MODELARTS_EXAMPLES,
  examplesFor: modelArtsExamplesFor,
  normalization: {
    status: MODELARTS_STATUS,
    visibility: MODELARTS_VISIBILITY,
    architecture: '`arch` in either case: `X86_64`/`x86_64` → X86_64, `AARCH64`/`aarch64` → AARCH64',
    size: `\`size\` is in KB: sizeBytes = size × ${MODELARTS_SIZE_UNIT_BYTES}`,
    time: '`create_at` / `update_at`, epoch milliseconds (UTC)',
  },
};
