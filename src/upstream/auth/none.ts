// No credentials: an endpoint that needs none (a Glance in no-auth mode, a
// proxy that authenticates for us). Never chosen from the environment: an
// env-configured instance with no credentials set falls back to it.

import type { CredentialKind } from './kind.js';

interface NoAuth {
  type: 'none';
}

export const noneKind: CredentialKind<NoAuth> = {
  type: 'none',
  fields: {},
  secretHeaders: [],
  envNames: [],
  fromEnv: () => undefined,
  fileSchema: {},
  fromFile: () => ({ type: 'none' }),
  projectOf: () => '',
  createAuthenticator: () => ({ authenticate: (request) => ({ ...request.headers }) }),
};
