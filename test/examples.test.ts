// The frontend operations in examples/, run through the typed client against
// the sandbox: each must validate against the schema and return real data.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../examples/client.js';
import {
  AddEhpcImageDocument,
  DeleteImageDocument,
  ImageDetailPageDocument,
  ImageListPageDocument,
  RegisterImageDocument,
  SaveNotebookDocument,
} from '../examples/generated/graphql.js';
import { allExamples } from '../src/examples.js';
import { MODELARTS_SEED } from '../src/sandbox/index.js';
import { SOURCES } from '../src/sources/index.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
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

  it('cover every Query and Mutation field of the schema', async () => {
    const documents = examples()
      .map((e) => e.document)
      .join('\n');
    const result = await gw.query(
      '{ q: __type(name: "Query") { fields { name } } m: __type(name: "Mutation") { fields { name } } }',
    );
    const fields = [...result.body.data.q.fields, ...result.body.data.m.fields].map((f: { name: string }) => f.name);
    for (const field of fields) expect(documents, `no example uses ${field}`).toMatch(new RegExp(`\\b${field}\\(`));
  });

  it('each runs against the sandbox without errors', async () => {
    expect(examples().length).toBeGreaterThan(6);
    for (const example of examples()) {
      const result = await gw.query(example.document, example.variables);
      expect(result.body.errors, example.name).toBeUndefined();
      expect(result.body.data, example.name).toBeTruthy();
    }
  });
});
