// What the gateway tells the page when it serves it (src/catalog/index.ts):
// where /graphql is and which client-auth methods are on. Under the Vite dev
// server there is no such tag: the page then talks to /graphql (proxied to
// VITE_GATEWAY_URL) and learns that sign-in is needed from a 401.

export type AuthMethod = 'jwt' | 'apikey';

export interface PageConfig {
  endpoint: string;
  /** Null: not told (dev server); offer both fields when a 401 comes. */
  auth: AuthMethod[] | null;
}

export function readPageConfig(doc: Document = document): PageConfig {
  const text = doc.getElementById('catalog-config')?.textContent;
  if (!text) return { endpoint: '/graphql', auth: null };
  const parsed = JSON.parse(text) as { endpoint?: unknown; auth?: unknown };
  return {
    endpoint: typeof parsed.endpoint === 'string' ? parsed.endpoint : '/graphql',
    auth: Array.isArray(parsed.auth) ? parsed.auth.filter((m): m is AuthMethod => m === 'jwt' || m === 'apikey') : [],
  };
}

/** The ws:// (or wss://) URL of an endpoint relative to the page. */
export function webSocketUrl(endpoint: string, base: string = window.location.href): string {
  const url = new URL(endpoint, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
