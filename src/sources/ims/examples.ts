// IMS operations shown in GraphiQL; the sandbox is seeded with these ids (the
// first is the documented example of docs/vendor/002-ims-image-details.txt). The write examples
// work on one image: CreateImsImage makes it with a chosen id, the next ones
// edit and tag it, in the order listed (a second CreateImsImage answers
// CONFLICT: the id is taken).

import type { ExampleOperation } from '../types.js';

/** The id CreateImsImage chooses and the edits use. */
const EXAMPLE_IMAGE_ID = 'e0a1c3d5-7b9f-4e2a-8c4d-6f8a0b2c4e61';

const EDITED_FIELDS = `
      nativeId
      name
      description
      status
      vendorStatus
      osVersion
      diskFormat
      minDisk
      minRam
      tags
      properties
      updatedAt`;

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
  {
    name: 'CreateImsImage',
    document: `# Create an image's metadata (POST /v2/images): status QUEUED until data is uploaded.
# The id is ours to choose (run once: a second run answers CONFLICT); the next examples edit this image.
mutation CreateImsImage($input: CreateImsImageInput!) {
  createImsImage(input: $input) {
    image {${EDITED_FIELDS}
    }
  }
}`,
    variables: {
      input: {
        id: EXAMPLE_IMAGE_ID,
        name: 'ubuntu-22.04-web',
        description: 'Ubuntu 22.04 with nginx, from the CI pipeline',
        osVersion: 'Ubuntu 22.04 server 64bit',
        diskFormat: 'zvhd2',
        minDisk: 40,
        minRam: 1024,
        tags: ['web'],
        properties: { hw_disk_bus: 'virtio' },
      },
    },
  },
  {
    name: 'UpdateImsImage',
    document: `# Rename, describe, set and remove properties in one JSON-patch (PATCH /v2/images/{id}).
mutation UpdateImsImage($input: UpdateImsImageInput!) {
  updateImsImage(input: $input) {
    image {${EDITED_FIELDS}
    }
  }
}`,
    variables: {
      input: {
        id: EXAMPLE_IMAGE_ID,
        name: 'ubuntu-22.04-web-v2',
        description: 'Ubuntu 22.04 with nginx 1.24',
        setProperties: { hw_qemu_guest_agent: 'yes' },
        removeProperties: ['hw_disk_bus'],
      },
    },
  },
  {
    name: 'AddImsImageTag',
    document: `# Tag an image (PUT /v2/images/{id}/tags/{tag}); the tag travels percent-encoded.
mutation AddImsImageTag($input: ImsImageTagInput!) {
  addImsImageTag(input: $input) {
    image { nativeId tags }
  }
}`,
    variables: { input: { id: EXAMPLE_IMAGE_ID, tag: 'release 2024?' } },
  },
  {
    name: 'RemoveImsImageTag',
    document: `# Untag an image (DELETE /v2/images/{id}/tags/{tag}); NOT_FOUND when it has no such tag.
mutation RemoveImsImageTag($input: ImsImageTagInput!) {
  removeImsImageTag(input: $input) {
    image { nativeId tags }
  }
}`,
    variables: { input: { id: EXAMPLE_IMAGE_ID, tag: 'web' } },
  },
];
