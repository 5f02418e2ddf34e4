// IMS (Glance v2) for the conformance suite: existing ids are read in batches
// by one `GET /v2/images?id=in:a,b,…` (150 ids a list); an id the list leaves
// out is confirmed missing by its own `GET /v2/images/{id}`.

import { IMS_SEED_IDS } from '../../src/sandbox/index.js';
import { HUAWEI_CREDENTIALS, HUAWEI_SECRETS, huaweiErrorReply, type SourceAdapter } from './adapter.js';

const LIST = '/v2/images';

export const ims: SourceAdapter = {
  name: 'IMS',
  provider: 'IMS',
  sandboxKey: 'ims',
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
