// Huawei Cloud IMS through its native OpenStack API (Glance v2) — and so any
// OpenStack Glance v2 — as a source module.
//
// Environment:
//   IMS_ENDPOINT                 base URL (https://ims.{region}.myhuaweicloud.com, or a Glance)
//   credentials, first found:    Keystone v3 password auth (OS_AUTH_URL, OS_USERNAME, OS_PASSWORD,
//                                OS_PROJECT_NAME or OS_PROJECT_ID, OS_USER_DOMAIN_NAME,
//                                OS_PROJECT_DOMAIN_NAME); HUAWEICLOUD_AUTH_TOKEN (X-Auth-Token);
//                                HUAWEICLOUD_SDK_AK/SK (+ _PROJECT_ID) (AK/SK)
//   IMS_AUTH                     a credential kind outright (`passthrough`: each caller's own token)
//   HUAWEICLOUD_SDK_REGION or OS_REGION_NAME   region label (else from the endpoint host)
//   IMS_BATCH_BY_ID=0, IMS_BATCH_SIZE          see ./options.ts

import { regionFromEndpoint } from '../../config/index.js';
import { projectOfCredentials } from '../../upstream/auth/index.js';
import { readSdl } from '../sdl.js';
import type { SourceModule } from '../types.js';
import { PROVIDER } from './api.js';
import { IMS_EXAMPLES } from './examples.js';
import { ImsInstance } from './instance.js';
import { IMS_STATUS, IMS_VISIBILITY } from './map.js';
import { IMS_OPTIONS_FROM_ENV, parseImsOptions, type ImsOptions } from './options.js';
import { imsResolvers } from './resolvers.js';

/** The mapper matches Glance's lower-case words against these keys. */
const glanceWords = (map: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(map).map(([word, normalized]) => [word.toLowerCase(), normalized]));

export const imsSource: SourceModule<ImsOptions> = {
  provider: PROVIDER,
  title: 'IMS',
  typeName: 'ImsImage',
  typeDefs: readSdl(import.meta.url, 'ims.graphql'),
  config: {
    endpointEnv: 'IMS_ENDPOINT',
    authEnv: 'IMS_AUTH',
    // Keystone first: OS_AUTH_URL names an OpenStack cloud explicitly.
    credentialsFromEnv: ['keystone', 'token', 'aksk'],
    optionsFromEnv: IMS_OPTIONS_FROM_ENV,
    locateFromEnv: (env, endpoint, auth) => ({
      region: env.HUAWEICLOUD_SDK_REGION || env.OS_REGION_NAME || regionFromEndpoint(endpoint, 'ims'),
      project:
        auth.type === 'keystone'
          ? projectOfCredentials(auth)
          : env.HUAWEICLOUD_SDK_PROJECT_ID || projectOfCredentials(auth),
    }),
    parseOptions: parseImsOptions,
  },
  createInstance: (instanceConfig, { logger, upstream }) => new ImsInstance(instanceConfig, logger, upstream),
  resolvers: imsResolvers,
  examples: IMS_EXAMPLES,
  normalization: {
    status: glanceWords(IMS_STATUS),
    visibility: glanceWords(IMS_VISIBILITY),
    architecture:
      '`__support_arm` "true" → AARCH64; else Glance\'s `architecture` property; else `__support_amd` "true" or `__support_arm` "false" (and `__os_bit` not 32) → X86_64; else null',
    size: '`__image_size` (bytes, a string), else Glance `size` (bytes)',
    time: '`created_at` / `updated_at`, ISO 8601 (UTC)',
  },
};
