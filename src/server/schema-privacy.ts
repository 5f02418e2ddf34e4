// In production (NODE_ENV=production), request errors teach nothing about
// the schema the request did not already name. graphql-js's messages for a
// document that fails validation or variables that fail coercion suggest
// names ("Did you mean "region"?", "…the enum value "IMS"?") and name types,
// arguments and input fields the client never wrote ("argument "id" of type
// "ID!" is required"): with introspection off, that is how tools rebuild a
// schema one guess at a time. Here:
//
// - every suggestion ("Did you mean …?") is dropped;
// - every quoted name the request did not write (in its document, operation
//   name or variables) becomes "[hidden]": the message still says what kind
//   of mistake it is, and where (locations are kept).
//
// Errors with a path are field errors from resolvers, whose messages the
// gateway wrote on purpose: they pass as they are. graphql-armor's own
// blockFieldSuggestion is not used: it strips only `Did you mean "…"` (not
// graphql-js's enum-value form) and it is a plugin, while the gateway wires
// only armor's validation rules (apollo.ts).

import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';

const SUGGESTION = /\s*Did you mean [^?]*\?/g;
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;
const NAME = /[_A-Za-z][_0-9A-Za-z]*/g;

/** A message with its suggestions removed and every quoted name outside `written` hidden. */
export function withoutSchemaDetails(message: string, written: ReadonlySet<string>): string {
  return message.replace(SUGGESTION, '').replace(QUOTED, (quoted, inner: string) => {
    const names = inner.match(NAME) ?? [];
    return names.every((name) => written.has(name)) ? quoted : '"[hidden]"';
  });
}

/** The plugin that applies `withoutSchemaDetails` to the request errors of every response. */
export function schemaPrivacyPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (!result.errors?.some((error) => error.path === undefined)) return;
          const text = [request.query ?? '', request.operationName ?? '', JSON.stringify(request.variables ?? {})];
          const written = new Set(text.join(' ').match(NAME) ?? []);
          result.errors = result.errors.map((error): GraphQLFormattedError =>
            error.path === undefined ? { ...error, message: withoutSchemaDetails(error.message, written) } : error,
          );
        },
      };
    },
  };
}
