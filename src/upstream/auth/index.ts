// The authenticator for a source instance's configured credentials.

import type { SourceInstanceConfig } from '../../config.js';
import type { Logger } from '../../logger.js';
import { UpstreamClient, type Authenticator } from '../http-client.js';
import { alibabaAuthenticator } from './alibaba.js';
import { huaweiAkSkAuthenticator, noAuthenticator, tokenAuthenticator } from './huawei.js';
import { keystoneAuthenticator } from './keystone.js';

export function createAuthenticator(config: SourceInstanceConfig): Authenticator & { close?(): Promise<void> } {
  const { auth } = config;
  switch (auth.type) {
    case 'aksk':
      return huaweiAkSkAuthenticator(auth);
    case 'token':
      return tokenAuthenticator(auth);
    case 'keystone':
      return keystoneAuthenticator(auth, {
        provider: config.provider,
        region: config.region,
        timeoutMs: config.timeoutMs,
      });
    case 'alibaba':
      return alibabaAuthenticator(auth);
    case 'none':
      return noAuthenticator;
  }
}

/**
 * The upstream client of one configured source instance: its endpoint, limits
 * and credentials. Closing the client also releases the authenticator's own
 * connections (Keystone).
 */
export function upstreamClientFor(provider: string, config: SourceInstanceConfig, logger: Logger): UpstreamClient {
  const authenticator = createAuthenticator(config);
  return new UpstreamClient({
    provider,
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
