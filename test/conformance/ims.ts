// IMS (Glance v2) for the conformance suite: existing ids are read in batches
// by one `GET /v2/images?id=in:a,b,…` (150 ids a list); an id the list leaves
// out is confirmed missing by its own `GET /v2/images/{id}`.

import { IMS_SEED_IDS } from '../../src/sandbox/index.js';
import {
  architectureOf,
  HUAWEI_CREDENTIALS,
  HUAWEI_SANDBOX_ENV,
  HUAWEI_SECRETS,
  huaweiErrorReply,
  listedKey,
  type ListedImage,
  type SourceAdapter,
} from './adapter.js';

const LIST = '/v2/images';
const STATUS: Record<string, string> = {
  queued: 'QUEUED',
  saving: 'CREATING',
  uploading: 'CREATING',
  importing: 'CREATING',
  active: 'ACTIVE',
  killed: 'FAILED',
  deleted: 'DELETED',
  pending_delete: 'DELETED',
};
const VISIBILITY: Record<string, string> = {
  public: 'PUBLIC',
  community: 'PUBLIC',
  private: 'PRIVATE',
  shared: 'SHARED',
};

export const ims: SourceAdapter = {
  name: 'IMS',
  provider: 'IMS',
  sandboxKey: 'ims',
  endpointVariable: 'IMS_ENDPOINT',
  sandboxEnv: HUAWEI_SANDBOX_ENV,
  unroutedStatus: 404,
  listing: {
    generate: (sandbox, count) => sandbox.ims.emulator.generateImages(count),
    expected: (sandbox) => {
      const project = sandbox.env.HUAWEICLOUD_SDK_PROJECT_ID;
      const out: ListedImage[] = [];
      for (const i of sandbox.ims.emulator.images()) {
        // What Glance lists to the project: its own, public, community and (accepted) shared images.
        if (!(i.owner === project || ['public', 'community', 'shared'].includes(String(i.visibility)))) continue;
        const props = i as Record<string, unknown>;
        const architecture =
          props.__support_arm === 'true'
            ? 'AARCH64'
            : (architectureOf(props.architecture) ??
              ((props.__support_amd === 'true' || props.__support_arm === 'false') && props.__os_bit !== '32'
                ? 'X86_64'
                : null));
        out.push({
          key: listedKey('IMS', i.id),
          provider: 'IMS',
          nativeId: i.id,
          name: String(i.name ?? ''),
          created: i.created_at ? Date.parse(String(i.created_at)) : null,
          status: STATUS[String(i.status)] ?? 'UNKNOWN',
          architecture,
          visibility: VISIBILITY[String(i.visibility)] ?? null,
        });
      }
      return out;
    },
    listCalls: (calls) => calls.filter((c) => c.method === 'GET' && c.rawPath === LIST && !c.query.id),
  },
  imageField: (id) => `imsImage(id: ${id})`,
  idType: 'ID!',
  seeded: [
    { id: IMS_SEED_IDS.docCentos, name: 'CentOS 7.3 64bit vivado' },
    { id: IMS_SEED_IDS.ubuntu2204, name: 'Ubuntu 22.04 server 64bit' },
    { id: IMS_SEED_IDS.openEulerArm, name: 'openEuler 22.03 64bit with ARM' },
    { id: IMS_SEED_IDS.centosAmd, name: 'CentOS 7.9 64bit for AMD' },
  ],
  missingId: '00000000-0000-4000-8000-000000000001',
  // The list leaves it out, then its own GET answers 404.
  missingCalls: 2,
  expectedCalls: (distinctIds) => Math.ceil(distinctIds / 150),
  imageReads: (calls) => calls.filter((c) => c.method === 'GET' && c.rawPath.startsWith(LIST)),
  idsAskedBy: (call) =>
    call.rawPath === LIST
      ? (call.query.id?.[0] ?? '').replace(/^in:/, '').split(',').filter(Boolean)
      : [decodeURIComponent(call.rawPath.slice(`${LIST}/`.length))],
  paths: { perId: `${LIST}/`, list: LIST },
  faultPathPrefix: LIST,
  errorReply: huaweiErrorReply,
  vendorCodes: { unavailable: 'IMG.0500', throttled: 'APIG.0308', forbidden: 'IMG.0003' },
  credentials: HUAWEI_CREDENTIALS,
  secrets: HUAWEI_SECRETS,
};
