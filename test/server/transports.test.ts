// One table of hostile and secret-bearing requests, run over both transports
// of the operation pipeline (src/server/operation.ts), as graphql-http runs
// its audits against every adapter: GraphQL over HTTP (Apollo) and over
// WebSocket (graphql-ws). Each row must end with the same `extensions.code`
// on both, and nothing the client receives (body, messages, close reason)
// may carry a secret the request brought: a @writeOnly password, in a
// variable or written in the document, or the caller's credential.
//
// The gateway runs as production would: NODE_ENV=production (no schema
// suggestions), introspection off, API keys on (a reader without
// images:write, a writer with it).

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FormattedExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { connectWs, type TestWsClient } from '../support/ws.js';

const READER_KEY = 'reader-key-0123456789abcdef';
const WRITER_KEY = 'writer-key-0123456789abcdef';
const WRONG_KEY = 'wrong-key-0123456789abcdef';

/** The operation a row sends, and as whom. */
interface Row {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  key: string;
  /** The code every error carries (none: the operation succeeds). */
  code?: string;
  /** Text that must reach the client on neither transport. */
  secrets: string[];
  /** More about the message, where the row is about what it says. */
  message?: (messages: string[]) => void;
}

/** What a client received for one operation, whichever transport. */
interface Outcome {
  codes: string[];
  messages: string[];
  /** Everything received, as text, to look for secrets in. */
  text: string;
}

const ADD_WITH_VARIABLE = `mutation Add($input: AddEhpcImageInput!) { addEhpcImage(input: $input) { image { id } } }`;

const ROWS: Row[] = [
  {
    name: 'a @writeOnly password in a variable that fails coercion',
    query: ADD_WITH_VARIABLE,
    variables: {
      input: {
        name: 'hostile',
        containerImageSpec: {
          registryUrl: 'registry.example.com/a/b:1',
          registryCredential: { userName: 'u', password: 'wo-variable-secret-1', unknownField: true },
        },
      },
    },
    key: WRITER_KEY,
    code: 'BAD_USER_INPUT',
    secrets: ['wo-variable-secret-1', WRITER_KEY],
  },
  {
    name: 'a @writeOnly password written in the document, of the wrong type',
    query: `mutation { addEhpcImage(input: { name: "hostile", containerImageSpec: { registryUrl: "r.example.com/a:1", registryCredential: { password: 987654321 } } }) { image { id } } }`,
    key: WRITER_KEY,
    code: 'GRAPHQL_VALIDATION_FAILED',
    secrets: ['987654321', WRITER_KEY],
  },
  {
    name: 'a misspelt field in production (no suggestion)',
    query: '{ modelArtsImag(id: "x") { name } }',
    key: READER_KEY,
    code: 'GRAPHQL_VALIDATION_FAILED',
    secrets: ['Did you mean', 'modelArtsImage', READER_KEY],
  },
  {
    name: 'introspection while it is off',
    query: '{ __schema { types { name } } }',
    key: READER_KEY,
    code: 'GRAPHQL_VALIDATION_FAILED',
    secrets: [READER_KEY],
    message: (messages) => expect(messages[0]).toContain('IMAGE_GATEWAY_INTROSPECTION'),
  },
  {
    name: 'selections nested past the depth limit',
    query: `{ ${'node(id: "x") { ... on ImsImage { '.repeat(40)}id${' } }'.repeat(40)} }`,
    key: READER_KEY,
    code: 'MAX_DEPTH',
    secrets: [READER_KEY],
  },
  {
    name: 'too many aliases',
    query: `{ ${Array.from({ length: 150 }, (_, i) => `a${i}: imsImage(id: "x") { id }`).join(' ')} }`,
    key: READER_KEY,
    code: 'GRAPHQL_VALIDATION_FAILED',
    secrets: [READER_KEY],
  },
  {
    name: 'too many tokens',
    query: `{ ${'__typename '.repeat(10_001)}}`,
    key: READER_KEY,
    code: 'GRAPHQL_PARSE_FAILED',
    secrets: [READER_KEY],
  },
  {
    name: 'an unknown operation name',
    query: 'query Known { __typename }',
    operationName: 'Unknown',
    key: READER_KEY,
    code: 'OPERATION_RESOLUTION_FAILURE',
    secrets: [READER_KEY],
  },
  {
    name: 'a mutation without the images:write scope',
    query: ADD_WITH_VARIABLE,
    variables: {
      input: {
        name: 'refused',
        containerImageSpec: { registryUrl: 'r.example.com/a:1', registryCredential: { password: 'wo-scope-secret-2' } },
      },
    },
    key: READER_KEY,
    code: 'FORBIDDEN',
    secrets: ['wo-scope-secret-2', READER_KEY],
    message: (messages) => expect(messages[0]).toContain('images:write'),
  },
  {
    name: 'an unknown API key',
    query: '{ __typename }',
    key: WRONG_KEY,
    code: 'UNAUTHENTICATED',
    secrets: [WRONG_KEY],
  },
  {
    name: 'a plain query (the control row)',
    query: '{ __typename }',
    key: READER_KEY,
    secrets: [READER_KEY],
  },
];

let gw: TestGateway;
let dir: string;
const wsClients: TestWsClient[] = [];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'transports-'));
  const keysFile = path.join(dir, 'keys.yaml');
  writeFileSync(
    keysFile,
    `- name: reader\n  sha256: ${sha256(READER_KEY)}\n  scopes: [images:read]\n` +
      `- name: writer\n  sha256: ${sha256(WRITER_KEY)}\n  scopes: [images:read, images:write]\n`,
  );
  gw = await startTestGateway({
    env: {
      NODE_ENV: 'production',
      IMAGE_GATEWAY_INTROSPECTION: 'false',
      IMAGE_GATEWAY_AUTH: 'apikey',
      IMAGE_GATEWAY_API_KEYS_FILE: keysFile,
    },
  });
});
afterAll(async () => {
  await Promise.all(wsClients.map((client) => client.dispose()));
  await gw?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Send = (row: Row) => Promise<Outcome>;

function outcomeOf(errors: Array<{ message: string; extensions?: Record<string, unknown> }>, text: string): Outcome {
  return {
    codes: errors.map((error) => String(error.extensions?.code)),
    messages: errors.map((error) => error.message),
    text,
  };
}

const overHttp: Send = async (row) => {
  const response = await fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': row.key },
    body: JSON.stringify({ query: row.query, variables: row.variables, operationName: row.operationName }),
  });
  const body = await response.text();
  const text = `${response.status} ${response.headers.get('www-authenticate') ?? ''} ${body}`;
  return outcomeOf((JSON.parse(body) as { errors?: Parameters<typeof outcomeOf>[0] }).errors ?? [], text);
};

const overWebSocket: Send = async (row) => {
  const client = connectWs(gw.url, { 'x-api-key': row.key });
  wsClients.push(client);
  const results: Array<FormattedExecutionResult<Record<string, unknown>, unknown>> = [];
  const end = await new Promise<{ error?: unknown }>((resolve) => {
    client.client.subscribe(
      { query: row.query, variables: row.variables, operationName: row.operationName },
      {
        next: (result) => results.push(result),
        error: (error) => resolve({ error }),
        complete: () => resolve({}),
      },
    );
  });
  await client.dispose();
  const text = JSON.stringify({ results, end, closes: client.closes });
  const errors = results.flatMap((result) => [...(result.errors ?? [])]);
  if (Array.isArray(end.error)) errors.push(...(end.error as typeof errors));
  // A refused connection is closed before any operation runs, with the transport's own code.
  const closed = end.error as { code?: number; reason?: string } | undefined;
  if (closed?.code === 4401) errors.push({ message: String(closed.reason), extensions: { code: 'UNAUTHENTICATED' } });
  return outcomeOf(errors, text);
};

describe.each<[string, Send]>([
  ['HTTP', overHttp],
  ['WebSocket', overWebSocket],
])('over %s', (_transport, send) => {
  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const outcome = await send(row);
    if (row.code === undefined) {
      expect(outcome.codes).toEqual([]);
    } else {
      expect(outcome.codes.length).toBeGreaterThan(0);
      expect(new Set(outcome.codes)).toEqual(new Set([row.code]));
    }
    for (const secret of row.secrets) expect(outcome.text).not.toContain(secret);
    row.message?.(outcome.messages);
  });
});

describe('HTTP framing', () => {
  it('marks every GraphQL answer private and not to be stored (set once per response, not by a per-field hook)', async () => {
    for (const query of ['{ __typename }', '{ nope }']) {
      const response = await fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': READER_KEY },
        body: JSON.stringify({ query }),
      });
      await response.text();
      expect(response.headers.get('cache-control')).toBe('private, no-store');
    }
  });
});
