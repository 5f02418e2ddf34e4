// The scopes a caller may hold, and which one each kind of operation needs.
// They come from the token's `scope` claim (space-separated, as OAuth 2
// issues it) or `scp` (an array, or a string), or from an API key's `scopes`.

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
