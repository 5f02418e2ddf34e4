// Huawei Cloud API Gateway AK/SK signing (SDK-HMAC-SHA256), read from the
// names the official SDK reads (HUAWEICLOUD_SDK_*). Like the SDK's
// BasicCredentials, it sends (and signs) X-Project-Id and, for temporary
// credentials, X-Security-Token.

import { z } from 'zod';
// From config's files, not its index.ts: config/index.ts loads config/load.ts,
// which loads the credential kinds (this folder) while config is still loading.
// eslint-disable-next-line local/public-surface
import { ConfigError } from '../../config/errors.js';
import type { Authenticator, OutgoingRequest } from '../http-client.js';
import { signHuaweiRequest } from '../signing/huawei.js';
import type { CredentialKind } from './kind.js';

interface AkSkAuth {
  type: 'aksk';
  ak: string;
  sk: string;
  /** Sent as X-Project-Id and filled into `{project_id}` paths. */
  projectId?: string;
  /** Temporary AK/SK: sent as X-Security-Token. */
  securityToken?: string;
}

/** Signs every attempt anew (each carries its own X-Sdk-Date). */
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

export const akskKind: CredentialKind<AkSkAuth> = {
  type: 'aksk',
  fields: { ak: 'secret', sk: 'secret', projectId: 'plain', securityToken: 'secret' },
  secretHeaders: ['authorization', 'x-security-token'],
  envNames: [
    'HUAWEICLOUD_SDK_AK',
    'HUAWEICLOUD_SDK_SK',
    'HUAWEICLOUD_SDK_PROJECT_ID',
    'HUAWEICLOUD_SDK_SECURITY_TOKEN',
  ],
  fromEnv(env) {
    if (!env.HUAWEICLOUD_SDK_AK && !env.HUAWEICLOUD_SDK_SK) return undefined;
    if (!env.HUAWEICLOUD_SDK_AK || !env.HUAWEICLOUD_SDK_SK) {
      throw new ConfigError('HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK must be set together');
    }
    return {
      type: 'aksk',
      ak: env.HUAWEICLOUD_SDK_AK,
      sk: env.HUAWEICLOUD_SDK_SK,
      projectId: env.HUAWEICLOUD_SDK_PROJECT_ID || undefined,
      securityToken: env.HUAWEICLOUD_SDK_SECURITY_TOKEN || undefined,
    };
  },
  fileSchema: { projectId: z.string().optional() },
  fromFile: (plain, read) => ({
    type: 'aksk',
    ak: read.secret('ak', { required: true }),
    sk: read.secret('sk', { required: true }),
    projectId: plain.projectId as string | undefined,
    securityToken: read.secret('securityToken'),
  }),
  projectOf: (auth) => auth.projectId ?? '',
  createAuthenticator: (auth) => huaweiAkSkAuthenticator(auth),
};
