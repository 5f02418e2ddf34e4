// The scopes a caller may hold, and which one each kind of operation needs.
// They come from the token's `scope` claim (space-separated, as OAuth 2
// issues it) or `scp` (an array, or a string), or from an API key's `scopes`.
// The check itself runs in the operation pipeline (src/server/operation.ts),
// for every transport, after the operation is resolved and before anything
// executes (a refused mutation reaches no resolver and no upstream).

import { GraphQLError } from 'graphql';
import type { Caller } from './caller.js';

/** Every scope the gateway knows. */
export const SCOPES = ['images:read', 'images:write'] as const;
export type Scope = (typeof SCOPES)[number];

/** The scope an operation needs: reading for queries and subscriptions, writing for mutations. */
export function scopeFor(operation: 'query' | 'mutation' | 'subscription'): Scope {
  switch (operation) {
    case 'query':
    case 'subscription':
      return 'images:read';
    case 'mutation':
      return 'images:write';
  }
}

/** The scopes in a claim value: a space-separated string, or an array of strings. Anything else names none. */
export function scopesOfClaim(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  return [];
}

/**
 * Undefined when `caller` may run an operation of this type, else the refusal
 * to throw: FORBIDDEN, HTTP 403, naming the missing scope (RFC 6750 §3.1
 * `insufficient_scope`).
 */
export function missingScopeError(
  caller: Caller,
  operation: 'query' | 'mutation' | 'subscription',
): GraphQLError | undefined {
  const scope = scopeFor(operation);
  if (caller.scopes.has(scope)) return undefined;
  return new GraphQLError(`a ${operation} needs the ${scope} scope, which the caller does not have`, {
    extensions: {
      code: 'FORBIDDEN',
      scope,
      http: {
        status: 403,
        headers: new Map([
          ['www-authenticate', `Bearer realm="image-gateway", error="insufficient_scope", scope="${scope}"`],
        ]),
      },
    },
  });
}
