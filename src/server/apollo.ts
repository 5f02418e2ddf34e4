// Apollo Server, configured: the schema, the limits that stop abusive
// documents during validation (graphql-armor: depth, aliases, cost,
// directives; graphql-js: tokens), GraphiQL as the landing page, and error
// formatting that hides internal failures and scrubs every secret: the
// configured ones, and those a request brings in @writeOnly inputs.

import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GatewayConfig } from '../config/index.js';
import type { GatewayContext } from '../context.js';
import { allExamples } from '../examples.js';
import { graphiqlLandingPagePlugin } from '../graphiql/index.js';
import type { Logger } from '../logger.js';
import { buildResolvers } from '../resolvers.js';
import type { SourceModule } from '../sources/types.js';
import { formatGraphQLError, logUnexpected, scrubJson, type Scrub } from './errors.js';
import { GRAPHQL_PATH } from './http.js';
import { loadTypeDefs } from './schema.js';
import { writeOnlyValues } from './write-only.js';

/** Most lexical tokens in one GraphQL document. */
const MAX_TOKENS = 10_000;

interface ApolloOptions {
  config: GatewayConfig;
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
 * The secrets a request brings (@writeOnly inputs, src/secrets.ts): collected
 * into its context before validation can echo them and again before it runs
 * (a cached document skips validation), then scrubbed from its whole answer;
 * its bugs are logged here, by its own (scrubbing) logger. Listed after
 * every plugin that adds to the answer: Apollo starts the willSendResponse
 * hooks in plugin order, and theirs run to completion at once (no await).
 */
function requestSecretsPlugin(scrub: Scrub): ApolloServerPlugin<GatewayContext> {
  const collect = (request: GraphQLRequestContext<GatewayContext>) => {
    if (!request.document) return;
    for (const value of writeOnlyValues(request.schema, request.document, request.request.variables)) {
      request.contextValue.secrets.add(value);
    }
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
          response.body.singleResult = contextValue.secrets.scrubValue(response.body.singleResult);
        },
      };
    },
  };
}

export function createApollo({
  config,
  sources,
  httpServer,
  logger,
  scrub,
}: ApolloOptions): ApolloServer<GatewayContext> {
  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: 100 },
    costLimit: {
      maxCost: config.limits.maxFields,
      objectCost: 1,
      scalarCost: 1,
      depthCostFactor: 1,
      ignoreIntrospection: true,
    },
    // Token limit: graphql-js's own (parseOptions below). Armor's parses the
    // document again in a parsingDidStart hook, where Apollo treats any throw,
    // a plain syntax error included, as an unexpected failure: HTTP 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: 50 },
    blockFieldSuggestion: { enabled: false },
  }).protect();

  return new ApolloServer<GatewayContext>({
    typeDefs: loadTypeDefs(sources),
    resolvers: buildResolvers(sources, config.limits),
    introspection: true,
    // main.ts owns SIGINT/SIGTERM: Apollo's own handler would stop the server
    // and re-raise the signal into ours, which then waits forever.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    // Over the limit → 400 GRAPHQL_PARSE_FAILED, like any syntax error.
    parseOptions: { maxTokens: MAX_TOKENS },
    includeStacktraceInErrorResponses: false,
    // The protections armor enables here are all validation rules (it adds no plugins for them).
    validationRules: armor.validationRules,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      extraErrorsPlugin(scrub),
      requestSecretsPlugin(scrub),
      graphiqlLandingPagePlugin({
        endpoint: GRAPHQL_PATH,
        assetsBase: '/graphiql/',
        title: 'image-gateway',
        examples: allExamples(sources, config.sources),
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
