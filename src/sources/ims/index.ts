// Huawei Cloud IMS through its native OpenStack API (Glance v2) — and so any
// OpenStack Glance v2 — as a source module.
//
// Environment:
//   IMS_ENDPOINT                 base URL (https://ims.{region}.myhuaweicloud.com, or a Glance)
//   credentials, first found:    OS_AUTH_URL + OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME (or
//                                OS_PROJECT_ID), OS_USER_DOMAIN_NAME, OS_PROJECT_DOMAIN_NAME
//                                (Keystone v3 password auth); HUAWEICLOUD_AUTH_TOKEN
//                                (X-Auth-Token); HUAWEICLOUD_SDK_AK/SK (+ _PROJECT_ID) (AK/SK)
//   HUAWEICLOUD_SDK_REGION or OS_REGION_NAME   region label (else from the endpoint host)
//   IMS_BATCH_BY_ID=0            no `id=in:` list batching (an endpoint that lacks it)
//   IMS_BATCH_SIZE               ids per `id=in:` list (default 150, 1..500)
// In IMAGE_GATEWAY_CONFIG, `options: { batchById: false, batchSize: 100 }`.

import { ConfigError, huaweiAuthFromEnv, regionFromEndpoint, urlFromEnv, type SourceConfigSpec } from '../../config.js';
import type { SourceModule } from '../types.js';
import { IMS_EXAMPLES } from './examples.js';
import { ImsInstance, type ImsOptions } from './instance.js';
import { IMS_STATUS, IMS_VISIBILITY } from './map.js';
import { imsResolvers } from './resolvers.js';

export const DEFAULT_BATCH_SIZE = 150;

const glanceWords = (map: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(map).map(([word, normalized]) => [word.toLowerCase(), normalized]));
export const MAX_BATCH_SIZE = 500;

function parseBoolean(value: unknown, where: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(word)) return true;
    if (['0', 'false', 'no', 'off'].includes(word)) return false;
  }
  throw new ConfigError(`${where} must be true or false (1/0), got ${JSON.stringify(value)}`);
}

function parseBatchSize(value: unknown, where: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_BATCH_SIZE) {
    throw new ConfigError(`${where} must be an integer from 1 to ${MAX_BATCH_SIZE}, got ${JSON.stringify(value)}`);
  }
  return n;
}

const config: SourceConfigSpec = {
  provider: 'IMS',
  endpointEnv: 'IMS_ENDPOINT',
  configFromEnv(env, defaults) {
    const endpoint = urlFromEnv(env, 'IMS_ENDPOINT');
    // Keystone first: OS_AUTH_URL names an OpenStack cloud explicitly.
    const auth = huaweiAuthFromEnv(env, 'keystone');
    const region = env.HUAWEICLOUD_SDK_REGION || env.OS_REGION_NAME || regionFromEndpoint(endpoint, 'ims');
    const options: Record<string, unknown> = {};
    if (env.IMS_BATCH_BY_ID !== undefined && env.IMS_BATCH_BY_ID !== '') options.batchById = env.IMS_BATCH_BY_ID;
    if (env.IMS_BATCH_SIZE !== undefined && env.IMS_BATCH_SIZE !== '') options.batchSize = env.IMS_BATCH_SIZE;
    return {
      provider: 'IMS',
      name: `ims:${region || 'default'}`,
      endpoint,
      region,
      project:
        auth.type === 'keystone'
          ? (auth.projectId ?? auth.projectName ?? '')
          : env.HUAWEICLOUD_SDK_PROJECT_ID || (auth.type === 'aksk' ? (auth.projectId ?? '') : ''),
      auth,
      ...defaults,
      options,
    };
  },
  parseOptions(options, where) {
    const known = new Set(['batchById', 'batchSize']);
    for (const key of Object.keys(options)) {
      if (!known.has(key)) throw new ConfigError(`${where}: unknown IMS option "${key}" (known: batchById, batchSize)`);
    }
    const envNames = where === 'IMS_ENDPOINT';
    const parsed: ImsOptions = {
      batchById:
        options.batchById === undefined
          ? true
          : parseBoolean(options.batchById, envNames ? 'IMS_BATCH_BY_ID' : `${where}.batchById`),
      batchSize:
        options.batchSize === undefined
          ? DEFAULT_BATCH_SIZE
          : parseBatchSize(options.batchSize, envNames ? 'IMS_BATCH_SIZE' : `${where}.batchSize`),
    };
    return { ...parsed };
  },
};

export const imsSource: SourceModule = {
  provider: 'IMS',
  typeName: 'ImsImage',
  config,
  createInstance: (instanceConfig, { logger }) => new ImsInstance(instanceConfig, logger),
  resolvers: imsResolvers,
  examples: IMS_EXAMPLES,
  normalization: {
    // The mapper matches Glance's lower-case words against these keys.
    status: glanceWords(IMS_STATUS),
    visibility: glanceWords(IMS_VISIBILITY),
    architecture:
      '`__support_arm` "true" → AARCH64; else Glance\'s `architecture` property; else `__support_amd` "true" or `__support_arm` "false" (and `__os_bit` not 32) → X86_64; else null',
    size: '`__image_size` (bytes, a string), else Glance `size` (bytes)',
    time: '`created_at` / `updated_at`, ISO 8601 (UTC)',
  },
};
