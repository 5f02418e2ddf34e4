// The gateway's server: the configured source instances, Apollo Server, and
// Node's own http module, wired together with the gateway's telemetry
// (metrics, traces, access log), its operations endpoints and its drain.
// What others may use.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import type { GatewayConfig } from '../config/index.js';
import { createContext, type GatewayContext } from '../context.js';
import type { Logger } from '../logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { GatewayTelemetry } from '../observability/telemetry.js';
import { SOURCES } from '../sources/index.js';
import { SourceRegistry } from '../sources/registry.js';
import type { SourceDeps, SourceModule } from '../sources/types.js';
import { createApollo } from './apollo.js';
import { Drain } from './drain.js';
import { configuredSecrets, scrubber } from './errors.js';
import type { OperationsEndpoints } from './health.js';
import { createRequestListener, GRAPHQL_PATH } from './http.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';

export interface Gateway {
  /** http://host:port/graphql */
  url: string;
  server: http.Server;
  sources: SourceRegistry;
  /** http://host:port/metrics when IMAGE_GATEWAY_METRICS_PORT is set; absent when /metrics is on the main port. */
  metricsUrl?: string;
  /** The gateway's metrics: a transport that serves subscriptions adds its gauge here (trackActiveSubscriptions). */
  metrics: GatewayMetrics;
  /** The serving state and the drain: a transport that holds connections adds its step here (drain.add). */
  drain: Drain;
  /**
   * Drains (readiness 503 at once, no new connections, in-flight work given
   * IMAGE_GATEWAY_SHUTDOWN_TIMEOUT_MS), then releases the upstream clients and
   * the metrics port. Called again, the same stop.
   */
  stop(): Promise<void>;
}

interface GatewayOptions {
  logger: Logger;
  /** The registered source modules (tests may pass a subset). */
  sources?: readonly SourceModule[];
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

export async function startGateway(config: GatewayConfig, options: GatewayOptions): Promise<Gateway> {
  const { logger } = options;
  const modules = options.sources ?? SOURCES;
  const scrub = scrubber(configuredSecrets(config));
  const telemetry = new GatewayTelemetry(logger, scrub);
  const registry = buildRegistry(config, modules, { logger, upstream: telemetry.upstream });
  const drain = new Drain(config.shutdownTimeoutMs, logger);
  const operations = (withMetrics: boolean): OperationsEndpoints => ({
    health: () => ({
      status: 'ok',
      sandbox: config.sandbox,
      sources: config.sources.map((c) => ({ provider: c.provider, name: c.name, region: c.region })),
    }),
    state: () => drain.state,
    breakers: () => telemetry.breakers(),
    metrics: withMetrics ? () => telemetry.metrics.exposition() : undefined,
  });
  const httpServer = http.createServer();
  let apollo: ApolloServer<GatewayContext>;
  let metricsServer: MetricsServer | undefined;
  try {
    // First up, last down: its /readyz says 503 while the gateway starts and while it drains.
    if (config.metricsPort !== null) {
      metricsServer = await startMetricsServer(config.host, config.metricsPort, operations(true));
    }
    apollo = createApollo({ config, sources: modules, httpServer, logger, scrub });
    await apollo.start();
    httpServer.on(
      'request',
      createRequestListener({
        apollo,
        contextFor: (_headers, observation) =>
          createContext(registry, logger, {
            observation,
            timeoutMs: config.requestTimeoutMs,
            batchObserver: telemetry.metrics.batchDispatched,
          }),
        operations: operations(metricsServer === undefined),
        observe: (req, res, graphql) => telemetry.observe(req, res, graphql),
        maxBodyBytes: config.limits.maxBodyBytes,
        logger,
        scrub,
      }),
    );
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await metricsServer?.close();
    await registry.close();
    throw error;
  }
  // Apollo's drain plugin: stop accepting, let in-flight requests finish within the shutdown timeout.
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
    stop() {
      stopping ??= (async () => {
        await drain.run();
        await registry.close();
        await metricsServer?.close();
      })();
      return stopping;
    },
  };
}
