// The gateway's server: the configured source instances, one executable
// schema, Apollo Server (GraphQL over HTTP) and graphql-ws (over WebSocket) on
// one Node http.Server, and the image watches. What others may use.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AuthFailure,
  createRequestAuthenticator,
  missingScopeError,
  type RequestAuthenticator,
} from '../auth/index.js';
import { RequestSecrets } from '../request-secrets.js';
import type { GatewayConfig, ServerSettings } from '../config/index.js';
import { createContext } from '../context.js';
import type { Logger } from '../logger.js';
import { buildResolvers } from '../resolvers.js';
import { SOURCES } from '../sources/index.js';
import { SourceRegistry } from '../sources/registry.js';
import type { SourceModule } from '../sources/types.js';
import { WatchRegistry, watchResolvers } from '../watch/index.js';
import { createApollo } from './apollo.js';
import { configuredSecrets, scrubber } from './errors.js';
import { createRequestListener, GRAPHQL_PATH } from './http.js';
import { documentValidationRules } from './limits.js';
import { buildGatewaySchema } from './schema.js';
import { serveGraphQLOverWebSocket } from './ws.js';

export interface Gateway {
  /** http://host:port/graphql */
  url: string;
  server: http.Server;
  sources: SourceRegistry;
  /** The images watched by subscriptions (`size`: how many, one upstream poller each). */
  watch: WatchRegistry;
  /**
   * Closes every GraphQL WebSocket with 1001 (going away), which ends its
   * subscriptions, and refuses new ones with 503. For draining; `stop()` calls
   * it first. Idempotent.
   */
  closeWebSockets(): Promise<void>;
  /**
   * Who a request's caller is, or why it is refused: the one check every
   * entry point applies (HTTP headers, a graphql-ws connection_init payload).
   */
  authenticateRequest: RequestAuthenticator;
  stop(): Promise<void>;
}

interface GatewayOptions {
  logger: Logger;
  /** The registered source modules (tests may pass a subset). */
  sources?: readonly SourceModule[];
}

/** Every configured instance, built by its source module. */
function buildRegistry(config: GatewayConfig, modules: readonly SourceModule[], logger: Logger): SourceRegistry {
  return new SourceRegistry(
    modules,
    config.sources.map((instanceConfig) => {
      const module = modules.find((m) => m.provider === instanceConfig.provider);
      if (!module) throw new Error(`no source module for provider ${instanceConfig.provider}`);
      return { module, instance: module.createInstance(instanceConfig, { logger }) };
    }),
  );
}

/**
 * Node's connection limits, set on purpose (config/server.ts has the values
 * and why): a client that trickles its headers is answered 408 and cut off
 * after `headersTimeoutMs`, one that trickles its body after
 * `receiveTimeoutMs`. Node checks these every `connectionsCheckingInterval`
 * (30 s by default, which would stretch a 10 s limit to 40 s): once a second.
 */
function serverOptions(settings: ServerSettings): http.ServerOptions {
  return {
    headersTimeout: settings.headersTimeoutMs,
    requestTimeout: settings.receiveTimeoutMs,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    maxHeaderSize: settings.maxHeaderBytes,
    connectionsCheckingInterval: Math.min(1_000, settings.headersTimeoutMs),
  };
}

export async function startGateway(config: GatewayConfig, options: GatewayOptions): Promise<Gateway> {
  const { logger } = options;
  const modules = options.sources ?? SOURCES;
  const registry = buildRegistry(config, modules, logger);
  const scrub = scrubber(configuredSecrets(config));
  const authenticateRequest = createRequestAuthenticator(config.clientAuth);
  const httpServer = http.createServer(serverOptions(config.server));
  const watch = new WatchRegistry({
    intervalMs: config.watch.intervalMs,
    maxImages: config.watch.maxImages,
    logger,
  });
  const schema = buildGatewaySchema(modules, [
    buildResolvers(modules, config.limits),
    // Each poll reads as the subscriber who started the poller (its credential key keeps callers apart).
    watchResolvers({
      watch,
      pollContext: (subscriber) =>
        createContext(registry, logger, undefined, subscriber.caller, subscriber.requestSecrets),
    }),
  ]);
  const apollo = createApollo({ config, schema, sources: modules, httpServer, logger, scrub });
  await apollo.start();

  httpServer.on(
    'request',
    createRequestListener({
      apollo,
      contextFor: async (headers, secrets) => {
        const requestId = headers.get('x-request-id') ?? undefined;
        const caller = await authenticateRequest(headers);
        secrets.add(...caller.secrets);
        if (caller instanceof AuthFailure) {
          logger.info({ requestId, status: caller.status, reason: caller.message }, 'request refused');
          throw caller.toGraphQLError();
        }
        return createContext(registry, logger, requestId, caller, secrets);
      },
      health: () => ({
        status: 'ok',
        sandbox: config.sandbox,
        // Unauthenticated: with client authentication on, it names no instance (tenants' included).
        sources:
          config.clientAuth.methods.length === 0
            ? config.sources.map((c) => ({ provider: c.provider, name: c.name, region: c.region }))
            : undefined,
      }),
      maxBodyBytes: config.limits.maxBodyBytes,
      maxDepth: config.limits.maxDepth,
      logger,
      scrub,
    }),
  );
  const webSockets = serveGraphQLOverWebSocket({
    httpServer,
    schema,
    validationRules: documentValidationRules(config.limits),
    maxDepth: config.limits.maxDepth,
    // The connection_init payload is checked like HTTP headers; its caller runs every operation on the socket.
    admit: async ({ params }) => {
      const caller = await authenticateRequest(params);
      if (!(caller instanceof AuthFailure)) return { admitted: true, session: caller };
      logger.info({ status: caller.status, reason: caller.message }, 'websocket connection refused');
      return { admitted: false, code: caller.status === 401 ? 4401 : 4503, reason: caller.message };
    },
    authorize: missingScopeError,
    secretsOf: (caller) => new RequestSecrets(caller.secrets),
    contextFor: (_connection, caller) =>
      createContext(registry, logger, undefined, caller, new RequestSecrets(caller.secrets)),
    maxOperationsPerConnection: config.watch.maxSubscriptionsPerConnection,
    maxMessageBytes: config.limits.maxBodyBytes,
    logger,
    scrub,
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}${GRAPHQL_PATH}`,
    server: httpServer,
    sources: registry,
    watch,
    closeWebSockets: () => webSockets.close(),
    authenticateRequest,
    async stop() {
      // Sockets first: the HTTP server's drain waits for every connection, upgraded ones too.
      await webSockets.close();
      watch.close();
      await apollo.stop();
      await registry.close();
    },
  };
}
