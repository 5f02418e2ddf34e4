// Authenticators for Huawei Cloud APIs (ModelArts, IMS): AK/SK signing, or a
// ready IAM/Keystone token sent as X-Auth-Token.

import type { AkSkAuth, TokenAuth } from '../../config.js';
import type { Authenticator, OutgoingRequest } from '../http-client.js';
import { signHuaweiRequest } from '../signing/huawei.js';

/**
 * Signs every attempt with SDK-HMAC-SHA256. Like the official SDK's
 * BasicCredentials, it sends (and signs) X-Project-Id and, for temporary
 * credentials, X-Security-Token.
 */
export function huaweiAkSkAuthenticator(auth: AkSkAuth, now: () => Date = () => new Date()): Authenticator {
  return {
    authenticate(request: OutgoingRequest) {
      const headers: Record<string, string> = { ...request.headers };
      // A source may name the project itself (ModelArts puts it in the path too).
      const hasProject = Object.keys(headers).some((name) => name.toLowerCase() === 'x-project-id');
      if (auth.projectId && !hasProject) headers['X-Project-Id'] = auth.projectId;
      if (auth.securityToken) headers['X-Security-Token'] = auth.securityToken;
      return signHuaweiRequest(
        {
          method: request.method,
          host: request.host,
          path: request.path,
          query: request.query,
          headers,
          body: request.body,
        },
        { ak: auth.ak, sk: auth.sk },
        now(),
      );
    },
  };
}

/** Sends a fixed token as X-Auth-Token (IAM tokens live 24 h; refreshing them is the operator's job). */
export function tokenAuthenticator(auth: TokenAuth): Authenticator {
  return { authenticate: (request) => ({ ...request.headers, 'X-Auth-Token': auth.token }) };
}

/** No credentials (a Glance in no-auth mode). */
export const noAuthenticator: Authenticator = { authenticate: (request) => ({ ...request.headers }) };
