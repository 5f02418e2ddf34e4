// E-HPC operations shown in GraphiQL; the sandbox is seeded with these ids.

import type { ExampleOperation } from '../types.js';

export const EHPC_EXAMPLES: ExampleOperation[] = [
  {
    name: 'EhpcImage',
    document: `# An E-HPC Instant image (GetImage): the documented example image, every field.
query EhpcImage($imageId: String!) {
  ehpcImage(imageId: $imageId, imageCategory: "Custom", imageType: "VM") {
    id
    nativeId
    name
    version
    description
    status
    vendorStatus
    architecture
    size
    sizeBytes
    createdAt
    visibility
    imageType
    imageCategory
    vmImageSpec { imageId osTag platform architecture }
    containerImageSpec {
      registryUrl isAcrRegistry isAcrEnterprise registryCriId
      registryCredential { server userName hasPassword }
      osTag platform architecture
    }
    documentInfo { documentId encodingMode document }
    additionalRegionsInfo { status imageId regionId }
    requestId
  }
}`,
    variables: { imageId: 'm-uf60twafjtaart1234ab' },
  },
  {
    name: 'EhpcContainerImage',
    document: `# A container image on ACR Enterprise: the registry password is never returned, only whether one is set.
query EhpcContainerImage($imageId: String!) {
  ehpcImage(imageId: $imageId, imageType: "Container") {
    name
    version
    sizeBytes
    containerImageSpec {
      registryUrl
      isAcrEnterprise
      registryCredential { server userName hasPassword }
    }
  }
}`,
    variables: { imageId: 'm-bp1ctnr8acrx2y9z4k7q' },
  },
  {
    name: 'EhpcImageRegions',
    document: `# The copies of an image in other regions, narrowed to two of them.
query EhpcImageRegions($imageId: String!, $regions: [String!]) {
  ehpcImage(imageId: $imageId, additionalRegionIds: $regions) {
    name
    additionalRegionsInfo { regionId imageId status }
  }
}`,
    variables: { imageId: 'm-uf6mr4x0region7t2pq8', regions: ['cn-shanghai', 'cn-beijing'] },
  },
  {
    name: 'AddEhpcImage',
    document: `# Add a container image from a private ACR registry (AddImage), read back with GetImage.
# The registry password is write-only: sent in the signed call, never returned (see hasPassword).
mutation AddEhpcImage($input: AddEhpcImageInput!) {
  addEhpcImage(input: $input) {
    image {
      id
      nativeId
      name
      version
      imageType
      imageCategory
      status
      containerImageSpec {
        registryUrl isAcrRegistry isAcrEnterprise registryCriId
        registryCredential { server userName hasPassword }
      }
    }
  }
}`,
    variables: {
      input: {
        name: 'nginx',
        imageType: 'CONTAINER',
        imageVersion: 'V1.0',
        description: 'nginx from ACR Enterprise',
        containerImageSpec: {
          registryUrl: 'registry-vpc.cn-hangzhou.aliyuncs.com/ehpc_open/nginx:latest',
          isAcrRegistry: true,
          isAcrEnterprise: true,
          registryCriId: 'cri-xyz795ygf8k9abcd',
          registryCredential: {
            server: 'registry-vpc.cn-hangzhou.aliyuncs.com',
            userName: 'username',
            password: 'example-registry-password',
          },
        },
      },
    },
  },
];
