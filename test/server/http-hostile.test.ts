// Hostile and malformed HTTP requests against the real gateway: each gets a
// clear refusal before execution (no upstream call), and the process keeps
// answering normal queries afterwards. A request that is not well-formed
// GraphQL over HTTP gets a 4xx; a GraphQL request error (parse, validation,
// variables, a limit) gets 200 with errors and no data under application/json,
// as the GraphQL over HTTP spec says, and 400 under
// application/graphql-response+json (see the last group but two).

import { createHash } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELARTS_SEED } from '../../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const DOC_ID = MODELARTS_SEED.imageIds.docDetails;
const NORMAL = `{ modelArtsImage(id: "${DOC_ID}") { name } }`;
const NORMAL_DATA = { data: { modelArtsImage: { name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04' } } };

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

interface Raw {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}
async function send(init: RequestInit & { path?: string; search?: string } = {}): Promise<Raw> {
  const url = new URL(gw.url);
  if (init.path) url.pathname = init.path;
  if (init.search) url.search = init.search;
  const response = await fetch(url, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  send({ method: 'POST', headers, body });
const code = (raw: Raw) => raw.json?.errors?.[0]?.extensions?.code;

/** A GraphQL request error under application/json (fetch's `Accept: *\/*`): 200, errors, no data. */
function expectRequestError(res: Raw, expectedCode: string): void {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.json.data).toBeUndefined();
  expect(res.json.errors.length).toBeGreaterThan(0);
  expect(code(res)).toBe(expectedCode);
}

describe('malformed requests get a clear 4xx', () => {
  it.each([
    ['truncated JSON', '{"query": "{ __typename'],
    ['not JSON at all', 'query { __typename }'],
    ['a trailing comma', '{"query": "{ __typename }",}'],
  ])('%s → 400 JSON error', async (_name, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json.errors[0]).toMatchObject({
      message: 'The request body is not valid JSON',
      extensions: { code: 'BAD_REQUEST' },
    });
  });

  const NO_QUERY = /^POST body missing, invalid Content-Type, or JSON object has no keys\.$/;
  it.each([
    ['JSON null', 'null', NO_QUERY],
    ['a JSON string', '"{ __typename }"', NO_QUERY],
    ['a JSON number', '42', NO_QUERY],
    ['an empty object', '{}', NO_QUERY],
    ['an empty POST body', '', NO_QUERY],
    ['query not a string', '{"query": {"kind": "Document"}}', /^GraphQL queries must be strings\./],
    [
      'variables not an object',
      '{"query": "{ __typename }", "variables": "x"}',
      /^`variables` .* should be .* an object/,
    ],
    ['extensions not an object', '{"query": "{ __typename }", "extensions": []}', /^`extensions` .* must be an object/],
  ])('%s → 400 JSON error BAD_REQUEST saying what is wrong, nothing executed', async (_name, body, message) => {
    gw.sandbox.resetCalls();
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json.data).toBeUndefined();
    expect(res.json.errors).toHaveLength(1);
    expect(res.json.errors[0].extensions).toEqual({ code: 'BAD_REQUEST' });
    expect(res.json.errors[0].message).toMatch(message);
    expect(gw.sandbox.modelarts.calls()).toHaveLength(0);
  });

  it('a batched array body → 400 (batching is off)', async () => {
    const res = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/batch/i);
  });

  it('a syntax error → GRAPHQL_PARSE_FAILED', async () => {
    const res = await post(JSON.stringify({ query: '{ modelArtsImage(id: "x") { name }' }));
    expectRequestError(res, 'GRAPHQL_PARSE_FAILED');
    expect(res.json.errors[0].message).toMatch(/^Syntax Error/);
  });

  it('a lone surrogate escape in a string literal → GRAPHQL_PARSE_FAILED', async () => {
    const res = await post(JSON.stringify({ query: '{ modelArtsImage(id: "a\\uD800") { name } }' }));
    expectRequestError(res, 'GRAPHQL_PARSE_FAILED');
  });

  it('an unknown field → GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await post(JSON.stringify({ query: '{ modelArtsImage(id: "x") { name password } }' }));
    expectRequestError(res, 'GRAPHQL_VALIDATION_FAILED');
    expect(res.json.errors[0].message).toContain('password');
  });

  it('an unknown operationName → OPERATION_RESOLUTION_FAILURE', async () => {
    const res = await post(JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }));
    expectRequestError(res, 'OPERATION_RESOLUTION_FAILURE');
  });

  it('a fragment cycle → GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await post(
      JSON.stringify({ query: 'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }),
    );
    expectRequestError(res, 'GRAPHQL_VALIDATION_FAILED');
  });
});

describe('automatic persisted queries', () => {
  const persisted = (sha256Hash: string, query?: string) =>
    post(JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }));

  it('a hash that does not match its query is a client mistake (BAD_REQUEST), not an internal error', async () => {
    const res = await persisted('abc', '{ __typename }');
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([
      { message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } },
    ]);
  });

  it('an unknown hash is PERSISTED_QUERY_NOT_FOUND; once registered with its query, the hash alone runs it', async () => {
    const query = `{ __typename }`;
    const hash = createHash('sha256').update(query).digest('hex');
    const unknown = await persisted(hash);
    expect(unknown.json.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await persisted(hash, query)).json).toEqual({ data: { __typename: 'Query' } });
    expect((await persisted(hash)).json).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('abusive documents are refused before execution', () => {
  // Past 2 × maxDepth braces the pre-parse guard refuses (MAX_DEPTH, test/server/http-limits.test.ts);
  // below that, graphql-armor's depth rule counts the parsed document.
  it('depth 30 through __type { fields { type { ofType … } } } → MAX_DEPTH, before parsing', async () => {
    let inner = 'name';
    for (let i = 0; i < 27; i += 1) inner = `ofType { ${inner} }`;
    const res = await post(JSON.stringify({ query: `{ __type(name: "Query") { fields { type { ${inner} } } } }` }));
    expectRequestError(res, 'MAX_DEPTH');
    expect(res.json.errors[0].message).toMatch(/depth limit of 12/i);
  });

  it('depth 20 through __type (under the guard) → the depth rule refuses it, MAX_DEPTH all the same', async () => {
    let inner = 'name';
    for (let i = 0; i < 17; i += 1) inner = `ofType { ${inner} }`;
    const res = await post(JSON.stringify({ query: `{ __type(name: "Query") { fields { type { ${inner} } } } }` }));
    expectRequestError(res, 'MAX_DEPTH');
    expect(res.json.errors[0].message).toBe('Query depth limit of 12 exceeded, found 21.');
    expect(res.json.errors[0].extensions).toEqual({ code: 'MAX_DEPTH', limit: 'limits.maxDepth' });
  });

  it('a recursive introspection (__schema types → fields → type → fields …) → refused', async () => {
    let inner = 'name';
    for (let i = 0; i < 15; i += 1) inner = `fields { type { ${inner} } }`;
    const res = await post(JSON.stringify({ query: `{ __schema { types { ${inner} } } }` }));
    expectRequestError(res, 'MAX_DEPTH');
    let shallower = 'name';
    for (let i = 0; i < 5; i += 1) shallower = `fields { type { ${shallower} } }`;
    const parsed = await post(JSON.stringify({ query: `{ __schema { types { ${shallower} } } }` }));
    expectRequestError(parsed, 'GRAPHQL_VALIDATION_FAILED');
    expect(parsed.json.errors[0].message).toBe('Maximum introspection depth exceeded');
  });

  it('depth hidden in nested inline fragments and named fragments still counts', async () => {
    let inner = 'name';
    for (let i = 0; i < 27; i += 1) inner = `ofType { ... on __Type { ${inner} } }`;
    const res = await post(
      JSON.stringify({
        query: `query { __type(name: "Query") { ...F } } fragment F on __Type { fields { type { ${inner} } } }`,
      }),
    );
    expectRequestError(res, 'MAX_DEPTH');
    // 10 levels: 23 braces in F, under the guard's 24; flattened, depth 14.
    let under = 'name';
    for (let i = 0; i < 10; i += 1) under = `ofType { ... on __Type { ${under} } }`;
    const parsed = await post(
      JSON.stringify({
        query: `query { __type(name: "Query") { ...F } } fragment F on __Type { fields { type { ${under} } } }`,
      }),
    );
    expectRequestError(parsed, 'MAX_DEPTH');
    expect(parsed.json.errors[0].message).toMatch(/^Query depth limit of 12 exceeded, found 14/);
  });

  it('1000 aliases of a field → refused (alias limit), and no upstream call', async () => {
    gw.sandbox.resetCalls();
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: name`).join(' ');
    const res = await post(JSON.stringify({ query: `{ modelArtsImage(id: "${DOC_ID}") { ${aliases} } }` }));
    expectRequestError(res, 'GRAPHQL_VALIDATION_FAILED');
    expect(res.json.errors[0].message).toMatch(/^Aliases limit of 100 exceeded/);
    expect(res.json.errors[0].extensions.limit).toBe('maxAliases');
    expect(gw.sandbox.modelarts.calls()).toHaveLength(0);
  });

  it('1000 aliased top-level image fields → refused, and no upstream call', async () => {
    gw.sandbox.resetCalls();
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: modelArtsImage(id: "${DOC_ID}") { name }`).join(' ');
    const res = await post(JSON.stringify({ query: `{ ${aliases} }` }));
    expect(res.status).toBe(200);
    expect(res.json.data).toBeUndefined();
    expect(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']).toContain(code(res));
    expect(gw.sandbox.modelarts.calls()).toHaveLength(0);
  });

  it('a document over the token limit → GRAPHQL_PARSE_FAILED', async () => {
    const fields = Array.from({ length: 10_500 }, () => '__typename').join(' ');
    const res = await post(JSON.stringify({ query: `{ ${fields} }` }));
    expectRequestError(res, 'GRAPHQL_PARSE_FAILED');
    expect(res.json.errors[0].message).toMatch(/tokens/);
  });

  it('6000 fields (under the token limit, over the field budget) → GRAPHQL_VALIDATION_FAILED', async () => {
    const fields = Array.from({ length: 6000 }, () => '__typename').join(' ');
    const res = await post(JSON.stringify({ query: `{ ${fields} }` }));
    expectRequestError(res, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('a page past the field budget (first: 2147483647) → refused naming the cost limit', async () => {
    const res = await post(JSON.stringify({ query: '{ images(first: 2147483647) { edges { node { id } } } }' }));
    expectRequestError(res, 'GRAPHQL_VALIDATION_FAILED');
    expect(res.json.errors[0].message).toMatch(/^Query Cost limit of \d+ exceeded/);
    expect(res.json.errors[0].extensions.limit).toBe('limits.maxFields');
  });

  // One @include on each of many aliased fields: a valid document but for the
  // directive limit (a repeated @include on one field graphql-js refuses by itself).
  const withDirectives = (n: number) =>
    `{ ${Array.from({ length: n }, (_, i) => `t${i}: __typename @include(if: true)`).join(' ')} }`;

  it('51 directives (over the limit of 50) → refused naming the directive limit', async () => {
    const res = await post(JSON.stringify({ query: withDirectives(51) }));
    expectRequestError(res, 'GRAPHQL_VALIDATION_FAILED');
    expect(res.json.errors).toHaveLength(1);
    expect(res.json.errors[0].message).toBe('Directives limit of 50 exceeded, found 51.');
    expect(res.json.errors[0].extensions.limit).toBe('maxDirectives');
  });

  it('50 directives (at the limit) → served', async () => {
    const res = await post(JSON.stringify({ query: withDirectives(50) }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, 'Query'])) });
  });

  it('nodes with 501 ids → BAD_USER_INPUT naming ids, and no upstream call', async () => {
    gw.sandbox.resetCalls();
    const ids = Array.from({ length: 501 }, (_, i) => `id-${i}`);
    const res = await gw.query(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(res.status).toBe(200);
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]).toMatchObject({
      path: ['nodes'],
      extensions: { code: 'BAD_USER_INPUT', field: 'ids' },
    });
    expect(res.body.errors![0].message).toContain('500');
    expect(gw.sandbox.modelarts.calls()).toHaveLength(0);
  });

  it('deeply nested JSON in variables → MAX_DEPTH, no crash', async () => {
    const nested = '['.repeat(50_000) + ']'.repeat(50_000);
    const res = await post(
      `{"query":"query ($ids: [ID!]!) { nodes(ids: $ids) { id } }","variables":{"ids":${nested}}}`,
    );
    expectRequestError(res, 'MAX_DEPTH');
  });
});

describe('body size', () => {
  it('a body over 256 KiB (with Content-Length) → 413', async () => {
    const res = await post(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(300 * 1024) } }));
    expect(res.status).toBe(413);
    expect(code(res)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a chunked body over 256 KiB (no Content-Length) → 413', async () => {
    const target = new URL(gw.url);
    const result = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        // The server may close the connection while we are still writing; the answer came first.
        if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      });
      req.write('{"query":"{ __typename }","variables":{"pad":"');
      for (let i = 0; i < 20; i += 1) req.write('y'.repeat(16 * 1024));
      req.end('"}}');
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.text).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a body just under the limit is served', async () => {
    const res = await post(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(200 * 1024) } }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('CSRF prevention and GET', () => {
  const search = `?query=${encodeURIComponent('{ __typename }')}`;

  it('GET of a query without a preflight-forcing header → 200 (a GET cannot mutate)', async () => {
    const res = await send({ method: 'GET', search });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: { __typename: 'Query' } });
  });

  it('GET with apollo-require-preflight → 200', async () => {
    const res = await send({ method: 'GET', search, headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: { __typename: 'Query' } });
  });

  it('POST with a simple content type (text/plain, a form, none) → 400, blocked as possible CSRF, nothing run', async () => {
    gw.sandbox.resetCalls();
    const mutation = 'mutation { registerModelArtsImage(input: { swrPath: "swr.x.com/a/b:c" }) { image { id } } }';
    for (const contentType of [
      'text/plain',
      'TEXT/Plain ; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await post(JSON.stringify({ query: mutation }), { 'content-type': contentType });
      expect(res.status, contentType).toBe(400);
      expect(res.text).toMatch(/Cross-Site Request Forgery/);
    }
    // A byte body: fetch sends no Content-Type at all.
    const bare = await send({ method: 'POST', body: new TextEncoder().encode(JSON.stringify({ query: mutation })) });
    expect(bare.status).toBe(400);
    expect(bare.text).toMatch(/Cross-Site Request Forgery/);
    expect(gw.sandbox.modelarts.calls()).toHaveLength(0);
  });

  it('a mutation over GET → 405, with or without a preflight header, and no upstream call', async () => {
    gw.sandbox.resetCalls();
    const mutation = 'mutation { registerModelArtsImage(input: { swrPath: "swr.x.com/a/b:c" }) { image { id } } }';
    for (const headers of [{}, { 'apollo-require-preflight': 'true' }] as Array<Record<string, string>>) {
      const res = await send({ method: 'GET', search: `?query=${encodeURIComponent(mutation)}`, headers });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    }
    expect(gw.sandbox.modelarts.calls()).toHaveLength(0);
  });

  it('a browser GET (Accept: text/html) gets the GraphiQL page', async () => {
    const res = await send({ method: 'GET', headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('GET / is the catalog page (IMAGE_GATEWAY_UI, on by default; test/catalog/serve.test.ts); an unknown path → 404 JSON', async () => {
    const root = await send({ method: 'GET', path: '/', redirect: 'manual' });
    // 503 when dist/catalog is not built: the page then says to run the build.
    expect([200, 503]).toContain(root.status);
    expect(root.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(root.headers.get('content-security-policy')).toContain("default-src 'none'");
    const other = await send({ method: 'GET', path: '/nope' });
    expect(other.status).toBe(404);
    expect(code(other)).toBe('NOT_FOUND');
  });
});

describe('under application/graphql-response+json, request errors are 400', () => {
  const asGraphQLResponse = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
  it.each([
    ['a syntax error', { query: '{ modelArtsImage(id: "x") { name }' }, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', { query: '{ modelArtsImage(id: "x") { password } }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['a variable that does not coerce', { query: 'query ($id: ID!) { node(id: $id) { id } }' }, 'BAD_USER_INPUT'],
    [
      'an unknown operationName',
      { query: 'query A { __typename }', operationName: 'B' },
      'OPERATION_RESOLUTION_FAILURE',
    ],
    ['a document nested past the guard', { query: '{ a '.repeat(2000) + '}'.repeat(2000) }, 'MAX_DEPTH'],
  ])('%s → 400 %s, no data', async (_name, body, expectedCode) => {
    const res = await post(JSON.stringify(body), asGraphQLResponse);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(res.json.data).toBeUndefined();
    expect(code(res)).toBe(expectedCode);
  });

  it('the same document under application/json → 200, errors and no data', async () => {
    const res = await post(JSON.stringify({ query: '{ modelArtsImage(id: "x") { password } }' }), {
      'content-type': 'application/json',
      accept: 'application/json',
    });
    expectRequestError(res, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('a request that is not well-formed GraphQL over HTTP keeps its 400 under application/json', async () => {
    const res = await post(JSON.stringify({ qeury: '{ __typename }' }), {
      'content-type': 'application/json',
      accept: 'application/json',
    });
    expect(res.status).toBe(400);
    expect(code(res)).toBe('BAD_REQUEST');
  });
});

describe('after all of that', () => {
  it('/healthz answers with the configured sources and no secret', async () => {
    const res = await send({ method: 'GET', path: '/healthz' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', sandbox: true });
    expect(res.json.sources).toContainEqual({
      provider: 'MODELARTS',
      name: 'modelarts:cn-north-4',
      region: 'cn-north-4',
    });
    expect(res.text).not.toContain(gw.sandbox.env.HUAWEICLOUD_SDK_SK);
    expect(res.text).not.toContain(gw.sandbox.env.HUAWEICLOUD_SDK_AK);
  });

  it('the server still answers a normal query and logged no unexpected error', async () => {
    const res = await gw.query(NORMAL);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(NORMAL_DATA);
    expect(gw.logs.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });
});
