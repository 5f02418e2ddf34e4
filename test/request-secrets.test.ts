// A request's own secrets (src/request-secrets.ts, src/server/write-only.ts): which
// values of a request are @writeOnly, found wherever the request puts them,
// and how they are scrubbed from text, values and the request's log lines.
// The end-to-end guarantee (responses and gw.logs of real mutations) is in
// test/sources/ehpc/mutations.test.ts.

import { Writable } from 'node:stream';
import { buildSchema, GraphQLError, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { RequestSecrets, scrubbingLogger } from '../src/request-secrets.js';
import { formatGraphQLError, logUnexpected, scrubber } from '../src/server/errors.js';
import { writeOnlyValues } from '../src/server/write-only.js';

const schema = buildSchema(`
  directive @writeOnly on INPUT_FIELD_DEFINITION | ARGUMENT_DEFINITION
  input Credential { user: String, password: String @writeOnly }
  input Spec { url: String, credential: Credential, mirrors: [Credential!] }
  input AddInput { name: String, spec: Spec }
  type Query { ok: Boolean }
  type Mutation {
    add(input: AddInput!): Boolean
    login(user: String, token: String @writeOnly): Boolean
  }
`);

const values = (document: string, variables?: Record<string, unknown>) =>
  writeOnlyValues(schema, parse(document), variables).sort();

describe('writeOnlyValues', () => {
  it('finds @writeOnly fields in variables, however deep, in lists too, and nothing else', () => {
    const input = {
      name: 'not-a-secret',
      spec: {
        url: 'also-not',
        credential: { user: 'alice', password: 'pw-in-variable' },
        mirrors: [{ user: 'bob', password: 'pw-in-list' }, { password: 'pw-second' }],
      },
    };
    expect(values('mutation ($input: AddInput!) { add(input: $input) }', { input })).toEqual([
      'pw-in-list',
      'pw-in-variable',
      'pw-second',
    ]);
  });

  it('takes whatever sits at a @writeOnly field, also of a wrong shape, and survives unknown fields', () => {
    const input = { spec: { credential: { password: { nested: 'pw-as-object' }, pasword: 'typo' }, extra: 1 } };
    expect(values('mutation ($input: AddInput!) { add(input: $input) }', { input })).toEqual(['pw-as-object']);
    const numeric = { spec: { credential: { password: 12345678 } } };
    expect(values('mutation ($input: AddInput!) { add(input: $input) }', { input: numeric })).toEqual(['12345678']);
  });

  it('finds literals and variables written at @writeOnly fields and arguments in the document', () => {
    expect(
      values(
        `mutation ($pw: String, $tok: String) {
          a: add(input: { name: "n", spec: { credential: { user: "u", password: "pw-literal" } } })
          b: add(input: { spec: { mirrors: [{ password: $pw }, { password: 4242 }] } })
          c: login(user: "carol", token: $tok)
          d: login(token: "tok-literal")
        }`,
        { pw: 'pw-by-variable', tok: 'tok-by-variable' },
      ),
    ).toEqual(['4242', 'pw-by-variable', 'pw-literal', 'tok-by-variable', 'tok-literal']);
  });

  it('finds a @writeOnly argument in a document that names no @writeOnly field', () => {
    expect(values(`mutation { login(user: "dave", token: "tok-alone") }`)).toEqual(['tok-alone']);
    expect(values(`mutation { login(user: "dave") }`)).toEqual([]);
  });

  it('reads a document that does not fit the schema as far as it does', () => {
    expect(
      values(
        `mutation ($input: NoSuchType, $good: AddInput) {
          nope(x: { password: "under-unknown-field" })
          add(input: { spec: { credential: { password: "pw-found" } } })
        }`,
        { input: { password: 'untyped' }, good: { spec: { credential: { password: 'pw-typed' } } } },
      ),
    ).toEqual(['pw-found', 'pw-typed']);
  });
});

describe('RequestSecrets', () => {
  it('scrubs every occurrence, longest secret first, and leaves text alone without secrets', () => {
    const secrets = new RequestSecrets();
    expect(secrets.scrub('nothing to hide')).toBe('nothing to hide');
    secrets.add('pass');
    secrets.add('password-long');
    secrets.add('abc'); // too short to scrub without garbling text
    expect(secrets.size).toBe(2);
    expect(secrets.scrub('password-long, pass, abc, pass')).toBe('[redacted], [redacted], abc, [redacted]');
  });

  it('scrubs a copy of any value: nested strings, keys, errors; cycles end', () => {
    const secrets = new RequestSecrets();
    secrets.add('s3cret-value');
    const cyclic: Record<string, unknown> = { note: 'has s3cret-value' };
    cyclic.self = cyclic;
    const value = {
      list: ['a s3cret-value b', 7, null, true],
      's3cret-value': 'as a key',
      error: new Error('upstream said s3cret-value'),
      cyclic,
    };
    const scrubbed = secrets.scrubValue(value);
    expect(JSON.stringify(scrubbed)).not.toContain('s3cret-value');
    expect(scrubbed.list).toEqual(['a [redacted] b', 7, null, true]);
    expect(scrubbed).toHaveProperty(['[redacted]'], 'as a key');
    expect(scrubbed.error).toMatchObject({ type: 'Error', message: 'upstream said [redacted]' });
    expect(scrubbed.cyclic).toEqual({ note: 'has [redacted]', self: '[Circular]' });
    expect(value.list[0]).toBe('a s3cret-value b'); // the original is untouched
  });

  it('keeps dates: a response read with a credential still has its DateTime values', () => {
    const secrets = new RequestSecrets();
    secrets.add('s3cret-value');
    const createdAt = new Date('2024-06-18T16:00:00.000Z');
    const scrubbed = secrets.scrubValue({ data: { image: { createdAt } } });
    expect(JSON.stringify(scrubbed)).toBe('{"data":{"image":{"createdAt":"2024-06-18T16:00:00.000Z"}}}');
  });
});

function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

describe('scrubbingLogger', () => {
  it("scrubs messages and objects of every line, its children's too, with secrets added after it was made", () => {
    const { lines, logger: root } = capturedLogger();
    const secrets = new RequestSecrets();
    const logger = scrubbingLogger(root.child({ requestId: 'r1' }), secrets);
    secrets.add('hunter2-registry');
    logger.info({ detail: { echoed: 'got hunter2-registry back' } }, 'first hunter2-registry');
    logger.child({ part: 'upstream' }).warn({ err: new Error('hunter2-registry in a stack') }, 'child line');
    logger.debug('plain hunter2-registry text');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toContain('hunter2-registry');
    expect(JSON.parse(lines[0])).toMatchObject({
      requestId: 'r1',
      msg: 'first [redacted]',
      detail: { echoed: 'got [redacted] back' },
    });
    expect(JSON.parse(lines[1])).toMatchObject({ part: 'upstream', err: { message: '[redacted] in a stack' } });
    expect(logger.isLevelEnabled('debug')).toBe(true);
  });
});

describe('unexpected errors', () => {
  it('are logged once, by the request first (its secrets scrubbed), and hidden from the client', () => {
    const { lines, logger: root } = capturedLogger();
    const secrets = new RequestSecrets();
    secrets.add('registry-pw-42');
    const requestLogger = scrubbingLogger(root.child({ requestId: 'r2' }), secrets);
    const scrubConfigured = scrubber(['configured-ak-secret']);
    const bug = new GraphQLError('wrapped', {
      path: ['addImage'],
      originalError: new TypeError('cannot read registry-pw-42 with configured-ak-secret'),
    });
    logUnexpected(bug, requestLogger, scrubConfigured);
    const formatted = formatGraphQLError({ message: bug.message, path: bug.path }, bug, scrubConfigured, root);
    expect(formatted).toEqual({
      message: 'Internal server error',
      path: ['addImage'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      requestId: 'r2',
      msg: 'unexpected resolver error',
      path: ['addImage'],
    });
    expect(lines[0]).toContain('TypeError: cannot read [redacted] with [redacted]');

    // An error no request logged (a failing context) is logged when formatted; a GatewayError is no bug.
    const orphan = new GraphQLError('Context creation failed', { originalError: new Error('boom') });
    formatGraphQLError({ message: orphan.message }, orphan, scrubConfigured, root);
    const ours = new GraphQLError('fine', { extensions: { code: 'NOT_FOUND' } });
    logUnexpected(ours, requestLogger, scrubConfigured);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('boom');
  });
});
