// The gateway's own side of the subgraph specification, asked directly over
// HTTP as a router or a composer asks: `_service { sdl }`, `_entities`
// through the request's loaders, and the cache hints of its answers.

import { buildSubgraphSchema } from '@apollo/subgraph';
import { composeServices } from '@theguild/federation-composition';
import { Kind, parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { serviceSdl } from '../../examples/supergraph/compose.js';

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { __typename ... on Image { id provider nativeId name } }
}`;

describe('the gateway as a Federation 2 subgraph', () => {
  let gw: TestGateway;
  let imsIds: string[];
  let modelArtsId: string;
  const glanceCalls = () => gw.sandbox.ims.calls().filter((c) => c.rawPath.startsWith('/v2/images'));

  beforeAll(async () => {
    gw = await startTestGateway();
    gw.sandbox.ims.emulator.generateImages(5);
    const { body } = await gw.query('{ images(first: 100) { nodes { id provider } } }');
    const nodes: Array<{ id: string; provider: string }> = body.data.images.nodes;
    imsIds = nodes.filter((n) => n.provider === 'IMS').map((n) => n.id);
    modelArtsId = nodes.find((n) => n.provider === 'MODELARTS')!.id;
    expect(imsIds.length).toBeGreaterThanOrEqual(5);
  });
  afterAll(async () => {
    await gw?.stop();
  });
  beforeEach(() => gw.sandbox.resetCalls());

  it('_service { sdl }: the federation 2.4 @link, @key on Image and every vendor type, no spec additions', async () => {
    const sdl = await serviceSdl(gw.url);
    expect(sdl.startsWith('extend schema @link(url: "https://specs.apollo.dev/federation/v2.4"')).toBe(true);
    expect(sdl).toContain('interface Image implements Node @key(fields: "id") @cacheControl(scope: PRIVATE)');
    for (const type of ['ModelArtsImage', 'ImsImage', 'EhpcImage']) {
      expect(sdl).toContain(`type ${type} implements Node & Image @key(fields: "id") @cacheControl(scope: PRIVATE)`);
    }
    expect(sdl).toContain('directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean)');
    const definitions = parse(sdl).definitions;
    const names = definitions.map((d) => ('name' in d ? d.name?.value : undefined));
    for (const addition of [
      '_Any',
      '_Entity',
      '_Service',
      'key',
      'link',
      'shareable',
      'link__Import',
      'link__Purpose',
    ]) {
      expect(names).not.toContain(addition);
    }
    const queryFields = definitions
      .flatMap((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Query' ? (d.fields ?? []) : []))
      .map((field) => field.name.value);
    expect(queryFields).toEqual(expect.arrayContaining(['node', 'nodes', 'images', 'imsImage']));
    expect(queryFields).not.toContain('_entities');
    expect(queryFields).not.toContain('_service');
    // Apollo's own subgraph library and The Guild's composer both accept it as it is.
    expect(() => buildSubgraphSchema(parse(sdl))).not.toThrow();
    const composed = composeServices([{ name: 'image-gateway', typeDefs: parse(sdl), url: gw.url }]);
    expect(composed.errors ?? []).toEqual([]);
    expect(composed.supergraphSdl).toContain('join__type(graph: IMAGE_GATEWAY, key: "id")');
  });

  it('_entities: N IMS representations are one Glance id=in: call; an "Image" representation is its concrete type', async () => {
    const representations = [
      ...imsIds.slice(0, 4).map((id) => ({ __typename: 'ImsImage', id })),
      { __typename: 'Image', id: imsIds[4] },
      { __typename: 'Image', id: modelArtsId },
    ];
    const { body } = await gw.query(ENTITIES, { representations });
    expect(body.errors).toBeUndefined();
    expect(body.data._entities.map((e: { __typename: string; id: string }) => [e.__typename, e.id])).toEqual([
      ...imsIds.slice(0, 5).map((id) => ['ImsImage', id]),
      ['ModelArtsImage', modelArtsId],
    ]);
    const calls = glanceCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0].query.id?.[0]).toMatch(/^in:/);
  });

  it('_entities: another type than the id says is null; a malformed representation fails at its own index', async () => {
    const { body } = await gw.query(ENTITIES, {
      representations: [
        { __typename: 'EhpcImage', id: imsIds[0] },
        { __typename: 'TrainingJob', id: imsIds[0] },
        { __typename: 'ImsImage' },
        { __typename: 'ImsImage', id: imsIds[1] },
      ],
    });
    expect(body.data._entities[0]).toBeNull();
    expect(body.data._entities[1]).toBeNull();
    expect(body.data._entities[2]).toBeNull();
    expect(body.data._entities[3]).toMatchObject({ __typename: 'ImsImage', id: imsIds[1] });
    expect(body.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([
      [['_entities', 1], 'BAD_USER_INPUT'],
      [['_entities', 2], 'BAD_USER_INPUT'],
    ]);
  });

  it('_entities takes at most limits.maxNodeIds representations (default 500), as nodes does', async () => {
    const representations = Array.from({ length: 501 }, () => ({ __typename: 'Image', id: imsIds[0] }));
    const { body } = await gw.query(ENTITIES, { representations });
    expect(body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(body.errors![0].message).toContain('at most 500 representations');
    expect(glanceCalls()).toHaveLength(0);
  });

  it('answers with images are never publicly cacheable (Cache-Control: no-store or private)', async () => {
    for (const [query, variables] of [
      ['{ images(first: 3) { nodes { id name } } }', undefined],
      [ENTITIES, { representations: [{ __typename: 'Image', id: imsIds[0] }] }],
      ['query($id: ID!) { node(id: $id) { id } }', { id: modelArtsId }],
    ] as const) {
      const response = await fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const cacheControl = response.headers.get('cache-control') ?? '';
      expect(cacheControl, query).toMatch(/no-store|private/);
      expect(cacheControl, query).not.toMatch(/public/);
    }
  });
});

describe('the subgraph with introspection off', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { IMAGE_GATEWAY_INTROSPECTION: 'false' } });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('refuses _service, whose SDL is the whole schema, as it refuses __schema', async () => {
    const { body } = await gw.query('{ _service { sdl } }');
    expect(body.data).toBeUndefined();
    expect(body.errors![0].message).toContain('IMAGE_GATEWAY_INTROSPECTION');
  });
});
