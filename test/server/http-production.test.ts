// Production error hygiene and introspection. With NODE_ENV=production a
// request error names nothing of the schema the request did not write (no
// "Did you mean …?", no type, argument or field it did not name); elsewhere
// graphql-js's full messages help the developer. IMAGE_GATEWAY_INTROSPECTION
// (default on, in production too) decides whether `__schema` is answered.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { withoutSchemaDetails } from '../../src/server/schema-privacy.js';
import { SOURCES } from '../../src/sources/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { connectWs, record } from '../support/ws.js';

const MISSPELLED = '{ modelArtsImage(id: "x") { nam } }';
const MISSING_ARGUMENT = '{ modelArtsImage { name } }';
const UNKNOWN_ARGUMENT = '{ modelArtsImage(id: "x", regio: "a") { name } }';
const ENUM_QUERY = 'query ($f: ImageFilter) { images(filter: $f) { totalCount } }';
const ENUM_VARIABLES = { f: { providers: ['IM'] } };
const INTROSPECTION = '{ __schema { queryType { name } } }';

const gateways: TestGateway[] = [];
async function gateway(env: Record<string, string>): Promise<TestGateway> {
  const gw = await startTestGateway({ env });
  gateways.push(gw);
  return gw;
}
afterAll(async () => {
  await Promise.all(gateways.map((gw) => gw.stop()));
});

/** The one request error of a response, under application/json (200, no data). */
async function requestError(
  gw: TestGateway,
  document: string,
  variables?: Record<string, unknown>,
): Promise<{ message: string; code: string }> {
  const res = await gw.query(document, variables);
  expect(res.status).toBe(200);
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors).toHaveLength(1);
  const [error] = res.body.errors!;
  return { message: error.message, code: error.extensions?.code };
}

describe('NODE_ENV=production', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await gateway({ NODE_ENV: 'production' });
  });

  it('a misspelled field: no suggestion, no type name', async () => {
    expect(await requestError(gw, MISSPELLED)).toEqual({
      message: 'Cannot query field "nam" on type "[hidden]".',
      code: 'GRAPHQL_VALIDATION_FAILED',
    });
  });

  it('a missing argument: neither its name nor its type', async () => {
    expect(await requestError(gw, MISSING_ARGUMENT)).toEqual({
      message: 'Field "modelArtsImage" argument "[hidden]" of type "[hidden]" is required, but it was not provided.',
      code: 'GRAPHQL_VALIDATION_FAILED',
    });
  });

  it('an unknown argument: no suggestion, what the document wrote stays', async () => {
    expect((await requestError(gw, UNKNOWN_ARGUMENT)).message).toBe('Unknown argument "regio" on field "[hidden]".');
  });

  it('an enum value in variables: no suggested value, no enum name; the value and its path stay', async () => {
    expect(await requestError(gw, ENUM_QUERY, ENUM_VARIABLES)).toEqual({
      message:
        'Variable "$f" got invalid value "IM" at "f.providers[0]"; Value "IM" does not exist in "[hidden]" enum.',
      code: 'BAD_USER_INPUT',
    });
  });

  it('introspection stays on by default (GraphiQL explores the schema)', async () => {
    const res = await gw.query(INTROSPECTION);
    expect(res.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('field errors from resolvers keep their messages', async () => {
    const ids = Array.from({ length: 501 }, (_, i) => `id-${i}`);
    const res = await gw.query('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(res.body.errors![0].path).toEqual(['nodes']);
    expect(res.body.errors![0].message).toContain('500');
    expect(res.body.errors![0].message).not.toContain('[hidden]');
  });
});

describe('outside production', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await gateway({ NODE_ENV: 'development' });
  });

  it("graphql-js's messages are whole, suggestions included", async () => {
    expect((await requestError(gw, MISSPELLED)).message).toBe(
      'Cannot query field "nam" on type "ModelArtsImage". Did you mean "name" or "tag"?',
    );
    expect((await requestError(gw, MISSING_ARGUMENT)).message).toBe(
      'Field "modelArtsImage" argument "id" of type "ID!" is required, but it was not provided.',
    );
    expect((await requestError(gw, ENUM_QUERY, ENUM_VARIABLES)).message).toMatch(
      /in "ImageProvider" enum\. Did you mean the enum value "IMS"\?$/,
    );
  });
});

describe('IMAGE_GATEWAY_INTROSPECTION', () => {
  it('false: __schema and __type are refused; __typename still answers', async () => {
    const gw = await gateway({ IMAGE_GATEWAY_INTROSPECTION: 'false', NODE_ENV: 'production' });
    const refused = await requestError(gw, INTROSPECTION);
    expect(refused.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.message).toMatch(/^Introspection is off on this gateway \(IMAGE_GATEWAY_INTROSPECTION\)/);
    expect((await requestError(gw, '{ __type(name: "Query") { name } }')).code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await gw.query('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
    // Over WebSocket too.
    const ws = connectWs(gw.url);
    try {
      const overWs = record(ws.client, '{ __schema { queryType { name } } }');
      const end = await overWs.ended;
      expect(end).toMatchObject({
        kind: 'error',
        error: [
          {
            message: expect.stringMatching(/^Introspection is off/),
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      });
    } finally {
      await ws.dispose();
    }
  });

  it('true: answered (unset: the production gateway above)', async () => {
    const gw = await gateway({ IMAGE_GATEWAY_INTROSPECTION: 'true' });
    expect((await gw.query(INTROSPECTION)).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('anything else stops the gateway at start, naming the variable', () => {
    expect(() => loadConfig({ IMAGE_GATEWAY_INTROSPECTION: 'maybe' }, SOURCES)).toThrow(ConfigError);
    expect(() => loadConfig({ IMAGE_GATEWAY_INTROSPECTION: 'maybe' }, SOURCES)).toThrow(
      /^IMAGE_GATEWAY_INTROSPECTION must be true or false/,
    );
  });
});

describe('withoutSchemaDetails (unit)', () => {
  it('drops every form of suggestion and hides quoted names not written', () => {
    const written = new Set(['nam', 'x']);
    expect(withoutSchemaDetails('Unknown type "Imag". Did you mean "Image" or "Int"?', new Set(['Imag']))).toBe(
      'Unknown type "Imag".',
    );
    expect(
      withoutSchemaDetails('Field "x" of type "T" must have a selection. Did you mean "x { ... }"?', written),
    ).toBe('Field "x" of type "[hidden]" must have a selection.');
    // Quoted text without names (punctuation, numbers) is no schema detail.
    expect(withoutSchemaDetails('Syntax Error: Expected Name, found "}".', written)).toBe(
      'Syntax Error: Expected Name, found "}".',
    );
  });
});
