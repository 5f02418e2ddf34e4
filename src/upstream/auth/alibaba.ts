// The authenticator for Alibaba Cloud APIs (E-HPC Instant): every attempt is
// signed anew with ACS3-HMAC-SHA256, so each carries its own date and nonce.

import type { AlibabaAuth } from '../../config.js';
import type { Authenticator, OutgoingRequest } from '../http-client.js';
import { signAlibabaRequest } from '../signing/alibaba.js';

export function alibabaAuthenticator(auth: AlibabaAuth, now: () => Date = () => new Date()): Authenticator {
  const credentials = {
    accessKeyId: auth.accessKeyId,
    accessKeySecret: auth.accessKeySecret,
    securityToken: auth.securityToken,
  };
  return {
    authenticate: (request: OutgoingRequest) =>
      signAlibabaRequest(
        {
          method: request.method,
          host: request.host,
          path: request.path,
          query: request.query,
          headers: request.headers,
          body: request.body,
        },
        credentials,
        { now: now() },
      ),
  };
}
