// A fourth cloud plugs in by its module alone: a source module defined here,
// in the test, registered beside the real ones, is configured from its own
// environment variable, joins the schema with its own SDL and ImageProvider
// value, resolves through `node`/`nodes`, lists in `images`, and its secrets
// are scrubbed, without a line of the core knowing it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, noOptions, type SourceInstanceConfig } from '../../src/config/index.js';
import type { GatewayContext } from '../../src/context-types.js';
import { ErrorCode, GatewayError } from '../../src/errors.js';
import { encodeGlobalId, type ImageRef } from '../../src/ids.js';
import { createLogger } from '../../src/logger.js';
import type { AnyImageModel } from '../../src/models.js';
import { startGateway, type Gateway } from '../../src/server/index.js';
import { SOURCES } from '../../src/sources/index.js';
import type { ImageListPage, ListPageRequest, SourceInstance, SourceModule } from '../../src/sources/types.js';

const TOKEN = 'dummy-cloud-token-0123456789';

/** The images of the dummy cloud, newest first. */
const IMAGES = [
  { id: 'd-2', name: 'dummy-two', createdAt: new Date('2031-01-02T00:00:00Z') },
  { id: 'd-1', name: 'dummy-one', createdAt: new Date('2031-01-01T00:00:00Z') },
];

function model(image: (typeof IMAGES)[number], region: string): AnyImageModel {
  // The dummy type is not in the generated types; a test may say what it is.
  return {
    __typename: 'DummyImage',
    id: encodeGlobalId({ provider: 'DUMMY', region, project: '', nativeId: image.id }),
    provider: 'DUMMY',
    nativeId: image.id,
    name: image.name,
    status: 'ACTIVE',
    createdAt: image.createdAt,
  } as unknown as AnyImageModel;
}

class DummyInstance implements SourceInstance {
  constructor(readonly config: SourceInstanceConfig) {}
  createLoaders(): undefined {
    return undefined;
  }
  async loadImage(_context: GatewayContext, ref: ImageRef): Promise<AnyImageModel | null> {
    // A vendor that echoes the credentials it was sent in its error.
    if (ref.nativeId === 'echo') {
      throw new GatewayError(`DUMMY refused token ${TOKEN}`, { code: ErrorCode.UNAUTHENTICATED, provider: 'DUMMY' });
    }
    const image = IMAGES.find((i) => i.id === ref.nativeId);
    return image ? model(image, this.config.region) : null;
  }
  async listImages({ position }: ListPageRequest): Promise<ImageListPage> {
    return position === null
      ? { images: IMAGES.map((i) => model(i, this.config.region)), next: null }
      : { images: [], next: null };
  }
  async close(): Promise<void> {}
}

const dummySource: SourceModule<undefined> = {
  provider: 'DUMMY',
  title: 'Dummy',
  typeName: 'DummyImage',
  typeDefs: `
    extend enum ImageProvider { DUMMY }
    type DummyImage implements Node & Image {
      id: ID! provider: ImageProvider! nativeId: String! region: String name: String description: String
      status: ImageStatus! vendorStatus: String architecture: CpuArchitecture sizeBytes: BigInt
      createdAt: DateTime updatedAt: DateTime visibility: ImageVisibility
    }
    extend type Query { dummyImage(id: ID!): DummyImage }
  `,
  config: {
    endpointEnv: 'DUMMY_ENDPOINT',
    credentialsFromEnv: ['token'],
    locateFromEnv: () => ({ region: 'dummy-1', project: '' }),
    parseOptions: noOptions,
  },
  createInstance: (config) => new DummyInstance(config),
  resolvers: {
    Query: {
      // The generated resolver types know no dummyImage: a plain map of one field.
      ...({
        dummyImage: (_root: unknown, args: { id: string }, context: GatewayContext) =>
          context.sources
            .pick('DUMMY')
            .loadImage(context, { provider: 'DUMMY', region: 'dummy-1', project: '', nativeId: args.id }),
      } as Record<string, unknown>),
    },
  },
  examples: [],
};

describe('a source module plugs in with no change to the core', () => {
  const modules = [...SOURCES, dummySource];
  let gateway: Gateway;
  const query = async (document: string, variables?: Record<string, unknown>) => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: document, variables }),
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  };

  beforeAll(async () => {
    const config = loadConfig(
      { PORT: '0', DUMMY_ENDPOINT: 'http://127.0.0.1:9', HUAWEICLOUD_AUTH_TOKEN: TOKEN },
      modules,
    );
    expect(config.sources.map((s) => [s.provider, s.name, s.auth.type])).toEqual([['DUMMY', 'dummy:dummy-1', 'token']]);
    gateway = await startGateway(config, { logger: createLogger({ level: 'silent' }), sources: modules });
  });
  afterAll(() => gateway?.stop());

  it('its SDL joins the schema, with its own ImageProvider value', async () => {
    const { data } = await query('{ __type(name: "ImageProvider") { enumValues { name } } }');
    expect(data.__type.enumValues.map((v: { name: string }) => v.name)).toContain('DUMMY');
    expect((await query('{ dummyImage(id: "d-1") { name provider } }')).data).toEqual({
      dummyImage: { name: 'dummy-one', provider: 'DUMMY' },
    });
  });

  it('its global ids resolve through node and nodes', async () => {
    const id = encodeGlobalId({ provider: 'DUMMY', region: 'dummy-1', project: '', nativeId: 'd-2' });
    const { data, errors } = await query(
      'query ($id: ID!, $ids: [ID!]!) { node(id: $id) { ... on Image { name } } nodes(ids: $ids) { id } }',
      { id, ids: [id] },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({ node: { name: 'dummy-two' }, nodes: [{ id }] });
  });

  it('its images join the listing, newest first, and the filter by provider', async () => {
    const { data, errors } = await query(
      '{ images(filter: { providers: [DUMMY] }) { nodes { nativeId } pageInfo { hasNextPage } } }',
    );
    expect(errors).toBeUndefined();
    expect(data.images).toEqual({
      nodes: [{ nativeId: 'd-2' }, { nativeId: 'd-1' }],
      pageInfo: { hasNextPage: false },
    });
  });

  it('its credentials are scrubbed like any configured secret', async () => {
    const { errors } = await query('{ dummyImage(id: "echo") { id } }');
    expect(errors?.[0]?.message).toBe('DUMMY refused token [redacted]');
    expect(JSON.stringify(errors)).not.toContain(TOKEN);
  });
});
