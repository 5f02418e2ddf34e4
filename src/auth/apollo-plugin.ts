// What client authentication adds to Apollo's request pipeline, once a caller
// is known (the context): the scope check, after the document is parsed and
// validated (so the operation's type is known) and before anything executes
// (so a refused mutation reaches no resolver and no upstream). The request's
// one log line, the access log, names the caller (src/observability/).

import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type OperationTypeNode } from 'graphql';
import type { GatewayContext } from '../context-types.js';
import type { Caller } from './caller.js';
import { scopeFor } from './scopes.js';

/**
 * Undefined when `caller` may run an operation of this type, else the refusal
 * to throw: FORBIDDEN, HTTP 403, naming the missing scope (RFC 6750 §3.1
 * `insufficient_scope`). Every entry point asks it before executing (a
 * subscription server too, where Apollo's pipeline does not run).
 */
export function missingScopeError(caller: Caller, operation: OperationTypeNode): GraphQLError | undefined {
  const scope = scopeFor(operation);
  if (caller.scopes.has(scope)) return undefined;
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
          const refusal = missingScopeError(contextValue.caller, operation.operation);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
