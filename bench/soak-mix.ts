// What the soak sends: one entry per operation, with its share of the traffic.
// To add an operation (a new mutation the sandbox supports, say), add an entry
// here; its `request(n)` builds the n-th request of that operation from the
// ids the gateway listed at start (`SoakSeed`). The frontend's own operations
// (examples/operations, typed by codegen) are used where they exist, so their
// variables are checked by the compiler.

import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  ImageDetailPageDocument,
  ImageListPageDocument,
  RegisterImageDocument,
  SaveNotebookDocument,
} from '../examples/generated/graphql.js';
import { MODELARTS_SEED } from '../src/sandbox/modelarts/seed.js';

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
}

/** Images the gateway listed before the load started: what the reads ask for. */
export interface SoakSeed {
  /** Native ids by provider (`MODELARTS`, `IMS`, `EHPC`). */
  nativeIds: Record<string, string[]>;
  /** Global ids across every provider. */
  globalIds: string[];
  /** The `endCursor` of the first page of `images(first: PAGE_SIZE)`. */
  secondPageCursor: string;
}

export interface SoakOperation {
  /** Shown in the per-operation table. */
  name: string;
  /** Share of the traffic, relative to the other entries' weights. */
  weight: number;
  mutation?: boolean;
  /** The n-th request of this operation (n counts from 0 for each operation). */
  request(n: number, seed: SoakSeed): GraphQLRequest;
}

export const PAGE_SIZE = 20;

export const SEED_QUERY = `query SoakSeed($first: Int!) {
  images(first: $first) { pageInfo { endCursor } edges { node { id provider nativeId } } }
}`;

export const SOAK_MIX: SoakOperation[] = [
  {
    name: 'modelArtsImage',
    weight: 4,
    request: (n, seed) => ({
      query: `query($id: ID!) { modelArtsImage(id: $id) { id name status architecture sizeBytes createdAt swrPath tag resourceCategories } }`,
      variables: { id: pick(seed.nativeIds.MODELARTS, n) },
    }),
  },
  {
    name: 'imsImage',
    weight: 3,
    request: (n, seed) => ({
      query: `query($id: ID!) { imsImage(id: $id) { id name status architecture sizeBytes createdAt visibility osVersion minDisk tags } }`,
      variables: { id: pick(seed.nativeIds.IMS, n) },
    }),
  },
  {
    name: 'ehpcImage',
    weight: 3,
    request: (n, seed) => ({
      query: `query($id: String!) { ehpcImage(imageId: $id) { id name status architecture sizeBytes createdAt imageType } }`,
      variables: { id: pick(seed.nativeIds.EHPC, n) },
    }),
  },
  {
    name: 'nodes (10 ids across sources)',
    weight: 2,
    request: (n, seed) => ({
      query: `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Image { provider name status } } }`,
      variables: { ids: Array.from({ length: 10 }, (_, i) => pick(seed.globalIds, n + i * 7)) },
    }),
  },
  {
    name: 'node (ImageDetailPage)',
    weight: 2,
    request: (n, seed) => typed(ImageDetailPageDocument, { id: pick(seed.globalIds, n) }),
  },
  {
    name: 'images page 1 (ImageListPage)',
    weight: 2,
    request: () => typed(ImageListPageDocument, { first: PAGE_SIZE }),
  },
  {
    name: 'images page 2 (ImageListPage)',
    weight: 2,
    request: (_n, seed) => typed(ImageListPageDocument, { first: PAGE_SIZE, after: seed.secondPageCursor }),
  },
  {
    // Registering an SWR path already registered answers the existing image:
    // the first 50 register, later ones take the idempotent path.
    name: 'registerModelArtsImage',
    weight: 1,
    mutation: true,
    request: (n) =>
      typed(RegisterImageDocument, {
        input: {
          swrPath: `swr.cn-north-4.myhuaweicloud.com/soak/image-${n % 50}:v1`,
          arch: 'X86_64',
          resourceCategory: ['CPU'],
          description: 'registered by the soak',
        },
      }),
  },
  {
    // Each save adds an image to the sandbox's store (in the sandbox's process).
    name: 'saveNotebookAsImage',
    weight: 1,
    mutation: true,
    request: (n) =>
      typed(SaveNotebookDocument, {
        input: {
          notebookId: pick(MODELARTS_SEED.notebookIds, n),
          name: 'soak-save',
          namespace: 'soak',
          tag: `t${n}`,
        },
      }),
  },
];

/** The operations in the order they are sent: every entry `weight` times per cycle, spread evenly. */
export function soakCycle(mix: readonly SoakOperation[]): SoakOperation[] {
  return mix
    .flatMap((operation) =>
      Array.from({ length: operation.weight }, (_, k) => ({ operation, at: (k + 0.5) / operation.weight })),
    )
    .sort((a, b) => a.at - b.at)
    .map((slot) => slot.operation);
}

function typed<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables) {
  return { query: print(document), variables: variables as Record<string, unknown> };
}

function pick<T>(items: readonly T[], n: number): T {
  if (items.length === 0) throw new Error('the soak found no image to ask for');
  return items[n % items.length];
}
