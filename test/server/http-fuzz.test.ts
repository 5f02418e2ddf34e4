// Fuzzing the running gateway (sandbox, default configuration) with
// fast-check: documents generated from the real schema (its fields, arguments
// and input types, read by introspection) and raw garbage; variables of any
// JSON shape (huge numbers, deep nesting, lone surrogates); global ids and
// cursors, random and mutated from real ones; random HTTP methods, content
// types and Accept headers. Every answer must be below 500 and, unless it is
// GraphiQL's page or a HEAD, JSON with `errors` or `data`; no error may be an
// INTERNAL_SERVER_ERROR (a bug the gateway hid); and afterwards the gateway
// still answers a normal query, having logged no error.
//
// Bounded: a few hundred requests, well under a minute on 2 cores. The seed is
// fixed so that CI is repeatable; fast-check prints it, with the failing path,
// when a property fails. To explore: FUZZ_SEED=<n> (any integer) and
// FUZZ_SCALE=<k> (multiplies every numRuns), e.g.
//   FUZZ_SEED=$RANDOM FUZZ_SCALE=10 npx vitest run test/server/http-fuzz.test.ts

import fc from 'fast-check';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_250_611);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const runs = (n: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns: Math.max(1, Math.round(n * SCALE)) });

let gw: TestGateway;
let schema: GraphQLSchema;
/** Real global ids and cursors from the sandbox, to mutate. */
let realIds: string[] = [];
let realCursors: string[] = [];

beforeAll(async () => {
  gw = await startTestGateway();
  const introspection = await gw.query<IntrospectionQuery>(getIntrospectionQuery());
  schema = buildClientSchema(introspection.body.data!);
  const listed = await gw.query('{ images(first: 12) { edges { cursor node { id } } } }');
  const edges: Array<{ cursor: string; node: { id: string } }> = listed.body.data.images.edges;
  realIds = edges.map((edge) => edge.node.id);
  realCursors = edges.map((edge) => edge.cursor);
  expect(realIds.length).toBeGreaterThan(3);
});
afterAll(async () => {
  await gw?.stop();
});

// ---- The oracle -------------------------------------------------------------

interface Outgoing {
  method: string;
  headers: Record<string, string>;
  /** Appended to the endpoint's URL (`?query=…`). */
  search?: string;
  body?: string | Uint8Array<ArrayBuffer>;
}

/** Sends one request and checks the answer; throws (failing the property) when it breaks a rule. */
async function check(request: Outgoing): Promise<void> {
  const url = gw.url + (request.search ?? '');
  const init: RequestInit = { method: request.method, headers: request.headers };
  if (request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD') init.body = request.body;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, init);
    text = await response.text();
  } catch (error) {
    const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
    throw new Error(`no answer (${String(error)}): ${request.method} ${url} ${body.slice(0, 2000)}`, { cause: error });
  }
  const shown = () => `${request.method} ${JSON.stringify(request.headers)} → ${response.status} ${text.slice(0, 300)}`;
  if (response.status >= 500) throw new Error(`5xx: ${shown()}`);
  if (request.method === 'HEAD') return;
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.startsWith('text/html')) {
    // GraphiQL's page, for a browser's GET.
    if (request.method !== 'GET') throw new Error(`HTML for a ${request.method}: ${shown()}`);
    return;
  }
  let body: { data?: unknown; errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }> };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`not JSON: ${shown()}`);
  }
  if (typeof body !== 'object' || body === null || !('data' in body || 'errors' in body)) {
    throw new Error(`neither data nor errors: ${shown()}`);
  }
  if (body.errors !== undefined) {
    if (!Array.isArray(body.errors) || body.errors.length === 0) throw new Error(`bad errors: ${shown()}`);
    for (const error of body.errors) {
      if (typeof error.message !== 'string') throw new Error(`an error without a message: ${shown()}`);
      if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') throw new Error(`an internal error: ${shown()}`);
    }
  }
}

const postJson = (payload: unknown, accept = 'application/json'): Outgoing => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept },
  body: JSON.stringify(payload),
});

// ---- Generated documents over the real schema -------------------------------

type Gen = fc.GeneratorValue;

/** Strings that matter to this gateway: ids, cursors, their near misses, and hostile text. */
function interestingString(g: Gen): string {
  switch (g(fc.integer, { min: 0, max: 7 })) {
    case 0:
      return g(fc.constantFrom, ...realIds);
    case 1:
      return g(fc.constantFrom, ...realCursors);
    case 2:
      return mutated(g, g(fc.constantFrom, ...realIds, ...realCursors));
    case 3:
      return g(() => base64urlOf);
    case 4:
      return g(() => rawText(40));
    case 5:
      return g(fc.constantFrom, '', ' ', '../../etc/passwd', '%00', '\u0000', 'a'.repeat(5000), '\uD800', '😀');
    default:
      return g(fc.string, { maxLength: 20 });
  }
}

/**
 * Any UTF-16 text, lone surrogates included. (fast-check's `unit: 'binary'`
 * would do, but building its first arbitrary takes seconds of CPU, and the
 * gateway runs in this process: its keep-alive timer then fires late, in a
 * race with the next request on the idle connection, and the fetch fails
 * with ECONNRESET.)
 */
function rawText(maxLength: number): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0xffff })), { maxLength })
    .map((units) => String.fromCharCode(...units));
}

/** A string changed a little: a character replaced, dropped or added, cut short, or doubled. */
function mutated(g: Gen, text: string): string {
  const at = g(fc.nat, { max: Math.max(0, text.length - 1) });
  switch (g(fc.integer, { min: 0, max: 4 })) {
    case 0:
      return text.slice(0, at) + g(fc.constantFrom, 'A', '_', '-', '=', '+', '/', '~') + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + text.slice(at + 1);
    case 2:
      return text.slice(0, at) + g(fc.string, { maxLength: 3 }) + text.slice(at);
    case 3:
      return text.slice(0, at);
    default:
      return text + text;
  }
}

/** base64url of random JSON, often shaped like a global id (`["img", 1, provider, region, project, id]`). */
const base64urlOf = fc
  .oneof(
    fc.tuple(
      fc.constantFrom('img', 'cur', ''),
      fc.oneof(fc.constant(1), fc.integer()),
      fc.constantFrom('MODELARTS', 'IMS', 'EHPC', 'NOPE', ''),
      fc.string({ maxLength: 12 }),
      fc.string({ maxLength: 12 }),
      fc.oneof(fc.uuid(), fc.string({ maxLength: 30 })),
    ),
    fc.jsonValue({ maxDepth: 3 }),
  )
  .map((value) => Buffer.from(JSON.stringify(value) ?? 'null', 'utf8').toString('base64url'));

/** A literal of `type` in GraphQL syntax; now and then one of the wrong kind. */
function literal(g: Gen, type: GraphQLInputType, depth = 0): string {
  if (g(fc.integer, { min: 0, max: 15 }) === 0) return anyLiteral(g);
  if (isNonNullType(type)) return literal(g, type.ofType, depth);
  if (isListType(type)) {
    if (g(fc.boolean)) return literal(g, type.ofType, depth + 1);
    const count = g(fc.integer, { min: 0, max: depth > 2 ? 1 : 3 });
    return `[${Array.from({ length: count }, () => literal(g, type.ofType, depth + 1)).join(', ')}]`;
  }
  if (isEnumType(type)) {
    return g(fc.boolean) ? g(fc.constantFrom, ...type.getValues().map((v) => v.name)) : g(() => name);
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter(
      (field) => isNonNullType(field.type) || (depth < 3 && g(fc.boolean)),
    );
    return `{${fields.map((field) => `${field.name}: ${literal(g, field.type, depth + 1)}`).join(', ')}}`;
  }
  switch (isScalarType(type) ? type.name : '') {
    case 'Int':
      return String(g(() => fc.oneof(fc.integer({ min: -5, max: 300 }), fc.integer(), fc.constant(2 ** 53))));
    case 'Float':
      return String(g(fc.double, { noNaN: true, noDefaultInfinity: true }));
    case 'Boolean':
      return String(g(fc.boolean));
    case 'BigInt':
      return g(fc.boolean) ? String(g(fc.bigInt)) : JSON.stringify(String(g(fc.bigInt)));
    default:
      return JSON.stringify(interestingString(g));
  }
}

/** Any literal at all: the wrong kind on purpose. */
function anyLiteral(g: Gen): string {
  return g(
    fc.constantFrom,
    'null',
    '0',
    '-1',
    '1e309',
    '99999999999999999999999',
    'true',
    '"x"',
    '[]',
    '{}',
    'FOO',
    '[[["a"]]]',
    '{a: {b: 1}}',
  );
}

const name = fc.stringMatching(/^[_A-Za-z][_0-9A-Za-z]{0,8}$/);

/** Arguments of a field: the required ones, some optional ones, rarely one that does not exist. */
function argumentsOf(g: Gen, args: readonly GraphQLArgument[], variables: VariableBag): string {
  const chosen = args.filter((arg) => isNonNullType(arg.type) || g(fc.boolean));
  const parts = chosen.map((arg) => {
    const value = g(fc.integer, { min: 0, max: 3 }) === 0 ? variables.add(g, arg.type) : literal(g, arg.type);
    return `${arg.name}: ${value}`;
  });
  if (g(fc.integer, { min: 0, max: 20 }) === 0) parts.push(`${g(() => name)}: ${anyLiteral(g)}`);
  return parts.length > 0 ? `(${parts.join(', ')})` : '';
}

/** The variables one document declares, with values generated for them (valid or not). */
class VariableBag {
  readonly definitions: string[] = [];
  readonly values: Record<string, unknown> = {};
  add(g: Gen, type: GraphQLInputType): string {
    const variable = `v${this.definitions.length}`;
    this.definitions.push(`$${variable}: ${String(type)}`);
    if (g(fc.integer, { min: 0, max: 4 }) > 0) this.values[variable] = jsonFor(g, type);
    return `$${variable}`;
  }
}

/** A JSON value for a variable of `type`: usually of the right shape, sometimes anything. */
function jsonFor(g: Gen, type: GraphQLInputType, depth = 0): unknown {
  if (g(fc.integer, { min: 0, max: 9 }) === 0) return g(fc.jsonValue, { maxDepth: 3 });
  if (isNonNullType(type)) return jsonFor(g, type.ofType, depth);
  if (isListType(type)) {
    const count = g(fc.integer, { min: 0, max: depth > 2 ? 1 : 3 });
    return Array.from({ length: count }, () => jsonFor(g, type.ofType, depth + 1));
  }
  if (isEnumType(type)) return g(fc.constantFrom, ...type.getValues().map((v) => v.name), 'NOPE');
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) || g(fc.boolean));
    return Object.fromEntries(fields.map((field) => [field.name, jsonFor(g, field.type, depth + 1)]));
  }
  switch (isScalarType(type) ? type.name : '') {
    case 'Int':
      return g(() => fc.oneof(fc.integer({ min: -5, max: 300 }), fc.integer(), fc.constant(1e300)));
    case 'Float':
      return g(fc.double, { noNaN: true, noDefaultInfinity: true });
    case 'Boolean':
      return g(fc.boolean);
    default:
      return interestingString(g);
  }
}

/** A selection set on `type`, at most `depth` levels deeper. */
function selectionSet(g: Gen, type: GraphQLCompositeType, depth: number, variables: VariableBag): string {
  const fields = isObjectType(type) || isInterfaceType(type) ? Object.values(type.getFields()) : [];
  const possible = isAbstractType(type) ? schema.getPossibleTypes(type) : [];
  const count = g(fc.integer, { min: 1, max: 3 });
  const selections: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const kind = g(fc.integer, { min: 0, max: 9 });
    if (kind === 0 || fields.length === 0) {
      if (possible.length > 0 && depth > 0 && g(fc.boolean)) {
        const on = g(fc.constantFrom, ...possible);
        selections.push(`... on ${on.name} ${selectionSet(g, on, depth - 1, variables)}`);
      } else selections.push('__typename');
      continue;
    }
    const field = g(fc.constantFrom, ...fields);
    const alias = g(fc.integer, { min: 0, max: 4 }) === 0 ? `${g(() => name)}: ` : '';
    const directive = g(fc.integer, { min: 0, max: 9 }) === 0 ? ` @include(if: ${String(g(fc.boolean))})` : '';
    const named = getNamedType(field.type);
    let sub = '';
    if (isCompositeType(named)) {
      // Out of depth: a composite field without a selection, which validation must refuse.
      sub = depth > 0 ? ` ${selectionSet(g, named, depth - 1, variables)}` : '';
    }
    selections.push(`${alias}${field.name}${argumentsOf(g, field.args, variables)}${directive}${sub}`);
  }
  return `{ ${selections.join(' ')} }`;
}

/** A whole operation over the schema, with its variables. */
function operation(g: Gen): { query: string; variables: Record<string, unknown> } {
  const mutation = schema.getMutationType();
  const root = mutation && g(fc.integer, { min: 0, max: 9 }) === 0 ? mutation : schema.getQueryType()!;
  const variables = new VariableBag();
  const selection = selectionSet(g, root, g(fc.integer, { min: 1, max: 4 }), variables);
  const keyword = root === mutation ? 'mutation' : 'query';
  const definitions = variables.definitions.length > 0 ? `(${variables.definitions.join(', ')})` : '';
  return { query: `${keyword} Fuzz${definitions} ${selection}`, variables: variables.values };
}

// ---- The properties ---------------------------------------------------------

describe('fuzzing the gateway', () => {
  it('documents generated from the schema', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.gen(),
        fc.constantFrom('application/json', 'application/graphql-response+json'),
        (g, accept) => check(postJson(operation(g), accept)),
      ),
      runs(120),
    );
  });

  it('garbage documents: random text and token soup', async () => {
    const token = fc.constantFrom(
      '{',
      '}',
      '(',
      ')',
      '[',
      ']',
      ':',
      '$v',
      '@include',
      '...',
      'on',
      'query',
      'mutation',
      'fragment',
      'subscription',
      'images',
      'node',
      'id',
      '"',
      '"""',
      '#',
      '\n',
      '1',
      '!',
      '=',
      '|',
      '&',
    );
    const document = fc.oneof(
      rawText(200),
      fc.array(token, { maxLength: 120 }).map((tokens) => tokens.join(' ')),
      fc.array(token, { maxLength: 400 }).map((tokens) => tokens.join('')),
    );
    await fc.assert(
      fc.asyncProperty(document, fc.boolean(), (query, viaGet) =>
        check(
          viaGet
            ? {
                method: 'GET',
                headers: { accept: 'application/json' },
                search: `?${new URLSearchParams({ query }).toString()}`,
              }
            : postJson({ query }),
        ),
      ),
      runs(150),
    );
  });

  it('variables of any shape, raw JSON text included', async () => {
    const QUERIES = [
      'query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Image { name } } }',
      'query ($id: ID!) { node(id: $id) { id } }',
      'query ($f: ImageFilter, $first: Int, $after: String) { images(filter: $f, first: $first, after: $after) { totalCount edges { cursor } } }',
      'query ($id: ID!, $p: String, $r: String) { modelArtsImage(id: $id, projectId: $p, region: $r) { name } }',
    ];
    // Raw JSON text for what JSON.stringify cannot write: lone surrogates, huge numbers, deep nesting.
    const rawValue = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null'),
      fc.constantFrom('"\\ud800"', '"\\udfff\\ud800"', '1e400', '-1e400', '123456789012345678901234567890', '-0'),
      fc.integer({ min: 1, max: 200 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
      fc.integer({ min: 1, max: 100 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
    );
    const variables = fc
      .array(fc.tuple(fc.constantFrom('ids', 'id', 'f', 'first', 'after', 'p', 'r', '__proto__', 'x'), rawValue), {
        maxLength: 4,
      })
      .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...QUERIES), variables, (query, text) =>
        check({
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: `{"query":${JSON.stringify(query)},"variables":${text}}`,
        }),
      ),
      runs(120),
    );
  });

  it('global ids and cursors: random, and mutated from real ones', async () => {
    const QUERIES = [
      'query ($v: ID!) { node(id: $v) { id ... on Image { name status } } }',
      'query ($v: ID!) { nodes(ids: [$v, $v]) { id } }',
      'query ($v: ID!) { modelArtsImage(id: $v) { id name } }',
      'query ($v: ID!) { imsImage(id: $v) { id name } }',
      'query ($v: String!) { ehpcImage(imageId: $v) { id name } }',
      'query ($v: String) { images(first: 3, after: $v) { edges { cursor node { id } } pageInfo { hasNextPage } } }',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...QUERIES), fc.gen(), (query, g) =>
        check(postJson({ query, variables: { v: interestingString(g) } })),
      ),
      runs(120),
    );
  });

  it('random methods, content types, Accept headers and bodies', async () => {
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
      contentType: fc.option(
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'application/graphql-response+json',
          'application/graphql',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/json; charset=latin1',
          '*/*',
          'garbage',
        ),
      ),
      accept: fc.option(
        fc.constantFrom(
          'application/json',
          'application/graphql-response+json',
          'application/graphql-response+json, application/json;q=0.9',
          '*/*',
          'text/html',
          'text/html, application/json;q=0.1',
          'image/png',
          'application/json;q=0',
          'multipart/mixed',
          ';;;',
        ),
      ),
      preflight: fc.boolean(),
      body: fc.oneof(
        fc.constant(JSON.stringify({ query: '{ __typename }' })),
        fc.constant(JSON.stringify({ query: 'mutation { __typename }' })),
        fc.constant(JSON.stringify([{ query: '{ __typename }' }])),
        fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? ''),
        rawText(100),
        fc.constant('query=%7B__typename%7D'),
      ),
      search: fc.oneof(
        fc.constant(''),
        fc.constant(`?query=${encodeURIComponent('{ __typename }')}`),
        fc.constant(`?query=${encodeURIComponent('mutation { __typename }')}`),
        fc.constant('?query=a&query=b'),
        fc.string({ maxLength: 30 }).map((text) => `?${text}`),
        fc
          .tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }))
          .map(([query, variables]) => `?${new URLSearchParams({ query, variables }).toString()}`),
      ),
    });
    await fc.assert(
      fc.asyncProperty(request, ({ method, contentType, accept, preflight, body, search }) => {
        const headers: Record<string, string> = {};
        if (contentType !== null) headers['content-type'] = contentType;
        if (accept !== null) headers.accept = accept;
        if (preflight) headers['apollo-require-preflight'] = 'true';
        // A byte body, so that fetch adds no Content-Type of its own.
        return check({ method, headers, search, body: new TextEncoder().encode(body) });
      }),
      runs(120),
    );
  });

  it('afterwards: the gateway answers a normal query and logged no error', async () => {
    expect(gw.gateway.server.listening).toBe(true);
    const res = await gw.query('query ($id: ID!) { node(id: $id) { id } }', { id: realIds[0] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { node: { id: realIds[0] } } });
    expect(gw.logs.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });
});
