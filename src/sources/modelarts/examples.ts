// ModelArts operations shown in GraphiQL; the sandbox is seeded with these ids.

import type { SourceInstanceConfig } from '../../config/index.js';
import { deleteImageExample } from '../../examples.js';
import { encodeGlobalId } from '../../ids.js';
import { PROVIDER } from './api.js';
import type { ExampleOperation } from '../types.js';

/** The image of the page "Obtaining Details of an Image"; the sandbox holds it. */
const DOCUMENTED_IMAGE_ID = '278e88d1-5b71-4766-8502-b3ba72e824d9';
/** The page "Saving a Running Instance"'s image, which the sandbox keeps stuck in INIT until a sync. */
const SAVED_IMAGE_ID = '4e0d1854-63e5-4517-b683-a0ee97a692a1';
/** A private image the sandbox keeps for the DeleteImage example (no other example reads it). */
const SCRATCH_IMAGE_ID = '5b2f8c1e-9d47-4a6b-b3e0-7c1d2f4a9e68';

const IMAGE_FIELDS = `
    id
    nativeId
    name
    status
    vendorStatus
    architecture
    sizeBytes
    createdAt
    swrPath
    tag
    serviceType
    resourceCategories
    devServices`;

export const MODELARTS_EXAMPLES: ExampleOperation[] = [
  {
    name: 'ModelArtsImage',
    document: `# A ModelArts image by its id (the documented example image).
query ModelArtsImage($id: ID!) {
  modelArtsImage(id: $id) {${IMAGE_FIELDS}
  }
}`,
    variables: { id: DOCUMENTED_IMAGE_ID },
  },
  {
    name: 'RegisterModelArtsImage',
    document: `# Register a custom image from SWR (POST /v1/{project_id}/images).
mutation RegisterModelArtsImage($input: RegisterModelArtsImageInput!) {
  registerModelArtsImage(input: $input) {
    image {${IMAGE_FIELDS}
    }
  }
}`,
    variables: {
      input: {
        description: '',
        resourceCategory: ['CPU'],
        arch: 'X86_64',
        swrPath: 'swr.xxx.com/op_svc_modelarts_container2/pytorch_1_8:train-pytorch_1.8.0-cuda_10.2-py_3.7',
      },
    },
  },
  {
    name: 'SaveNotebookAsImage',
    document: `# Save a running notebook instance as an image; it moves INIT → CREATING → ACTIVE.
mutation SaveNotebookAsImage($input: SaveNotebookAsImageInput!) {
  saveNotebookAsImage(input: $input) {
    image {${IMAGE_FIELDS}
    }
  }
}`,
    variables: {
      input: {
        notebookId: '6a0f5e3c-2b8d-4c71-9e46-1d7b3f2a8c90',
        name: 'pytorch1_4',
        namespace: 'atelier-auto',
        tag: '20221223',
        description: 'save from notebook-x21d',
        workspaceId: '0',
      },
    },
  },
  {
    name: 'SyncModelArtsImage',
    document: `# Correct an abnormal image status (POST /v1/{project_id}/images/{id}/sync): the documented saved image stays INIT until synced.
mutation SyncModelArtsImage($id: ID!) {
  syncModelArtsImage(id: $id) {
    image { nativeId name status vendorStatus statusMessage updatedAt }
  }
}`,
    variables: { id: SAVED_IMAGE_ID },
  },
];

/** `node` and `deleteImage` by global id: the id names the configured instance's region and project. */
export function modelArtsExamplesFor(instance: SourceInstanceConfig): ExampleOperation[] {
  const globalId = (nativeId: string) =>
    encodeGlobalId({ provider: PROVIDER, region: instance.region, project: instance.project, nativeId });
  const id = globalId(DOCUMENTED_IMAGE_ID);
  return [
    {
      name: 'Node',
      document: `# Any image by its global id (every image's \`id\` field is one).
query Node($id: ID!) {
  node(id: $id) {
    id
    ... on Image { provider region nativeId name status architecture sizeBytes createdAt }
    ... on ModelArtsImage { swrPath tag }
  }
}`,
      variables: { id },
    },
    deleteImageExample(globalId(SCRATCH_IMAGE_ID), 'a private ModelArts image the sandbox keeps for deleting'),
  ];
}
