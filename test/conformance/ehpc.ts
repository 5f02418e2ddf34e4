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
import { architectureOf, listedKey, type SourceAdapter } from './adapter.js';

const action = (call: RecordedCall) => call.headers['x-acs-action'];
const STATUS: Record<string, string> = {
  Available: 'ACTIVE',
  Creating: 'CREATING',
  Waiting: 'QUEUED',
  CreateFailed: 'FAILED',
  UnAvailable: 'FAILED',
};

export const ehpc: SourceAdapter = {
  name: 'E-HPC',
  provider: 'EHPC',
  sandboxKey: 'ehpc',
  endpointVariable: 'EHPC_ENDPOINT',
  sandboxEnv: {
    ALIBABA_CLOUD_ACCESS_KEY_ID: SANDBOX_ALIBABA.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: SANDBOX_ALIBABA.accessKeySecret,
    ALIBABA_CLOUD_REGION_ID: SANDBOX_ALIBABA.regionId,
  },
  // The POP gateway's refusal.
  unroutedStatus: 400,
  listing: {
    generate: (sandbox, count) => {
      sandbox.ehpc.emulator.generateImages(count - 20);
      // Some public, creating or aarch64 only in the container spec, so the filters have work to do.
      sandbox.ehpc.emulator.generateImages(10, { ImageCategory: 'Public' });
      sandbox.ehpc.emulator.generateImages(10, { Status: 'Creating' });
    },
    expected: (sandbox) =>
      sandbox.ehpc.emulator.images().map((i) => {
        const specs =
          i.ImageType === 'Container' ? [i.ContainerImageSpec, i.VMImageSpec] : [i.VMImageSpec, i.ContainerImageSpec];
        return {
          key: listedKey('EHPC', i.ImageId),
          provider: 'EHPC',
          nativeId: i.ImageId,
          name: String(i.Name ?? ''),
          created: i.CreateTime ? Date.parse(i.CreateTime) : null,
          status: STATUS[String(i.Status)] ?? 'UNKNOWN',
          architecture: specs.map((s) => architectureOf(s?.Architecture)).find((a) => a) ?? null,
          visibility: i.ImageCategory === 'Public' ? 'PUBLIC' : i.ImageCategory === 'Custom' ? 'PRIVATE' : null,
        };
      }),
    listCalls: (calls) => calls.filter((c) => action(c) === 'ListImages'),
  },
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
