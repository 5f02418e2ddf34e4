// Client authentication: who may call the gateway, with which scopes, in
// which tenants (see ./authenticate.ts for the request check). The clouds'
// own credentials are another matter: src/upstream/auth/.

export { clientAuthPlugin, missingScopeError } from './apollo-plugin.js';
export { AuthFailure, createRequestAuthenticator, type RequestAuthenticator } from './authenticate.js';
export { anonymousCaller, mayUse, type Caller } from './caller.js';
export { SCOPES } from './scopes.js';
