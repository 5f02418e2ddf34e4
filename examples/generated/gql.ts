/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation AddEhpcImage($input: AddEhpcImageInput!) {\n  addEhpcImage(input: $input) {\n    image {\n      id\n      nativeId\n      name\n      version\n      imageType\n      status\n      vmImageSpec {\n        imageId\n      }\n      containerImageSpec {\n        registryUrl\n        registryCredential {\n          server\n          userName\n          hasPassword\n        }\n      }\n    }\n  }\n}": typeof types.AddEhpcImageDocument,
    "mutation CreateImsImage($input: CreateImsImageInput!) {\n  createImsImage(input: $input) {\n    image {\n      ...ImsImageEditor\n    }\n  }\n}\n\nfragment ImsImageEditor on ImsImage {\n  id\n  nativeId\n  name\n  description\n  status\n  vendorStatus\n  visibility\n  diskFormat\n  containerFormat\n  minDisk\n  minRam\n  osVersion\n  protected\n  tags\n  properties\n  updatedAt\n}": typeof types.CreateImsImageDocument,
    "mutation DeleteImage($id: ID!, $force: Boolean) {\n  deleteImage(input: {id: $id, force: $force}) {\n    deletedId\n    image {\n      id\n      provider\n      nativeId\n      name\n      status\n      vendorStatus\n    }\n  }\n}": typeof types.DeleteImageDocument,
    "mutation UpdateImsImage($input: UpdateImsImageInput!) {\n  updateImsImage(input: $input) {\n    image {\n      ...ImsImageEditor\n    }\n  }\n}\n\nmutation AddImsImageTag($input: ImsImageTagInput!) {\n  addImsImageTag(input: $input) {\n    image {\n      ...ImsImageEditor\n    }\n  }\n}\n\nmutation RemoveImsImageTag($input: ImsImageTagInput!) {\n  removeImsImageTag(input: $input) {\n    image {\n      ...ImsImageEditor\n    }\n  }\n}": typeof types.UpdateImsImageDocument,
    "query ImageDetailPage($id: ID!) {\n  node(id: $id) {\n    id\n    ... on Image {\n      provider\n      nativeId\n      region\n      name\n      description\n      status\n      vendorStatus\n      architecture\n      sizeBytes\n      createdAt\n      updatedAt\n      visibility\n    }\n    ... on ModelArtsImage {\n      swrPath\n      tag\n      namespace\n      serviceType\n      resourceCategories\n      devServices\n      workspaceId\n    }\n  }\n}": typeof types.ImageDetailPageDocument,
    "query ImageListPage($filter: ImageFilter, $first: Int, $after: String) {\n  images(filter: $filter, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        provider\n        region\n        name\n        status\n        architecture\n        sizeBytes\n        createdAt\n        visibility\n      }\n    }\n  }\n}": typeof types.ImageListPageDocument,
    "mutation RegisterImage($input: RegisterModelArtsImageInput!) {\n  registerModelArtsImage(input: $input) {\n    image {\n      id\n      nativeId\n      name\n      status\n      swrPath\n      tag\n      resourceCategories\n    }\n  }\n}": typeof types.RegisterImageDocument,
    "mutation SaveNotebook($input: SaveNotebookAsImageInput!) {\n  saveNotebookAsImage(input: $input) {\n    image {\n      id\n      nativeId\n      name\n      status\n      vendorStatus\n      swrPath\n    }\n  }\n}": typeof types.SaveNotebookDocument,
    "subscription WatchImage($id: ID!) {\n  imageChanged(id: $id) {\n    id\n    provider\n    nativeId\n    name\n    status\n    vendorStatus\n    updatedAt\n  }\n}": typeof types.WatchImageDocument,
};
const documents: Documents = {
    "mutation AddEhpcImage($input: AddEhpcImageInput!) {\n  addEhpcImage(input: $input) {\n    image {\n      id\n      nativeId\n      name\n      version\n      imageType\n      status\n      vmImageSpec {\n        imageId\n      }\n      containerImageSpec {\n        registryUrl\n        registryCredential {\n          server\n          userName\n          hasPassword\n        }\n      }\n    }\n  }\n}": types.AddEhpcImageDocument,
    "mutation CreateImsImage($input: CreateImsImageInput!) {\n  createImsImage(input: $input) {\n    image {\n      ...ImsImageEditor\n    }\n  }\n}\n\nfragment ImsImageEditor on ImsImage {\n  id\n  nativeId\n  name\n  description\n  status\n  vendorStatus\n  visibility\n  diskFormat\n  containerFormat\n  minDisk\n  minRam\n  osVersion\n  protected\n  tags\n  properties\n  updatedAt\n}": types.CreateImsImageDocument,
    "mutation DeleteImage($id: ID!, $force: Boolean) {\n  deleteImage(input: {id: $id, force: $force}) {\n    deletedId\n    image {\n      id\n      provider\n      nativeId\n      name\n      status\n      vendorStatus\n    }\n  }\n}": types.DeleteImageDocument,
    "mutation UpdateImsImage($input: UpdateImsImageInput!) {\n  updateImsImage(input: $input) {\n    image {\n      ...ImsImageEditor\n    }\n  }\n}\n\nmutation AddImsImageTag($input: ImsImageTagInput!) {\n  addImsImageTag(input: $input) {\n    image {\n      ...ImsImageEditor\n    }\n  }\n}\n\nmutation RemoveImsImageTag($input: ImsImageTagInput!) {\n  removeImsImageTag(input: $input) {\n    image {\n      ...ImsImageEditor\n    }\n  }\n}": types.UpdateImsImageDocument,
    "query ImageDetailPage($id: ID!) {\n  node(id: $id) {\n    id\n    ... on Image {\n      provider\n      nativeId\n      region\n      name\n      description\n      status\n      vendorStatus\n      architecture\n      sizeBytes\n      createdAt\n      updatedAt\n      visibility\n    }\n    ... on ModelArtsImage {\n      swrPath\n      tag\n      namespace\n      serviceType\n      resourceCategories\n      devServices\n      workspaceId\n    }\n  }\n}": types.ImageDetailPageDocument,
    "query ImageListPage($filter: ImageFilter, $first: Int, $after: String) {\n  images(filter: $filter, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        provider\n        region\n        name\n        status\n        architecture\n        sizeBytes\n        createdAt\n        visibility\n      }\n    }\n  }\n}": types.ImageListPageDocument,
    "mutation RegisterImage($input: RegisterModelArtsImageInput!) {\n  registerModelArtsImage(input: $input) {\n    image {\n      id\n      nativeId\n      name\n      status\n      swrPath\n      tag\n      resourceCategories\n    }\n  }\n}": types.RegisterImageDocument,
    "mutation SaveNotebook($input: SaveNotebookAsImageInput!) {\n  saveNotebookAsImage(input: $input) {\n    image {\n      id\n      nativeId\n      name\n      status\n      vendorStatus\n      swrPath\n    }\n  }\n}": types.SaveNotebookDocument,
    "subscription WatchImage($id: ID!) {\n  imageChanged(id: $id) {\n    id\n    provider\n    nativeId\n    name\n    status\n    vendorStatus\n    updatedAt\n  }\n}": types.WatchImageDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AddEhpcImage($input: AddEhpcImageInput!) {\n  addEhpcImage(input: $input) {\n    image {\n      id\n      nativeId\n      name\n      version\n      imageType\n      status\n      vmImageSpec {\n        imageId\n      }\n      containerImageSpec {\n        registryUrl\n        registryCredential {\n          server\n          userName\n          hasPassword\n        }\n      }\n    }\n  }\n}"): (typeof documents)["mutation AddEhpcImage($input: AddEhpcImageInput!) {\n  addEhpcImage(input: $input) {\n    image {\n      id\n      nativeId\n      name\n      version\n      imageType\n      status\n      vmImageSpec {\n        imageId\n      }\n      containerImageSpec {\n        registryUrl\n        registryCredential {\n          server\n          userName\n          hasPassword\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateImsImage($input: CreateImsImageInput!) {\n  createImsImage(input: $input) {\n    image {\n      ...ImsImageEditor\n    }\n  }\n}\n\nfragment ImsImageEditor on ImsImage {\n  id\n  nativeId\n  name\n  description\n  status\n  vendorStatus\n  visibility\n  diskFormat\n  containerFormat\n  minDisk\n  minRam\n  osVersion\n  protected\n  tags\n  properties\n  updatedAt\n}"): (typeof documents)["mutation CreateImsImage($input: CreateImsImageInput!) {\n  createImsImage(input: $input) {\n    image {\n      ...ImsImageEditor\n    }\n  }\n}\n\nfragment ImsImageEditor on ImsImage {\n  id\n  nativeId\n  name\n  description\n  status\n  vendorStatus\n  visibility\n  diskFormat\n  containerFormat\n  minDisk\n  minRam\n  osVersion\n  protected\n  tags\n  properties\n  updatedAt\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteImage($id: ID!, $force: Boolean) {\n  deleteImage(input: {id: $id, force: $force}) {\n    deletedId\n    image {\n      id\n      provider\n      nativeId\n      name\n      status\n      vendorStatus\n    }\n  }\n}"): (typeof documents)["mutation DeleteImage($id: ID!, $force: Boolean) {\n  deleteImage(input: {id: $id, force: $force}) {\n    deletedId\n    image {\n      id\n      provider\n      nativeId\n      name\n      status\n      vendorStatus\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateImsImage($input: UpdateImsImageInput!) {\n  updateImsImage(input: $input) {\n    image {\n      ...ImsImageEditor\n    }\n  }\n}\n\nmutation AddImsImageTag($input: ImsImageTagInput!) {\n  addImsImageTag(input: $input) {\n    image {\n      ...ImsImageEditor\n    }\n  }\n}\n\nmutation RemoveImsImageTag($input: ImsImageTagInput!) {\n  removeImsImageTag(input: $input) {\n    image {\n      ...ImsImageEditor\n    }\n  }\n}"): (typeof documents)["mutation UpdateImsImage($input: UpdateImsImageInput!) {\n  updateImsImage(input: $input) {\n    image {\n      ...ImsImageEditor\n    }\n  }\n}\n\nmutation AddImsImageTag($input: ImsImageTagInput!) {\n  addImsImageTag(input: $input) {\n    image {\n      ...ImsImageEditor\n    }\n  }\n}\n\nmutation RemoveImsImageTag($input: ImsImageTagInput!) {\n  removeImsImageTag(input: $input) {\n    image {\n      ...ImsImageEditor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ImageDetailPage($id: ID!) {\n  node(id: $id) {\n    id\n    ... on Image {\n      provider\n      nativeId\n      region\n      name\n      description\n      status\n      vendorStatus\n      architecture\n      sizeBytes\n      createdAt\n      updatedAt\n      visibility\n    }\n    ... on ModelArtsImage {\n      swrPath\n      tag\n      namespace\n      serviceType\n      resourceCategories\n      devServices\n      workspaceId\n    }\n  }\n}"): (typeof documents)["query ImageDetailPage($id: ID!) {\n  node(id: $id) {\n    id\n    ... on Image {\n      provider\n      nativeId\n      region\n      name\n      description\n      status\n      vendorStatus\n      architecture\n      sizeBytes\n      createdAt\n      updatedAt\n      visibility\n    }\n    ... on ModelArtsImage {\n      swrPath\n      tag\n      namespace\n      serviceType\n      resourceCategories\n      devServices\n      workspaceId\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ImageListPage($filter: ImageFilter, $first: Int, $after: String) {\n  images(filter: $filter, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        provider\n        region\n        name\n        status\n        architecture\n        sizeBytes\n        createdAt\n        visibility\n      }\n    }\n  }\n}"): (typeof documents)["query ImageListPage($filter: ImageFilter, $first: Int, $after: String) {\n  images(filter: $filter, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        provider\n        region\n        name\n        status\n        architecture\n        sizeBytes\n        createdAt\n        visibility\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RegisterImage($input: RegisterModelArtsImageInput!) {\n  registerModelArtsImage(input: $input) {\n    image {\n      id\n      nativeId\n      name\n      status\n      swrPath\n      tag\n      resourceCategories\n    }\n  }\n}"): (typeof documents)["mutation RegisterImage($input: RegisterModelArtsImageInput!) {\n  registerModelArtsImage(input: $input) {\n    image {\n      id\n      nativeId\n      name\n      status\n      swrPath\n      tag\n      resourceCategories\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SaveNotebook($input: SaveNotebookAsImageInput!) {\n  saveNotebookAsImage(input: $input) {\n    image {\n      id\n      nativeId\n      name\n      status\n      vendorStatus\n      swrPath\n    }\n  }\n}"): (typeof documents)["mutation SaveNotebook($input: SaveNotebookAsImageInput!) {\n  saveNotebookAsImage(input: $input) {\n    image {\n      id\n      nativeId\n      name\n      status\n      vendorStatus\n      swrPath\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription WatchImage($id: ID!) {\n  imageChanged(id: $id) {\n    id\n    provider\n    nativeId\n    name\n    status\n    vendorStatus\n    updatedAt\n  }\n}"): (typeof documents)["subscription WatchImage($id: ID!) {\n  imageChanged(id: $id) {\n    id\n    provider\n    nativeId\n    name\n    status\n    vendorStatus\n    updatedAt\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;