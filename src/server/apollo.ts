// Apollo Server, configured as the HTTP adapter of the operation pipeline
// (./operation.ts): Apollo parses and validates (its document cache, the
// pipeline's rules and token limit) and executes; one plugin calls the
// pipeline's steps at Apollo's hooks, and sets what only HTTP has: the status
// of request errors (./response-status.ts) and the response's Cache-Control.
// Besides it: the drain, and GraphiQL as the landing page.
//
// No plugin hooks a field. Apollo's cache-control plugin, on by default, runs
// a willResolveField hook for every field of every response only to end up
// with `no-store` for the gateway's private, per-caller answers: it is off,
// and the pipeline plugin sets `Cache-Control: private, no-store` once per
// response instead. Inline tracing (ftv1) is off for the same reason.

import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { GatewayConfig } from '../config/index.js';
import type { GatewayContext } from '../context-types.js';
import { allExamples } from '../examples.js';
import { graphiqlLandingPagePlugin } from '../graphiql/index.js';
import type { Logger } from '../logger.js';
import type { SourceModule } from '../sources/index.js';
import { logUnexpected, type Scrub } from './errors.js';
import { GRAPHQL_PATH } from './http.js';
import { errorCodesOf, type OperationPipeline } from './operation.js';
import { correctedRequestErrorStatus } from './response-status.js';

interface ApolloOptions {
  config: GatewayConfig;
  pipeline: OperationPipeline;
  /** For GraphiQL's examples. */
  sources: readonly SourceModule[];
  httpServer: http.Server;
  logger: Logger;
  scrub: Scrub;
}

/** GraphQL responses are per caller and live: never stored by a shared cache, nor by the client's. */
const CACHE_CONTROL = 'private, no-store';

/** The pipeline's steps at Apollo's hooks (./operation.ts has the steps and their order). */
function operationPipelinePlugin(pipeline: OperationPipeline, scrub: Scrub): ApolloServerPlugin<GatewayContext> {
  // Step 3 runs twice: before validation can echo a value, and once the operation is resolved
  // (a document from Apollo's cache skips validation; variables differ per request).
  const collect = ({ document, request, contextValue }: GraphQLRequestContext<GatewayContext>) => {
    if (document) pipeline.collectSecrets(document, request.variables, contextValue.requestSecrets);
  };
  return {
    async requestDidStart({ contextValue }) {
      const { observation } = contextValue;
      observation.graphqlStarted();
      observation.caller = contextValue.caller.id;
      return {
        async validationDidStart(request) {
          collect(request);
        },
        async didResolveOperation(request) {
          collect(request);
          if (!request.operation) return; // Apollo refuses a document without the named operation itself
          const refusal = pipeline.admit(request.operation, contextValue.caller, 'http', observation);
          if (refusal) throw refusal;
        },
        async didEncounterErrors({ errors }) {
          // Logged by the request's own (scrubbing) logger before formatError hides them.
          for (const error of errors) logUnexpected(error, contextValue.logger, scrub);
        },
        async willSendResponse({ request, response }) {
          // Every resolver has settled: the request's deadline timer can go.
          contextValue.end();
          response.http.headers.set('cache-control', CACHE_CONTROL);
          if (response.body.kind !== 'single') return;
          const result = pipeline.respond(
            response.body.singleResult,
            request,
            contextValue.requestSecrets,
            contextValue.extraErrors,
          );
          response.body.singleResult = result;
          observation.responded(errorCodesOf(result.errors), result.data !== undefined && result.data !== null);
          const status = correctedRequestErrorStatus(response.http.status, result, request.http?.headers.get('accept'));
          if (status !== undefined) response.http.status = status;
        },
      };
    },
  };
}

export function createApollo({
  config,
  pipeline,
  sources,
  httpServer,
  logger,
  scrub,
}: ApolloOptions): ApolloServer<GatewayContext> {
  return new ApolloServer<GatewayContext>({
    schema: pipeline.schema,
    // IMAGE_GATEWAY_INTROSPECTION is one of the document rules (./limits.ts), over WebSocket too.
    introspection: true,
    // http.ts refuses simple cross-site POSTs itself and lets GET queries through (csrf.ts says why).
    csrfPrevention: false,
    // main.ts owns SIGINT/SIGTERM: Apollo's own handler would stop the server
    // and re-raise the signal into ours, which then waits forever.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    // Over the limit → GRAPHQL_PARSE_FAILED, like any syntax error.
    parseOptions: pipeline.parseOptions,
    includeStacktraceInErrorResponses: false,
    // Compact JSON: Apollo's default indents every answer, which costs time and bytes on every
    // response and helps nobody (GraphiQL and every client parse it).
    stringifyResult: (result) => JSON.stringify(result),
    validationRules: [...pipeline.validationRules],
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // On stop: no new connections, in-flight requests get the shutdown timeout to finish.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      operationPipelinePlugin(pipeline, scrub),
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
    // No context here: the request's own secrets are scrubbed by the pipeline's response step.
    formatError: (formatted, error) => pipeline.formatError(formatted, error),
    logger: {
      debug: (message) => logger.debug(scrub(String(message))),
      info: (message) => logger.info(scrub(String(message))),
      warn: (message) => logger.warn(scrub(String(message))),
      error: (message) => logger.error(scrub(String(message))),
    },
  });
}
