// The authenticator for a source instance's configured credentials.

import type { SourceInstanceConfig } from '../../config.js';
import type { Authenticator } from '../http-client.js';
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
      return keystoneAuthenticator(auth, { provider: config.provider, region: config.region, timeoutMs: config.timeoutMs });
    case 'alibaba':
      return alibabaAuthenticator(auth);
    case 'none':
      return noAuthenticator;
  }
}
