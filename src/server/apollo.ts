// Apollo Server, configured: the gateway's schema, the limits that stop
// abusive documents during validation (./limits.ts), GraphiQL as the landing
// page, and error formatting that hides internal failures and scrubs every
// secret. Where Apollo's HTTP behaviour differs from the GraphQL over HTTP
// spec, two modules put it right: response-status.ts (request errors answer
// 200 under application/json) and csrf.ts (GET queries need no preflight
// header). In production, schema-privacy.ts keeps the schema out of error
// messages. The request's observation is told what ran
// (observability/apollo-plugin.ts). The secrets a request brings in
// @writeOnly inputs are collected and scrubbed from its whole answer.

import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { GraphQLError, OperationTypeNode, type GraphQLSchema } from 'graphql';
import { clientAuthPlugin } from '../auth/index.js';
import type { GatewayConfig } from '../config/index.js';
import type { GatewayContext } from '../context-types.js';
import { allExamples } from '../examples.js';
import { graphiqlLandingPagePlugin } from '../graphiql/index.js';
import type { Logger } from '../logger.js';
import { observationPlugin } from '../observability/apollo-plugin.js';
import type { SourceModule } from '../sources/index.js';
import { formatGraphQLError, logUnexpected, scrubJson, type Scrub } from './errors.js';
import { GRAPHQL_PATH } from './http.js';
import { documentValidationRules, MAX_TOKENS } from './limits.js';
import { requestErrorStatusPlugin } from './response-status.js';
import { schemaPrivacyPlugin } from './schema-privacy.js';
import { writeOnlyValues } from './write-only.js';

interface ApolloOptions {
  config: GatewayConfig;
  schema: GraphQLSchema;
  /** For GraphiQL's examples. */
  sources: readonly SourceModule[];
  httpServer: http.Server;
  logger: Logger;
  scrub: Scrub;
}

/** Errors a resolver reported beside its data (a failing source in `images`), added to the response. */
function extraErrorsPlugin(scrub: Scrub): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const extra = contextValue.extraErrors;
          if (extra.length === 0 || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.errors = [...(result.errors ?? []), ...extra.map((error) => scrubJson(error, scrub))];
        },
      };
    },
  };
}

/**
 * The secrets a request brings (@writeOnly inputs, src/request-secrets.ts):
 * collected into its context before validation can echo them and again before
 * it runs (a cached document skips validation), then scrubbed from its whole
 * answer; its bugs are logged here, by its own (scrubbing) logger. Listed
 * after every plugin that adds to the answer: Apollo starts the
 * willSendResponse hooks in plugin order, and theirs run to completion at once
 * (no await).
 */
function requestSecretsPlugin(scrub: Scrub): ApolloServerPlugin<GatewayContext> {
  const collect = (request: GraphQLRequestContext<GatewayContext>) => {
    if (!request.document) return;
    request.contextValue.requestSecrets.add(
      ...writeOnlyValues(request.schema, request.document, request.request.variables),
    );
  };
  return {
    async requestDidStart() {
      return {
        async validationDidStart(request) {
          collect(request);
        },
        async didResolveOperation(request) {
          collect(request);
        },
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) logUnexpected(error, contextValue.logger, scrub);
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          response.body.singleResult = contextValue.requestSecrets.scrubValue(response.body.singleResult);
        },
      };
    },
  };
}

/** A subscription sent over HTTP: 400, saying where subscriptions are served (./ws.ts). */
function subscriptionsOverWebSocketPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return;
          throw new GraphQLError(
            `Subscriptions are served over WebSocket (graphql-ws, subprotocol graphql-transport-ws) on ${GRAPHQL_PATH}`,
            { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
          );
        },
      };
    },
  };
}

export function createApollo({
  config,
  schema,
  sources,
  httpServer,
  logger,
  scrub,
}: ApolloOptions): ApolloServer<GatewayContext> {
  return new ApolloServer<GatewayContext>({
    schema,
    // IMAGE_GATEWAY_INTROSPECTION is one of the document rules (./limits.ts), over WebSocket too.
    introspection: true,
    // http.ts refuses simple cross-site POSTs itself and lets GET queries through (csrf.ts says why).
    csrfPrevention: false,
    // main.ts owns SIGINT/SIGTERM: Apollo's own handler would stop the server
    // and re-raise the signal into ours, which then waits forever.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    // Over the limit → GRAPHQL_PARSE_FAILED, like any syntax error.
    parseOptions: { maxTokens: MAX_TOKENS },
    includeStacktraceInErrorResponses: false,
    validationRules: documentValidationRules(config.limits, config.server.introspection),
    plugins: [
      // On stop: no new connections, in-flight requests get the shutdown timeout to finish.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      extraErrorsPlugin(scrub),
      observationPlugin(), // after extraErrorsPlugin: counts the errors it adds
      clientAuthPlugin(),
      requestErrorStatusPlugin(),
      ...(config.server.production ? [schemaPrivacyPlugin<GatewayContext>()] : []),
      subscriptionsOverWebSocketPlugin(),
      requestSecretsPlugin(scrub), // after every plugin that adds to the answer
      graphiqlLandingPagePlugin({
        endpoint: GRAPHQL_PATH,
        assetsBase: '/graphiql/',
        title: 'image-gateway',
        // The page is served to anyone: no example names a tenant's instance (its region and project).
        examples: allExamples(
          sources,
          config.sources.filter((instance) => !instance.tenants),
        ),
        authRequired: config.clientAuth.methods.length > 0,
      }),
    ],
    formatError: (formatted, error) => formatGraphQLError(formatted, error, scrub, logger),
    logger: {
      debug: (message) => logger.debug(scrub(String(message))),
      info: (message) => logger.info(scrub(String(message))),
      warn: (message) => logger.warn(scrub(String(message))),
      error: (message) => logger.error(scrub(String(message))),
    },
  });
}
