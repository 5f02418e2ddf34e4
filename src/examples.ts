// The core operations shown in GraphiQL, beside each source's own examples.

import type { SourceInstanceConfig } from './config/index.js';
import { tryDecodeGlobalId } from './ids.js';
import type { ExampleOperation, SourceModule } from './sources/index.js';

const CORE_EXAMPLES: ExampleOperation[] = [
  {
    name: 'Images',
    document: `# Images from every configured cloud, newest first. Pass pageInfo.endCursor as $after for the next page.
# unavailableSources names any cloud that could not be read (its images are missing from the page).
query Images($filter: ImageFilter, $first: Int, $after: String) {
  images(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    unavailableSources { provider source region code message }
    edges {
      node { id provider region nativeId name status vendorStatus architecture sizeBytes createdAt visibility }
    }
  }
}`,
    variables: { first: 10, filter: { status: ['ACTIVE'] } },
  },
  {
    name: 'Nodes',
    document: `# Any images by global id (copy ids from the Images example), across clouds in one request.
query Nodes($ids: [ID!]!) {
  nodes(ids: $ids) {
    id
    ... on Image { provider region nativeId name status architecture sizeBytes createdAt }
  }
}`,
    variables: { ids: [] },
  },
];

/** The live-status example, on the image of the first example that names one by global id (else an id to fill in). */
function watchExample(examples: readonly ExampleOperation[]): ExampleOperation {
  const id = examples
    .map((example) => example.variables?.id)
    .find((value): value is string => typeof value === 'string' && tryDecodeGlobalId(value) !== undefined);
  return {
    name: 'ImageChanged',
    document: `# One image live, over WebSocket: sent at once, then on each change of
# status, vendorStatus or updatedAt; completes after ACTIVE, FAILED or DELETED.
# Paste the id a SaveNotebookAsImage returns to watch the save finish.
subscription ImageChanged($id: ID!) {
  imageChanged(id: $id) { id provider nativeId name status vendorStatus updatedAt }
}`,
    variables: { id: id ?? '' },
  };
}

/**
 * The DeleteImage operation, for an image that exists to be deleted: a source
 * adds it to its `examplesFor` with an image its sandbox keeps for this (the
 * global id names the configured instance), since deleting one that other
 * examples read would break them.
 */
export function deleteImageExample(id: string, what: string): ExampleOperation {
  return {
    name: 'DeleteImage',
    document: `# Delete any image by its global id: here ${what}. Run it again: NOT_FOUND, the image is gone.
mutation DeleteImage($input: DeleteImageInput!) {
  deleteImage(input: $input) {
    deletedId
    image { id provider nativeId name status vendorStatus }
  }
}`,
    variables: { input: { id, force: false } },
  };
}

/** Every example for GraphiQL: each source's, those that need one of its configured instances, then the core ones. */
export function allExamples(
  modules: readonly SourceModule[],
  instances: readonly SourceInstanceConfig[],
): ExampleOperation[] {
  const examples = [
    ...modules.flatMap((module) => {
      const instance = instances.find((i) => i.provider === module.provider);
      return [...module.examples, ...(instance && module.examplesFor ? module.examplesFor(instance) : [])];
    }),
    ...CORE_EXAMPLES,
  ];
  return [...examples, watchExample(examples)];
}
