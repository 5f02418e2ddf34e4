// The gateway's server: the configured source instances, one executable
// schema, Apollo Server (GraphQL over HTTP) and graphql-ws (over WebSocket) on
// one Node http.Server, the image watches, and the gateway's telemetry
// (metrics, traces, access log), operations endpoints and drain, wired
// together. What others may use.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import { AuthFailure, createRequestAuthenticator, type RequestAuthenticator } from '../auth/index.js';
import { EntityCache, invalidateOnWrites } from '../cache/index.js';
import { createCatalogRoute } from '../catalog/index.js';
import type { GatewayConfig, ServerSettings } from '../config/index.js';
import type { GatewayContext } from '../context-types.js';
import { createContext } from '../context.js';
import type { Logger } from '../logger.js';
import { clusterExposition, type Exposition } from '../observability/cluster-metrics.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { GatewayTelemetry } from '../observability/telemetry.js';
import { RequestSecrets } from '../request-secrets.js';
import { buildResolvers } from '../resolvers.js';
import { CallerRateLimiter, upstreamPacers } from '../rate-limit/index.js';
import { type SourceDeps, type SourceInstance, type SourceModule, SourceRegistry, SOURCES } from '../sources/index.js';
import { openGatewayState, registerStateMetrics } from '../state/index.js';
import { SharedWatchRegistry, WatchRegistry, watchResolvers, type ImageWatches } from '../watch/index.js';
import { createApollo } from './apollo.js';
import { Drain } from './drain.js';
import { configuredSecrets, scrubber } from './errors.js';
import type { OperationsEndpoints } from './health.js';
import { createRequestListener, GRAPHQL_PATH } from './http.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';
import { OperationPipeline } from './operation.js';
import { withRequestDeadline } from './request-deadline.js';
import { buildGatewaySchema } from './schema.js';
import { serveGraphQLOverWebSocket, type GraphQLWebSockets } from './ws.js';

export interface Gateway {
  /** http://host:port/graphql */
  url: string;
  server: http.Server;
  sources: SourceRegistry;
  /** http://host:port/metrics when IMAGE_GATEWAY_METRICS_PORT is set; absent when /metrics is on the main port. */
  metricsUrl?: string;
  /** The gateway's metrics. */
  metrics: GatewayMetrics;
  /** The serving state and the drain: a transport that holds connections adds its step here (drain.add). */
  drain: Drain;
  /** The images watched by subscriptions (`size`: how many, one upstream poller each, or one across replicas). */
  watch: ImageWatches;
  /**
   * Closes every GraphQL WebSocket with 1001 (going away), which ends its
   * subscriptions, and refuses new ones with 503. The drain does it first.
   * Idempotent.
   */
  closeWebSockets(): Promise<void>;
  /**
   * Who a request's caller is, or why it is refused: the one check every
   * entry point applies (HTTP headers, a graphql-ws connection_init payload).
   */
  authenticateRequest: RequestAuthenticator;
  /**
   * Drains (readiness 503 at once, no new connections, sockets closed with
   * 1001, in-flight work given IMAGE_GATEWAY_SHUTDOWN_TIMEOUT_MS), then
   * releases the watches, the upstream clients and the metrics port. Called
   * again, the same stop.
   */
  stop(): Promise<void>;
}

interface GatewayOptions {
  logger: Logger;
  /** The registered source modules (tests may pass a subset). */
  sources?: readonly SourceModule[];
  /** A worker of IMAGE_GATEWAY_WORKERS: /metrics answers with every worker's, from the primary (cluster-metrics.ts). */
  clusterWorker?: boolean;
}

/** Every configured instance, built by its source module. */
function buildRegistry(config: GatewayConfig, modules: readonly SourceModule[], deps: SourceDeps): SourceRegistry {
  return new SourceRegistry(
    modules,
    config.sources.map((instanceConfig) => {
      const module = modules.find((m) => m.provider === instanceConfig.provider);
      if (!module) throw new Error(`no source module for provider ${instanceConfig.provider}`);
      return { module, instance: module.createInstance(instanceConfig, deps) };
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
  const scrub = scrubber(configuredSecrets(config));
  const telemetry = new GatewayTelemetry(logger, scrub);
  const authenticateRequest = createRequestAuthenticator(config.clientAuth);
  const drain = new Drain(config.shutdownTimeoutMs, logger);
  // Cache, leases, counters and the upstream rate limit: in-process, or in Redis shared by every replica (src/state/).
  const state = await openGatewayState(config.state, configuredSecrets(config), logger);
  let registry: SourceRegistry;
  try {
    // Each instance's client is watched by the telemetry, and paced when IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT is set.
    registry = buildRegistry(config, modules, {
      logger,
      upstream: { ...telemetry.upstream, pacerFor: upstreamPacers(state) },
    });
  } catch (error) {
    await state.store.close();
    throw error;
  }
  const rateLimiter = new CallerRateLimiter(state, state.settings.rateLimitPerMinute);
  const entityCache = new EntityCache(state, registerStateMetrics(telemetry.metrics.registry, state.store));
  const watchOptions = {
    intervalMs: config.watch.intervalMs,
    maxImages: config.watch.maxImages,
    logger,
    // A poller that sees a change makes the cache forget the image's instance, on every replica.
    onChange: (instance: SourceInstance) => void entityCache.invalidate([instance.config.name]),
  };
  const watch: ImageWatches =
    state.store.store === 'redis'
      ? new SharedWatchRegistry({ ...watchOptions, state, scrub })
      : new WatchRegistry(watchOptions);
  /** A context for one operation: every request's, a WebSocket operation's, a watch's poll. */
  const contextFor = (caller: GatewayContext['caller'], extra: Parameters<typeof createContext>[2] = {}) =>
    createContext(registry, logger, {
      caller,
      timeoutMs: config.requestTimeoutMs,
      batchObserver: telemetry.metrics.batchDispatched,
      entityCache,
      ...extra,
    });
  const schema = buildGatewaySchema(
    modules,
    [
      withRequestDeadline(buildResolvers(modules, config.limits)),
      // Each poll reads as the subscriber who started the poller (its credential key keeps callers apart).
      watchResolvers({
        watch,
        // A poll reads the cloud itself (not the cache): it is how a change is seen.
        pollContext: (subscriber) =>
          contextFor(subscriber.caller, { requestSecrets: subscriber.requestSecrets, entityCache: undefined }),
      }),
    ],
    { maxRepresentations: config.limits.maxNodeIds },
  );
  invalidateOnWrites(schema, entityCache);
  const pipeline = new OperationPipeline({
    schema,
    limits: config.limits,
    introspection: config.server.introspection,
    production: config.server.production,
    scrub,
    logger,
  });
  const clientAuthOn = config.clientAuth.methods.length > 0;
  const exposition: Exposition = options.clusterWorker
    ? clusterExposition(telemetry.metrics.registries())
    : () => telemetry.metrics.exposition();
  /** The operations endpoints of the main port (`main`) or of the metrics port (README, Operations). */
  const operations = (where: 'main' | 'metrics', withMetrics: boolean): OperationsEndpoints => ({
    health: () => ({
      status: 'ok',
      sandbox: config.sandbox,
      // Unauthenticated: with client authentication on, it names no instance (tenants' included).
      sources: clientAuthOn
        ? undefined
        : config.sources.map((c) => ({ provider: c.provider, name: c.name, region: c.region })),
    }),
    state: () => drain.state,
    // In-process state is always there: only a Redis store has something to report.
    sharedState: state.store.store === 'redis' ? () => state.store.health() : undefined,
    breakers: () => (where === 'main' && clientAuthOn ? undefined : telemetry.breakers()),
    metrics: withMetrics ? exposition : undefined,
    refuseScrape:
      where === 'main' && clientAuthOn
        ? async (headers) => {
            const caller = await authenticateRequest(headers);
            return caller instanceof AuthFailure ? caller : undefined;
          }
        : undefined,
  });
  const httpServer = http.createServer(serverOptions(config.server));
  let apollo: ApolloServer<GatewayContext>;
  let webSockets: GraphQLWebSockets;
  let metricsServer: MetricsServer | undefined;
  try {
    // First up, last down: its /readyz says 503 while the gateway starts and while it drains.
    if (config.metricsPort !== null) {
      metricsServer = await startMetricsServer(config.host, config.metricsPort, operations('metrics', true));
    }
    apollo = createApollo({ config, pipeline, sources: modules, httpServer, logger, scrub });
    await apollo.start();
    httpServer.on(
      'request',
      createRequestListener({
        apollo,
        contextFor: async ({ headers, secrets, observation, cancellation, clientAddress }) => {
          const caller = await authenticateRequest(headers);
          secrets.add(...caller.secrets);
          if (caller instanceof AuthFailure) {
            logger.info(
              { requestId: observation.requestId, status: caller.status, reason: caller.message },
              'request refused',
            );
            throw caller.toGraphQLError();
          }
          const limited = await rateLimiter.refusal(caller, clientAddress);
          if (limited) throw limited;
          return contextFor(caller, { observation, requestSecrets: secrets, cancellation });
        },
        operations: operations('main', metricsServer === undefined),
        catalog: createCatalogRoute({
          enabled: config.server.ui,
          config: { endpoint: GRAPHQL_PATH, auth: config.clientAuth.methods },
        }),
        observe: (req, res, path, graphql) => telemetry.observe(req, res, path, graphql),
        maxBodyBytes: config.limits.maxBodyBytes,
        nestingError: (query) => pipeline.nestingError(query),
        logger,
        scrub,
      }),
    );
    webSockets = serveGraphQLOverWebSocket({
      httpServer,
      pipeline,
      // The connection_init payload is checked like HTTP headers; its caller runs every operation on the socket.
      admit: async ({ params }) => {
        const caller = await authenticateRequest(params);
        if (!(caller instanceof AuthFailure)) return { admitted: true, caller };
        logger.info({ status: caller.status, reason: caller.message }, 'websocket connection refused');
        return { admitted: false, code: caller.status === 401 ? 4401 : 4503, reason: caller.message };
      },
      limit: rateLimiter.enabled
        ? (connection, caller) => rateLimiter.refusal(caller, connection.request.socket.remoteAddress)
        : undefined,
      secretsOf: (caller) => new RequestSecrets(caller.secrets),
      observeOperation: ({ request }, caller) => {
        const operation = telemetry.observeWebSocketOperation(request);
        operation.observation.caller = caller.id;
        return operation;
      },
      contextFor: (_connection, caller, observation, requestSecrets, cancellation) =>
        contextFor(caller, { observation, requestSecrets, cancellation }),
      maxOperationsPerConnection: config.watch.maxSubscriptionsPerConnection,
      maxMessageBytes: config.limits.maxBodyBytes,
      logger,
      scrub,
    });
    telemetry.metrics.trackActiveSubscriptions(() => webSockets.activeSubscriptions());
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await metricsServer?.close();
    await registry.close();
    await state.store.close();
    throw error;
  }
  // The sockets go first and at once (Apollo's drain ends idle connections, upgraded ones
  // too, a tick later); Apollo's own drain stops accepting and lets in-flight requests finish.
  drain.add('websockets', () => webSockets.close());
  drain.add('http', () => apollo.stop());
  drain.serving();
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}${GRAPHQL_PATH}`,
    server: httpServer,
    sources: registry,
    metricsUrl: metricsServer?.url,
    metrics: telemetry.metrics,
    drain,
    watch,
    closeWebSockets: () => webSockets.close(),
    authenticateRequest,
    stop() {
      stopping ??= (async () => {
        await drain.run();
        watch.close();
        await registry.close();
        await state.store.close();
        await metricsServer?.close();
      })();
      return stopping;
    },
  };
}
