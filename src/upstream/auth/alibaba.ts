// Alibaba Cloud AccessKey credentials (ACS3-HMAC-SHA256 signing), with an
// optional STS token, read from the names `@alicloud/credentials` reads
// (ALIBABA_CLOUD_*). Every attempt is signed anew, so each carries its own
// date and nonce.

// From config's files, not its index.ts: config/index.ts loads config/load.ts,
// which loads the credential kinds (this folder) while config is still loading.
// eslint-disable-next-line local/public-surface
import { ConfigError } from '../../config/errors.js';
import type { Authenticator, OutgoingRequest } from '../http-client.js';
import { signAlibabaRequest } from '../signing/alibaba.js';
import type { CredentialKind } from './kind.js';

interface AlibabaAuth {
  type: 'alibaba';
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

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

export const alibabaKind: CredentialKind<AlibabaAuth> = {
  type: 'alibaba',
  // The AccessKey id is not a password, but it names the account's key: kept out of logs and responses too.
  fields: { accessKeyId: 'secret', accessKeySecret: 'secret', securityToken: 'secret' },
  secretHeaders: ['authorization', 'x-acs-security-token'],
  envNames: ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN'],
  fromEnv(env) {
    const id = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
    const secret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
    if (!id && !secret) return undefined;
    if (!id || !secret) {
      throw new ConfigError('ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET must be set together');
    }
    return {
      type: 'alibaba',
      accessKeyId: id,
      accessKeySecret: secret,
      securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN || undefined,
    };
  },
  fileSchema: {},
  fromFile: (_plain, read) => ({
    type: 'alibaba',
    accessKeyId: read.secret('accessKeyId', { required: true }),
    accessKeySecret: read.secret('accessKeySecret', { required: true }),
    securityToken: read.secret('securityToken'),
  }),
  // An AccessKey id is not an account name, and global ids must not carry credentials.
  projectOf: () => '',
  createAuthenticator: (auth) => alibabaAuthenticator(auth),
};
