// The upstream client of one configured source instance: its endpoint, limits
// and credentials, whoever watches the gateway's clients (metrics, traces,
// readiness), and the instance's upstream rate limit when one is set (its
// pacer, shared by the replicas). Closing the client also releases what its
// authenticator holds (Keystone's connection pool).

import type { SourceInstanceConfig } from '../config/index.js';
import type { Logger } from '../logger.js';
import { createAuthenticator } from './auth/index.js';
import { UpstreamClient } from './http-client.js';
import type { UpstreamObserver } from './observer.js';
import type { UpstreamPacer } from './pacer.js';

/** Who watches the upstream clients a gateway builds, and what paces them. */
export interface UpstreamWatch {
  /** Hears every attempt, retry, paced attempt and breaker change of every client (metrics, traces). */
  readonly observer: UpstreamObserver;
  /** Told of each client as it is built (readiness and metrics read its breaker state). */
  clientBuilt(config: SourceInstanceConfig, client: UpstreamClient): void;
  /** The instance's upstream rate limit (IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT); absent, or undefined: none. */
  pacerFor?(config: SourceInstanceConfig): UpstreamPacer | undefined;
}

export function upstreamClientFor(config: SourceInstanceConfig, logger: Logger, watch?: UpstreamWatch): UpstreamClient {
  const authenticator = createAuthenticator(config.auth, {
    provider: config.provider,
    region: config.region,
    timeoutMs: config.timeoutMs,
  });
  const client = new UpstreamClient({
    provider: config.provider,
    region: config.region,
    instance: config.name,
    endpoint: config.endpoint,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    authenticator,
    logger,
    observer: watch?.observer,
    pacer: watch?.pacerFor?.(config),
    onClose: () => authenticator.close?.(),
  });
  watch?.clientBuilt(config, client);
  return client;
}
