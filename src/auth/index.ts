// Client authentication: who may call the gateway, with which scopes, in
// which tenants (see ./authenticate.ts for the request check). The clouds'
// own credentials are another matter: src/upstream/auth/.

export { AuthFailure, createRequestAuthenticator, type RequestAuthenticator } from './authenticate.js';
export { anonymousCaller, mayUse, type Caller, type CallerVia } from './caller.js';
export type { HeadersLike } from './headers.js';
export { missingScopeError, scopeFor, SCOPES, type Scope } from './scopes.js';
