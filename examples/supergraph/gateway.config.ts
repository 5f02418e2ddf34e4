// Hive Gateway in front of a supergraph with the image gateway as one subgraph
// (README, "Run as a subgraph"). `hive-gateway supergraph supergraph.graphql`
// reads this file's `gatewayConfig`; test/federation/ runs the same object in
// process (createGatewayRuntime).
//
// The image gateway answers as its caller: client authentication
// (Authorization, X-API-Key) and passthrough cloud tokens (X-Auth-Token) come
// from the caller's headers, so the router must forward them to it, on
// queries (propagateHeaders) and on subscriptions, whose WebSocket carries
// them in `connection_init` (connectionParams). It forwards them to the image
// gateway only: another subgraph has no use for the caller's cloud token.
// A missing header is left out, not sent empty.

// The object is Hive Gateway's `GatewayConfig` (defineConfig from
// @graphql-hive/gateway takes it as it is); it is not typed by that package
// here because its typings bring graphql-yoga's, which clash with Apollo
// Server's in this project's one TypeScript program.

/** The subgraph's name in the supergraph (`hive-gateway`/compose config: the same). */
export const IMAGE_GATEWAY_SUBGRAPH = 'image-gateway';

/** The caller's headers the image gateway reads (lower case). */
export const CALLER_HEADERS = ['authorization', 'x-api-key', 'x-auth-token'] as const;

export const gatewayConfig = {
  supergraph: './supergraph.graphql',
  propagateHeaders: {
    fromClientToSubgraphs({ request, subgraphName }: { request: Request; subgraphName: string }) {
      if (subgraphName !== IMAGE_GATEWAY_SUBGRAPH) return {};
      return Object.fromEntries(CALLER_HEADERS.map((name) => [name, request.headers.get(name)]));
    },
  },
  transportEntries: {
    [IMAGE_GATEWAY_SUBGRAPH]: {
      options: {
        // imageChanged: graphql-ws on the subgraph's own /graphql.
        subscriptions: {
          kind: 'ws',
          location: '/graphql',
          options: {
            connectionParams: Object.fromEntries(CALLER_HEADERS.map((name) => [name, `{context.headers.${name}}`])),
          },
        },
      },
    },
  },
};
