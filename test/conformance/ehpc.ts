// E-HPC Instant for the conformance suite: RPC calls, all `POST /` with the
// action in x-acs-action and the ids in the query string. Fields both answers
// carry (the suite asks only those) come from one ListImages with an
// `ImageIds` JSON array (100 ids a call), no GetImage.

import {
  EHPC_SANDBOX_REGISTRY_PASSWORD,
  EHPC_SEED,
  SANDBOX_ALIBABA,
  type RecordedCall,
} from '../../src/sandbox/index.js';
import type { SourceAdapter } from './adapter.js';

const action = (call: RecordedCall) => call.headers['x-acs-action'];

export const ehpc: SourceAdapter = {
  name: 'E-HPC',
  provider: 'EHPC',
  sandboxKey: 'ehpc',
  imageField: (id) => `ehpcImage(imageId: ${id})`,
  idType: 'String!',
  seeded: [
    { id: EHPC_SEED.documentedVm, name: 'app-image' },
    { id: EHPC_SEED.acrContainer, name: 'gromacs' },
    { id: EHPC_SEED.publicArmVm, name: 'aliyun_3_arm64_20G_alibase_20230315.vhd' },
    { id: EHPC_SEED.publicX86Vm, name: 'centos_7_9_x64_20G_alibase_20220601.vhd' },
  ],
  missingId: 'm-doesnotexist000000001',
  missingCalls: 1,
  expectedCalls: (distinctIds) => Math.ceil(distinctIds / 100),
  imageReads: (calls) => calls.filter((c) => action(c) === 'ListImages' || action(c) === 'GetImage'),
  idsAskedBy: (call) =>
    action(call) === 'GetImage'
      ? (call.query.ImageId ?? [])
      : call.query.ImageIds
        ? (JSON.parse(call.query.ImageIds[0]) as string[])
        : [],
  paths: { list: '/' },
  faultPathPrefix: '/',
  errorReply: (vendorCode, message, requestId) => ({
    body: { RequestId: requestId, Code: vendorCode, Message: message, HostId: 'ehpcinstant.cn-hangzhou.aliyuncs.com' },
    headers: { 'x-acs-request-id': requestId },
  }),
  vendorCodes: { unavailable: 'ServiceUnavailable', throttled: 'Throttling.User', forbidden: 'Forbidden.RAM' },
  credentials: {
    ALIBABA_CLOUD_ACCESS_KEY_ID: SANDBOX_ALIBABA.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: SANDBOX_ALIBABA.accessKeySecret,
  },
  secrets: {
    ALIBABA_CLOUD_ACCESS_KEY_ID: SANDBOX_ALIBABA.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: SANDBOX_ALIBABA.accessKeySecret,
    ALIBABA_CLOUD_SECURITY_TOKEN: SANDBOX_ALIBABA.securityTokens[0],
    'the ACR registry password': EHPC_SANDBOX_REGISTRY_PASSWORD,
    "the documented example's registry password": 'userpassword',
  },
};
