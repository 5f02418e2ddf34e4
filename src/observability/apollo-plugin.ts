// What Apollo tells the request's observation (request.ts): that a GraphQL
// request runs, its operation once resolved, and the error codes and data of
// its response, as formatted for the client (secrets scrubbed, internal
// errors hidden). List it after any plugin that adds errors in
// willSendResponse, so that they are counted too.

import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context-types.js';

export function observationPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const observation = contextValue.observation;
      observation.graphqlStarted();
      observation.caller = contextValue.caller.id;
      return {
        async didResolveOperation({ operation }) {
          if (operation) observation.operationResolved(operation.name?.value ?? null, operation.operation);
        },
        async willSendResponse({ response }) {
          // Every resolver has settled: the request's deadline timer can go.
          contextValue.end();
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
