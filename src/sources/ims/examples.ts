// IMS operations shown in GraphiQL; the sandbox is seeded with these ids (the
// first is the documented example of docs/vendor/002).

import type { ExampleOperation } from '../types.js';

export const IMS_EXAMPLES: ExampleOperation[] = [
  {
    name: 'ImsImage',
    document: `# An IMS image by its id (the documented example image), with its Huawei properties.
query ImsImage($id: ID!) {
  imsImage(id: $id) {
    id
    nativeId
    name
    status
    vendorStatus
    architecture
    sizeBytes
    visibility
    createdAt
    platform
    osVersion
    osBit
    osType
    imagetype
    isregistered
    lazyloading
    virtualEnvType
    minDisk
    minRam
    diskFormat
    protected
    owner
    properties
  }
}`,
    variables: { id: 'bc6bed6e-ba3a-4447-afcc-449174a3eb52' },
  },
  {
    name: 'ImsImagesBatched',
    document: `# Several IMS images in one request: the gateway asks IMS once
# (GET /v2/images?id=in:…) and fetches one by one only what the list did not return.
query ImsImagesBatched {
  centos: imsImage(id: "bc6bed6e-ba3a-4447-afcc-449174a3eb52") { ...ims }
  ubuntu: imsImage(id: "a7c3e2f1-4b9d-4e6a-8c5f-1d2e3f4a5b6c") { ...ims }
  openEulerArm: imsImage(id: "3e8d1c5a-9f27-4b6e-a0d4-7c2b1e9f8a53") { ...ims }
  missing: imsImage(id: "00000000-0000-4000-8000-000000000000") { ...ims }
}

fragment ims on ImsImage {
  id
  name
  status
  architecture
  sizeBytes
  supportAgentList
  osFeatureList { name value }
  hwFirmwareType
}`,
  },
];
