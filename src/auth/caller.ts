// Who is calling: the identity a request was authenticated as, what it may
// do (scopes), which source instances it may use (tenants), and the cloud
// token of its own that passthrough sources forward.

import { SCOPES } from './scopes.js';

/** How a caller was authenticated. */
export type CallerVia = 'jwt' | 'apikey' | 'none';

export interface Caller {
  /** Who, for logs: the token's `sub`, the API key's `name`, or `anonymous`. */
  readonly id: string;
  readonly via: CallerVia;
  readonly scopes: ReadonlySet<string>;
  /** The tenants whose source instances it may use (an instance without `tenants` is everyone's). */
  readonly tenants: ReadonlySet<string>;
  /** Its own cloud token (`X-Auth-Token`), forwarded to sources with `auth: { type: passthrough }`. */
  readonly cloudToken?: string;
  /**
   * Every credential value the request presented (bearer token, API key,
   * cloud token): scrubbed from every error and log line of the request.
   */
  readonly secrets: readonly string[];
}

/** The caller of a gateway without client authentication: may do everything, belongs to no tenant. */
export function anonymousCaller(cloudToken: string | undefined, secrets: readonly string[]): Caller {
  return { id: 'anonymous', via: 'none', scopes: new Set(SCOPES), tenants: new Set(), cloudToken, secrets };
}

/** Whether the caller may use an instance with these `tenants` (none: everyone may). */
export function mayUse(caller: Caller, tenants: readonly string[] | undefined): boolean {
  return !tenants || tenants.some((tenant) => caller.tenants.has(tenant));
}
