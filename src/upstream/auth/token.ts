// A ready-made IAM or Keystone token, sent as X-Auth-Token. IAM tokens live
// 24 h; refreshing this one is the operator's job (use `keystone` to have the
// gateway fetch and refresh its own).

import type { CredentialKind } from './kind.js';

interface TokenAuth {
  type: 'token';
  token: string;
}

export const tokenKind: CredentialKind<TokenAuth> = {
  type: 'token',
  fields: { token: 'secret' },
  secretHeaders: ['x-auth-token'],
  envNames: ['HUAWEICLOUD_AUTH_TOKEN'],
  fromEnv: (env) => (env.HUAWEICLOUD_AUTH_TOKEN ? { type: 'token', token: env.HUAWEICLOUD_AUTH_TOKEN } : undefined),
  fileSchema: {},
  fromFile: (_plain, read) => ({ type: 'token', token: read.secret('token', { required: true }) }),
  projectOf: () => '',
  createAuthenticator: (auth) => ({ authenticate: (request) => ({ ...request.headers, 'X-Auth-Token': auth.token }) }),
};
