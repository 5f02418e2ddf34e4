// Huawei Cloud ModelArts image management, as a source module.
//
// Environment: MODELARTS_ENDPOINT; credentials, first found: AK/SK
// (HUAWEICLOUD_SDK_AK/SK), a token (HUAWEICLOUD_AUTH_TOKEN), Keystone (OS_*);
// HUAWEICLOUD_SDK_PROJECT_ID (the `{project_id}` of paths) and
// HUAWEICLOUD_SDK_REGION (else the region in the endpoint host);
// MODELARTS_AUTH names a credential kind outright (`passthrough`: each
// caller's own IAM token).

import { noOptions, regionFromEndpoint } from '../../config/index.js';
import { readSdl } from '../sdl.js';
import type { SourceModule } from '../types.js';
import { PROVIDER } from './api.js';
import { MODELARTS_EXAMPLES, modelArtsExamplesFor } from './examples.js';
import { ModelArtsInstance } from './instance.js';
import { MODELARTS_SIZE_UNIT_BYTES, MODELARTS_STATUS, MODELARTS_VISIBILITY } from './map.js';
import { modelArtsResolvers } from './resolvers.js';

export const modelArtsSource: SourceModule<undefined> = {
  provider: PROVIDER,
  title: 'ModelArts',
  typeName: 'ModelArtsImage',
  typeDefs: readSdl(import.meta.url, 'modelarts.graphql'),
  config: {
    endpointEnv: 'MODELARTS_ENDPOINT',
    authEnv: 'MODELARTS_AUTH',
    credentialsFromEnv: ['aksk', 'token', 'keystone'],
    locateFromEnv: (env, endpoint, auth) => ({
      region: env.HUAWEICLOUD_SDK_REGION || regionFromEndpoint(endpoint, 'modelarts'),
      // A token or a signature does not say which project it serves: the SDK's variable does.
      project: env.HUAWEICLOUD_SDK_PROJECT_ID || (auth.type === 'keystone' ? (auth.projectId ?? '') : ''),
    }),
    parseOptions: noOptions,
  },
  createInstance: (instanceConfig, { logger, upstream }) => new ModelArtsInstance(instanceConfig, logger, upstream),
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
