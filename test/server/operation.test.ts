// The operation pipeline's own steps, without a transport: the document cache
// of `prepare` (parsed and validated once per text, write-only values
// collected from every request's variables all the same), and the response
// step's scrubbing and schema privacy.

import { buildSchema, GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { RequestSecrets } from '../../src/request-secrets.js';
import { scrubber } from '../../src/server/errors.js';
import { OperationPipeline, type PreparedOperation } from '../../src/server/operation.js';

const schema = buildSchema(`
  directive @writeOnly on INPUT_FIELD_DEFINITION | ARGUMENT_DEFINITION
  input Login { user: String, password: String @writeOnly }
  type Query { hello(name: String): String }
  type Mutation { login(input: Login!): Boolean }
`);

function pipeline(production = false) {
  return new OperationPipeline({
    schema,
    limits: DEFAULT_LIMITS,
    introspection: true,
    production,
    scrub: scrubber(['configured-secret-1']),
    logger: createLogger({ level: 'silent' }),
  });
}

const LOGIN = 'mutation Login($input: Login!) { login(input: $input) }';

describe('OperationPipeline.prepare', () => {
  it('parses and validates a document once, and collects each request’s write-only values', () => {
    const steps = pipeline();
    const first = new RequestSecrets();
    const second = new RequestSecrets();
    const a = steps.prepare({ query: LOGIN, variables: { input: { password: 'first-password' } } }, first);
    const b = steps.prepare({ query: LOGIN, variables: { input: { password: 'second-password' } } }, second);
    expect((a as PreparedOperation).document).toBe((b as PreparedOperation).document);
    expect(first.scrub('first-password second-password')).toBe('[redacted] second-password');
    expect(second.scrub('first-password second-password')).toBe('first-password [redacted]');
  });

  it('does not cache a document that fails validation, and refuses it every time', () => {
    const steps = pipeline();
    for (let i = 0; i < 2; i += 1) {
      const refused = steps.prepare({ query: '{ nope }' }, new RequestSecrets());
      expect(Array.isArray(refused) && refused.map((error) => error.extensions.code)).toEqual([
        'GRAPHQL_VALIDATION_FAILED',
      ]);
    }
  });

  it('coerces variables after the scope check, as request errors that lose their write-only values', () => {
    const steps = pipeline();
    const secrets = new RequestSecrets();
    const request = { query: LOGIN, variables: { input: { password: 'typo-password', pasword: 1 } } };
    const prepared = steps.prepare(request, secrets) as PreparedOperation;
    const errors = steps.coerceVariables(prepared.operation, request.variables) ?? [];
    expect(errors.map((error) => error.extensions.code)).toEqual(['BAD_USER_INPUT']);
    const formatted = { errors: errors.map((error) => steps.formatError(error.toJSON(), error)) };
    const answer = JSON.stringify(steps.respond(formatted, request, secrets));
    expect(errors[0].message).toContain('typo-password');
    expect(answer).not.toContain('typo-password');
  });
});

describe('OperationPipeline.respond', () => {
  it('adds the errors reported beside data, scrubbed, and hides schema details from request errors in production', () => {
    const steps = pipeline(true);
    const extra = [{ message: 'source failed with configured-secret-1', path: ['images'] }];
    const unknownField = new GraphQLError('Cannot query field "helo" on type "Query". Did you mean "hello"?');
    const answer = steps.respond(
      { data: null, errors: [steps.formatError(unknownField.toJSON(), unknownField)] },
      { query: '{ helo }' },
      new RequestSecrets(),
      extra,
    );
    expect(answer.errors?.map((error) => error.message)).toEqual([
      'Cannot query field "helo" on type "[hidden]".',
      'source failed with [redacted]',
    ]);
    expect(extra).toEqual([]); // taken: merged once
  });
});
