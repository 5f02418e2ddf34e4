// Nesting limits that name themselves: documents, argument values and JSON
// variables nested past the limits are refused before anything recursive
// reads them (graphql-js's parser overflows its stack at about 2,000 braces),
// by POST and by GET, quickly, and the gateway keeps serving.

import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config/index.js';
import {
  documentNestingError,
  jsonNestsDeeperThan,
  MAX_INPUT_DEPTH,
  selectionSetLimit,
} from '../../src/server/nesting-guard.js';
import { MODELARTS_SEED } from '../../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const MAX_DEPTH = DEFAULT_LIMITS.maxDepth;
const deepQuery = (n: number) => '{a'.repeat(n) + '}'.repeat(n);

describe('the scan (unit)', () => {
  it('allows 2 × maxDepth selection sets, never fewer than 16', () => {
    expect(selectionSetLimit(12)).toBe(24);
    expect(selectionSetLimit(2)).toBe(16);
    expect(documentNestingError(deepQuery(24), 12)).toBeUndefined();
    expect(documentNestingError(deepQuery(25), 12)).toMatch(/^Query depth limit of 12 exceeded/);
  });

  it('skips braces in strings (escaped quotes too), block strings (\\""" too) and comments', () => {
    const braces = '{'.repeat(5000);
    for (const hidden of [
      `{ a(x: "${braces}") }`,
      `{ a(x: "\\"${braces}\\"") }`,
      `{ a(x: """${braces}""") }`,
      `{ a(x: """ \\""" ${braces} """) }`,
      `{ a # ${braces}\n }`,
      `{ a # ${braces}\r }`,
    ]) {
      expect(documentNestingError(hidden, 12), hidden.slice(0, 20)).toBeUndefined();
    }
    // …and counts what follows them.
    expect(documentNestingError(`{ a(x: "}}}") ${deepQuery(30)} }`, 12)).toBeDefined();
    expect(documentNestingError(`# }}}\n${deepQuery(30)}`, 12)).toBeDefined();
  });

  it('counts values and list types apart from selection sets, up to MAX_INPUT_DEPTH', () => {
    const list = (n: number) => '['.repeat(n) + '1' + ']'.repeat(n);
    const object = (n: number) => '{a: '.repeat(n) + '1' + '}'.repeat(n);
    expect(documentNestingError(`{ a(x: ${list(MAX_INPUT_DEPTH)}) }`, 12)).toBeUndefined();
    expect(documentNestingError(`{ a(x: ${list(MAX_INPUT_DEPTH + 1)}) }`, 12)).toMatch(/^Input nesting limit of 64/);
    // Braces inside parentheses are input objects: 40 of them are no selection sets.
    expect(documentNestingError(`{ a(x: ${object(40)}) { b } }`, 12)).toBeUndefined();
    expect(documentNestingError(`{ a(x: ${object(MAX_INPUT_DEPTH + 1)}) }`, 12)).toMatch(/^Input nesting/);
    expect(documentNestingError(`query ($v: ${list(MAX_INPUT_DEPTH + 1)}) { a }`, 12)).toMatch(/^Input nesting/);
  });

  it('lets the standard introspection query through at any depth limit', () => {
    for (const depth of [2, 6, 12]) expect(documentNestingError(getIntrospectionQuery(), depth)).toBeUndefined();
  });

  it('JSON: counts arrays and objects, skipping strings', () => {
    expect(jsonNestsDeeperThan('[[[]]]', 3)).toBe(false);
    expect(jsonNestsDeeperThan('[[[[]]]]', 3)).toBe(true);
    expect(jsonNestsDeeperThan('{"a":{"b":[{}]}}', 3)).toBe(true);
    expect(jsonNestsDeeperThan(`{"a":"${'['.repeat(100)}\\""}`, 3)).toBe(false);
  });
});

describe('against the gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // Room for 100,000-deep documents in a body and in a URL: the nesting
    // guard, not the size limits, is what must refuse them.
    const room = String(1024 * 1024);
    gw = await startTestGateway({
      env: { IMAGE_GATEWAY_MAX_BODY_BYTES: room, IMAGE_GATEWAY_HTTP_MAX_HEADER_BYTES: room },
    });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  const upstreamCalls = () =>
    gw.sandbox.modelarts.calls().length + gw.sandbox.ims.calls().length + gw.sandbox.ehpc.calls().length;
  const post = (body: string, accept = 'application/json') =>
    fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body });
  const get = (params: Record<string, string>) => {
    const url = new URL(gw.url);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return fetch(url);
  };
  async function expectTooDeep(response: Response, message: RegExp): Promise<void> {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.json();
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: 'MAX_DEPTH' });
    expect(body.errors[0].message).toMatch(message);
  }
  const QUERY_TOO_DEEP = new RegExp(`^Query depth limit of ${MAX_DEPTH} exceeded`);

  it.each([2_000, 100_000])('a %i-deep query → MAX_DEPTH naming the limit, fast, by POST and GET', async (n) => {
    gw.sandbox.resetCalls();
    const started = performance.now();
    await expectTooDeep(await post(JSON.stringify({ query: deepQuery(n) })), QUERY_TOO_DEEP);
    await expectTooDeep(await get({ query: deepQuery(n) }), QUERY_TOO_DEEP);
    // A bound, not a benchmark: the scan stops at the 25th brace.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(upstreamCalls()).toBe(0);
  });

  it('a 100,000-deep list literal in an argument → MAX_DEPTH (input nesting)', async () => {
    const list = '['.repeat(100_000) + ']'.repeat(100_000);
    await expectTooDeep(
      await post(JSON.stringify({ query: `{ nodes(ids: ${list}) { id } }` })),
      /^Input nesting limit of 64 exceeded/,
    );
  });

  it('variables or extensions nested past 64 → MAX_DEPTH, by POST and GET; 64 is served', async () => {
    const nested = (n: number) => '['.repeat(n) + '"x"' + ']'.repeat(n);
    const query = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }';
    const TOO_DEEP = /^Input nesting limit of 64 exceeded in variables or extensions/;
    await expectTooDeep(await post(`{"query":"${query}","variables":{"ids":${nested(64)}}}`), TOO_DEEP);
    await expectTooDeep(await post(`{"query":"{ __typename }","extensions":{"e":${nested(100_000)}}}`), TOO_DEEP);
    await expectTooDeep(await get({ query, variables: `{"ids":${nested(64)}}` }), TOO_DEEP);
    await expectTooDeep(await get({ query: '{ __typename }', extensions: `{"e":${nested(64)}}` }), TOO_DEEP);
    // 63 arrays inside the variables object: 64 levels, at the limit; graphql-js refuses the value itself.
    const atLimit = await post(`{"query":"${query}","variables":{"ids":${nested(63)}}}`);
    expect(atLimit.status).toBe(200);
    expect((await atLimit.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('under application/graphql-response+json the refusal is a 400', async () => {
    const response = await post(JSON.stringify({ query: deepQuery(2_000) }), 'application/graphql-response+json');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect((await response.json()).errors[0].extensions.code).toBe('MAX_DEPTH');
  });

  it('a document at the depth limit, an inline fragment at every level (24 braces), is served', async () => {
    // `{ ... on Query { __type(name: "Query") { ... on __Type { ofType { ... on __Type { … name } } } } } }`
    let inner = 'name';
    for (let level = 0; level < MAX_DEPTH - 2; level += 1) inner = `ofType { ... on __Type { ${inner} } }`;
    const query = `{ ... on Query { __type(name: "Query") { ... on __Type { ${inner} } } } }`;
    expect(query.split('{').length - 1).toBe(2 * MAX_DEPTH);
    const served = await post(JSON.stringify({ query }));
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual({ data: { __type: { ofType: null } } });
    // One brace more: the guard refuses it.
    await expectTooDeep(await post(JSON.stringify({ query: `{ ... on Query ${query} }` })), QUERY_TOO_DEEP);
  });

  it('braces inside a string argument are not nesting', async () => {
    const response = await post(JSON.stringify({ query: `{ __type(name: "${'{'.repeat(5_000)}") { name } }` }));
    expect(await response.json()).toEqual({ data: { __type: null } });
  });

  it('the gateway is healthy after all of that, and logged no error', async () => {
    const id = MODELARTS_SEED.imageIds.docDetails;
    const res = await gw.query(`{ modelArtsImage(id: "${id}") { nativeId } }`);
    expect(res.body).toEqual({ data: { modelArtsImage: { nativeId: id } } });
    expect(gw.logs.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });
});
