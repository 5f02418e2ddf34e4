// The upstream client of one configured source instance: its endpoint, limits
// and credentials. Closing the client also releases what its authenticator
// holds (Keystone's connection pool).

import type { SourceInstanceConfig } from '../config/types.js';
import type { Logger } from '../logger.js';
import { createAuthenticator } from './auth/index.js';
import { UpstreamClient } from './http-client.js';

export function upstreamClientFor(config: SourceInstanceConfig, logger: Logger): UpstreamClient {
  const authenticator = createAuthenticator(config.auth, {
    provider: config.provider,
    region: config.region,
    timeoutMs: config.timeoutMs,
  });
  return new UpstreamClient({
    provider: config.provider,
    region: config.region,
    instance: config.name,
    endpoint: config.endpoint,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    authenticator,
    logger,
    onClose: () => authenticator.close?.(),
  });
}
