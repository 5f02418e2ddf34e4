// ModelArts for the conformance suite: GET /v1/{project}/images/{id}, one per
// distinct id (ModelArts has no get-many call), deduped within a request.

import { MODELARTS_SEED, SANDBOX_HUAWEI } from '../../src/sandbox/index.js';
import {
  architectureOf,
  HUAWEI_CREDENTIALS,
  HUAWEI_SANDBOX_ENV,
  HUAWEI_SECRETS,
  huaweiErrorReply,
  listedKey,
  type SourceAdapter,
} from './adapter.js';

const IMAGES = `/v1/${SANDBOX_HUAWEI.projectId}/images`;
const ids = MODELARTS_SEED.imageIds;
const STATUS: Record<string, string> = {
  INIT: 'QUEUED',
  CREATING: 'CREATING',
  ACTIVE: 'ACTIVE',
  CREATE_FAILED: 'FAILED',
  ERROR: 'FAILED',
  DELETED: 'DELETED',
};

export const modelArts: SourceAdapter = {
  name: 'ModelArts',
  provider: 'MODELARTS',
  sandboxKey: 'modelarts',
  endpointVariable: 'MODELARTS_ENDPOINT',
  sandboxEnv: HUAWEI_SANDBOX_ENV,
  unroutedStatus: 404,
  listing: {
    generate: (sandbox, count) => sandbox.modelarts.emulator.generateImages(count),
    expected: (sandbox) =>
      sandbox.modelarts.emulator.images().map((i) => ({
        key: listedKey('MODELARTS', i.id),
        provider: 'MODELARTS',
        nativeId: i.id,
        name: i.name ?? '',
        created: typeof i.create_at === 'number' ? i.create_at : null,
        status: STATUS[String(i.status)] ?? 'UNKNOWN',
        architecture: architectureOf(i.arch),
        visibility: i.visibility === 'PUBLIC' ? 'PUBLIC' : i.visibility === 'PRIVATE' ? 'PRIVATE' : null,
      })),
    listCalls: (calls) => calls.filter((c) => c.method === 'GET' && /^\/v1\/[^/]+\/images$/.test(c.rawPath)),
  },
  imageField: (id) => `modelArtsImage(id: ${id})`,
  idType: 'ID!',
  seeded: [
    { id: ids.docDetails, name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04' },
    { id: ids.docRegistered, name: 'pytorch_1_8' },
    { id: ids.tensorflowTrain, name: 'tensorflow2.6.0-cuda11.2-cudnn8-ubuntu18.04' },
    { id: ids.teamDev, name: 'team-dev-conda' },
  ],
  missingId: '00000000-0000-4000-8000-000000000000',
  missingCalls: 1,
  expectedCalls: (distinctIds) => distinctIds,
  imageReads: (calls) => calls.filter((c) => c.method === 'GET' && c.rawPath.startsWith(`${IMAGES}/`)),
  idsAskedBy: (call) => [decodeURIComponent(call.rawPath.slice(`${IMAGES}/`.length))],
  paths: { perId: `${IMAGES}/` },
  faultPathPrefix: IMAGES,
  errorReply: huaweiErrorReply,
  vendorCodes: { unavailable: 'ModelArts.0001', throttled: 'APIG.0308', forbidden: 'ModelArts.0106' },
  credentials: HUAWEI_CREDENTIALS,
  secrets: HUAWEI_SECRETS,
};
