// The gateway's server: the configured source instances, Apollo Server, and
// Node's own http module, wired together. What others may use.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthFailure, createRequestAuthenticator, type RequestAuthenticator } from '../auth/index.js';
import type { GatewayConfig } from '../config/index.js';
import { createContext } from '../context.js';
import type { Logger } from '../logger.js';
import { SOURCES } from '../sources/index.js';
import { SourceRegistry } from '../sources/registry.js';
import type { SourceModule } from '../sources/types.js';
import { createApollo } from './apollo.js';
import { configuredSecrets, scrubber } from './errors.js';
import { createRequestListener, GRAPHQL_PATH } from './http.js';

export interface Gateway {
  /** http://host:port/graphql */
  url: string;
  server: http.Server;
  sources: SourceRegistry;
  /**
   * Who a request's caller is, or why it is refused: the one check every
   * entry point applies (HTTP headers, a graphql-ws connection_init payload).
   */
  authenticateRequest: RequestAuthenticator;
  stop(): Promise<void>;
}

/** Largest request head accepted, bytes: room for big IAM tokens, and for an oversized bearer to be refused with 401. */
const MAX_HEADER_BYTES = 64 * 1024;

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

export async function startGateway(config: GatewayConfig, options: GatewayOptions): Promise<Gateway> {
  const { logger } = options;
  const modules = options.sources ?? SOURCES;
  const registry = buildRegistry(config, modules, logger);
  const scrub = scrubber(configuredSecrets(config));
  const authenticateRequest = createRequestAuthenticator(config.clientAuth);
  const httpServer = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES });
  const apollo = createApollo({ config, sources: modules, httpServer, logger, scrub });
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
      logger,
      scrub,
    }),
  );

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
    authenticateRequest,
    async stop() {
      await apollo.stop();
      await registry.close();
    },
  };
}
