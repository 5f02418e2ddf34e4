// IMS's own settings: whether (and how much) to batch lookups into
// `GET /v2/images?id=in:…` lists. From the environment (IMS_BATCH_BY_ID,
// IMS_BATCH_SIZE) or an instance's `options` in IMAGE_GATEWAY_CONFIG
// (`options: { batchById: false, batchSize: 100 }`).

import { parseBoolean, parseInteger, refuseUnknownOptions } from '../../config/index.js';

export interface ImsOptions {
  /** List batching on; off for an endpoint that lacks `id=in:`. */
  batchById: boolean;
  /** Most ids in one `id=in:` list. */
  batchSize: number;
}

const DEFAULT_BATCH_SIZE = 150;
const MAX_BATCH_SIZE = 500;

/** Option → the env var an instance from the environment reads it from. */
export const IMS_OPTIONS_FROM_ENV = { batchById: 'IMS_BATCH_BY_ID', batchSize: 'IMS_BATCH_SIZE' } as const;

export function parseImsOptions(
  raw: Readonly<Record<string, unknown>>,
  nameOf: (option: string) => string,
): ImsOptions {
  refuseUnknownOptions(raw, Object.keys(IMS_OPTIONS_FROM_ENV), nameOf);
  return {
    batchById: raw.batchById === undefined ? true : parseBoolean(raw.batchById, nameOf('batchById')),
    batchSize:
      raw.batchSize === undefined
        ? DEFAULT_BATCH_SIZE
        : parseInteger(raw.batchSize, nameOf('batchSize'), 1, MAX_BATCH_SIZE),
  };
}
