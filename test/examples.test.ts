// The frontend operations in examples/, run through the typed client against
// the sandbox: each must validate against the schema and return real data.

import { parse, OperationTypeNode, getOperationAST } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute, subscribe } from '../examples/client.js';
import {
  AddImsImageTagDocument,
  CreateImsImageDocument,
  AddEhpcImageDocument,
  DeleteImageDocument,
  ImageDetailPageDocument,
  ImageListPageDocument,
  RegisterImageDocument,
  RemoveImsImageTagDocument,
  SaveNotebookDocument,
  UpdateImsImageDocument,
  WatchImageDocument,
} from '../examples/generated/graphql.js';
import { allExamples } from '../src/examples.js';
import { MODELARTS_SEED } from '../src/sandbox/index.js';
import { SOURCES } from '../src/sources/index.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';
import { connectWs, type TestWsClient } from './support/ws.js';

let gw: TestGateway;
let ws: TestWsClient;
beforeAll(async () => {
  // Saves go INIT → CREATING → ACTIVE within a second, polled every 100 ms.
  gw = await startTestGateway({
    env: { IMAGE_GATEWAY_WATCH_INTERVAL_MS: '100' },
    sandbox: { modelarts: { saveDelaysMs: { creating: 500, active: 500 } } },
  });
  // Connected before any save, so that a watch started right after one sees it INIT.
  ws = connectWs(gw.url);
  for await (const result of ws.client.iterate({ query: '{ __typename }' })) expect(result.data).toBeTruthy();
});
afterAll(async () => {
  await ws?.dispose();
  await gw?.stop();
});

describe('examples/ operations against the sandbox', () => {
  it('ImageListPage pages through the images newest first', async () => {
    const first = await execute(gw.url, ImageListPageDocument, { first: 3 });
    expect(first.errors).toBeUndefined();
    const edges = first.data!.images.edges;
    expect(edges).toHaveLength(3);
    const times = edges.map((e) => Date.parse(String(e.node.createdAt)));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(first.data!.images.pageInfo.hasNextPage).toBe(true);

    const second = await execute(gw.url, ImageListPageDocument, {
      first: 3,
      after: first.data!.images.pageInfo.endCursor,
    });
    expect(second.errors).toBeUndefined();
    // The second page is exactly the next three of one six-image page: none
    // skipped, none repeated, the order carried on.
    const six = await execute(gw.url, ImageListPageDocument, { first: 6 });
    expect(six.errors).toBeUndefined();
    const ids = (page: typeof first) => page.data!.images.edges.map((e) => e.node.id);
    expect(six.data!.images.edges).toHaveLength(6);
    expect(ids(first)).toEqual(ids(six).slice(0, 3));
    expect(ids(second)).toEqual(ids(six).slice(3, 6));
  });

  it('ImageDetailPage resolves a global id taken from the list', async () => {
    const list = await execute(gw.url, ImageListPageDocument, { first: 1, filter: { providers: ['MODELARTS'] } });
    const id = list.data!.images.edges[0].node.id;
    const detail = await execute(gw.url, ImageDetailPageDocument, { id });
    expect(detail.errors).toBeUndefined();
    expect(detail.data!.node).toMatchObject({ id, provider: 'MODELARTS' });
  });

  it('RegisterImage registers the documented example', async () => {
    const result = await execute(gw.url, RegisterImageDocument, {
      input: {
        description: '',
        resourceCategory: ['CPU'],
        arch: 'X86_64',
        swrPath: 'swr.xxx.com/op_svc_modelarts_container2/pytorch_1_8:train-pytorch_1.8.0-cuda_10.2-py_3.7',
      },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.registerModelArtsImage.image).toMatchObject({
      name: 'pytorch_1_8',
      tag: 'train-pytorch_1.8.0-cuda_10.2-py_3.7',
      resourceCategories: ['CPU'],
    });
  });

  it('SaveNotebook saves a seeded notebook', async () => {
    const result = await execute(gw.url, SaveNotebookDocument, {
      input: { notebookId: MODELARTS_SEED.notebookIds[0], name: 'saved-from-example', tag: 'v1' },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.saveNotebookAsImage.image).toMatchObject({
      name: 'saved-from-example',
      vendorStatus: 'INIT',
      status: 'QUEUED',
    });
  });

  it('WatchImage follows a saved notebook until it is ACTIVE', async () => {
    const saved = await execute(gw.url, SaveNotebookDocument, {
      input: { notebookId: MODELARTS_SEED.notebookIds[0], name: 'watched-from-example', tag: 'v1' },
    });
    const id = saved.data!.saveNotebookAsImage.image!.id;
    const statuses: string[] = [];
    for await (const result of subscribe(ws.client, WatchImageDocument, { id })) {
      expect(result.errors).toBeUndefined();
      expect(result.data!.imageChanged).toMatchObject({ id, provider: 'MODELARTS', name: 'watched-from-example' });
      statuses.push(result.data!.imageChanged.status);
    }
    expect(statuses).toEqual(['QUEUED', 'CREATING', 'ACTIVE']);
  });
});

describe('examples/ lifecycle operations against the sandbox', () => {
  it('AddEhpcImage adds a container image, whose password is not returned; DeleteImage deletes it by global id', async () => {
    const password = 'examples-registry-password-9d1e';
    const added = await execute(gw.url, AddEhpcImageDocument, {
      input: {
        name: 'from-examples',
        imageVersion: 'v1',
        containerImageSpec: {
          registryUrl: 'registry.cn-hangzhou.aliyuncs.com/examples/app:v1',
          isAcrRegistry: true,
          registryCredential: { server: 'registry.cn-hangzhou.aliyuncs.com', userName: 'examples', password },
        },
      },
    });
    expect(added.errors).toBeUndefined();
    const image = added.data!.addEhpcImage.image!;
    expect(image).toMatchObject({
      name: 'from-examples',
      version: 'v1',
      imageType: 'CONTAINER',
      status: 'ACTIVE',
      vmImageSpec: null,
      containerImageSpec: { registryCredential: { userName: 'examples', hasPassword: true } },
    });
    expect(JSON.stringify(added)).not.toContain(password);
    expect(gw.sandbox.ehpc.emulator.images().some((i) => i.ImageId === image.nativeId)).toBe(true);

    const deleted = await execute(gw.url, DeleteImageDocument, { id: image.id });
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data!.deleteImage).toEqual({
      deletedId: image.id,
      image: {
        id: image.id,
        provider: 'EHPC',
        nativeId: image.nativeId,
        name: 'from-examples',
        status: 'ACTIVE',
        vendorStatus: 'Available',
      },
    });
    expect(gw.sandbox.ehpc.emulator.images().some((i) => i.ImageId === image.nativeId)).toBe(false);

    const again = await execute(gw.url, DeleteImageDocument, { id: image.id, force: true });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', provider: 'EHPC' });
  });
});

describe('GraphiQL example operations', () => {
  // The instances are known once the gateway runs: build the list inside the tests.
  const examples = () => allExamples(SOURCES, gw.gateway.sources.configs());

  it('cover every Query, Mutation and Subscription field of the schema', async () => {
    const documents = examples()
      .map((e) => e.document)
      .join('\n');
    const result = await gw.query(
      '{ q: __type(name: "Query") { fields { name } } m: __type(name: "Mutation") { fields { name } } s: __type(name: "Subscription") { fields { name } } }',
    );
    const { q, m, s } = result.body.data;
    // `_entities` and `_service` are a router's, not a person's (test/federation/ covers them).
    const fields = [...q.fields, ...m.fields, ...s.fields]
      .map((f: { name: string }) => f.name)
      .filter((name: string) => name !== '_entities' && name !== '_service');
    expect(fields).toContain('imageChanged');
    for (const field of fields) expect(documents, `no example uses ${field}`).toMatch(new RegExp(`\\b${field}\\(`));
  });

  it('each runs against the sandbox without errors (subscriptions over WebSocket, to their first result)', async () => {
    expect(examples().length).toBeGreaterThan(6);
    let subscriptions = 0;
    for (const example of examples()) {
      const operation = getOperationAST(parse(example.document));
      if (operation?.operation === OperationTypeNode.SUBSCRIPTION) {
        subscriptions += 1;
        const results = ws.client.iterate({ query: example.document, variables: example.variables });
        const first = await results.next();
        await results.return?.();
        expect(first.done, example.name).toBe(false);
        expect(first.value?.errors, example.name).toBeUndefined();
        expect(first.value?.data, example.name).toBeTruthy();
        continue;
      }
      const result = await gw.query(example.document, example.variables);
      expect(result.body.errors, example.name).toBeUndefined();
      expect(result.body.data, example.name).toBeTruthy();
    }
    expect(subscriptions).toBeGreaterThan(0);
  });
});

describe('examples/ IMS editor operations against the sandbox', () => {
  // Not the GraphiQL examples' id: both run against this one sandbox.
  const id = 'b7c9d1e3-5f7a-4b9c-8d0e-2f4a6b8c0d12';

  it('CreateImsImage creates an image with a chosen id, as the editor shows it', async () => {
    const result = await execute(gw.url, CreateImsImageDocument, {
      input: { id, name: 'editor-image', osVersion: 'CentOS 7.9 64bit', minDisk: 40, tags: ['draft'] },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createImsImage.image).toMatchObject({
      nativeId: id,
      name: 'editor-image',
      status: 'QUEUED',
      vendorStatus: 'queued',
      visibility: 'PRIVATE',
      osVersion: 'CentOS 7.9 64bit',
      minDisk: 40,
      tags: ['draft'],
    });
  });

  it('UpdateImsImage, AddImsImageTag and RemoveImsImageTag edit it, each answering the image after the edit', async () => {
    const updated = await execute(gw.url, UpdateImsImageDocument, {
      input: { id, name: 'editor-image-final', description: 'reviewed', setProperties: { owner_team: 'web' } },
    });
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateImsImage.image).toMatchObject({
      name: 'editor-image-final',
      description: 'reviewed',
      properties: { owner_team: 'web' },
    });
    const tagged = await execute(gw.url, AddImsImageTagDocument, { input: { id, tag: 'reviewed #1' } });
    expect(tagged.errors).toBeUndefined();
    expect(tagged.data!.addImsImageTag.image?.tags).toEqual(['draft', 'reviewed #1']);
    const untagged = await execute(gw.url, RemoveImsImageTagDocument, { input: { id, tag: 'draft' } });
    expect(untagged.errors).toBeUndefined();
    expect(untagged.data!.removeImsImageTag.image?.tags).toEqual(['reviewed #1']);
  });
});
