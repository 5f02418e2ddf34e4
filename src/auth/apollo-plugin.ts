// What client authentication adds to Apollo's request pipeline, once a caller
// is known (the context): the scope check, after the document is parsed and
// validated (so the operation's type is known) and before anything executes
// (so a refused mutation reaches no resolver and no upstream), and one log
// line per request naming the caller, never its credentials.

import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.js';
import { scopeFor } from './scopes.js';

/** FORBIDDEN, HTTP 403, naming the missing scope (RFC 6750 §3.1 `insufficient_scope`). */
function missingScope(scope: string, operation: string): GraphQLError {
  return new GraphQLError(`a ${operation} needs the ${scope} scope, which the caller does not have`, {
    extensions: {
      code: 'FORBIDDEN',
      scope,
      http: {
        status: 403,
        headers: new Map([
          ['www-authenticate', `Bearer realm="image-gateway", error="insufficient_scope", scope="${scope}"`],
        ]),
      },
    },
  });
}

export function clientAuthPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (!operation) return; // Apollo refuses a document without the named operation itself
          const scope = scopeFor(operation.operation);
          if (!contextValue.caller.scopes.has(scope)) throw missingScope(scope, operation.operation);
        },
        async willSendResponse({ contextValue, operation, operationName, response }) {
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors?.length ?? 0) : 0;
          contextValue.logger.info(
            {
              via: contextValue.caller.via,
              operation: operationName ?? null,
              type: operation?.operation ?? null,
              status: response.http.status ?? 200,
              errors,
              upstreamCalls: contextValue.upstreamCalls(),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
