// What Apollo tells the request's observation (request.ts): that a GraphQL
// request runs, its operation once resolved, and the error codes and data of
// its response, as formatted for the client (secrets scrubbed, internal
// errors hidden). List it after any plugin that adds errors in
// willSendResponse, so that they are counted too.

import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';

export function observationPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const observation = contextValue.observation;
      observation.graphqlStarted();
      observation.caller = callerOf(contextValue);
      return {
        async didResolveOperation({ operation }) {
          if (operation) observation.operationResolved(operation.name?.value ?? null, operation.operation);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors = [] } = response.body.singleResult;
          const codes = errors.map((error) => {
            const code = error.extensions?.code;
            return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
          });
          observation.responded(codes, data !== undefined && data !== null);
        },
      };
    },
  };
}

/**
 * The caller's id, for the access log, once client authentication puts a
 * `caller` with an `id` on the context. (Until then the context has no such
 * field, hence the untyped read.)
 */
function callerOf(context: GatewayContext): string | undefined {
  const caller: unknown = Reflect.get(context, 'caller');
  const id: unknown = typeof caller === 'object' && caller !== null ? Reflect.get(caller, 'id') : undefined;
  return typeof id === 'string' ? id : undefined;
}
