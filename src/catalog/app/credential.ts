// The caller's credential, for a gateway with client authentication on. It
// lives in this tab's memory only (a React state and the clients built from
// it): never Web Storage, never a cookie, gone on reload. It goes on every
// HTTP request as a header and in graphql-ws's connection_init payload, where
// the gateway reads the same names (src/auth/headers.ts).

export type Credential = { kind: 'apikey'; secret: string } | { kind: 'bearer'; secret: string };

/** The headers (and connection_init payload) that present the credential. */
export function credentialHeaders(credential: Credential | undefined): Record<string, string> {
  if (!credential) return {};
  return credential.kind === 'apikey'
    ? { 'x-api-key': credential.secret }
    : { authorization: `Bearer ${credential.secret}` };
}
