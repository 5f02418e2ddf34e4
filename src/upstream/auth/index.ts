// The credential kinds, one line each. Everything about a kind lives in its
// module (./kind.ts says what a kind is); this list is the only place that
// knows them all, and every other file asks it.

import { akskKind } from './aksk.js';
import { alibabaKind } from './alibaba.js';
import { keystoneKind } from './keystone.js';
import type { AuthenticatorDeps, ClosableAuthenticator, CredentialKind } from './kind.js';
import { secretValuesOf } from './kind.js';
import { noneKind } from './none.js';
import { passthroughKind } from './passthrough.js';
import { tokenKind } from './token.js';

const KINDS = [akskKind, tokenKind, keystoneKind, alibabaKind, passthroughKind, noneKind] as const;

/** The configuration of a source instance's credentials: one of the kinds'. */
export type SourceAuth = AuthOf<(typeof KINDS)[number]>;
type AuthOf<Kind> = Kind extends CredentialKind<infer Auth> ? Auth : never;

/** Every registered kind. */
const CREDENTIAL_KINDS: readonly CredentialKind<SourceAuth>[] = KINDS;

/** The kind of a type name, or undefined when none is registered under it. */
export function credentialKind(type: string): CredentialKind<SourceAuth> | undefined {
  return CREDENTIAL_KINDS.find((kind) => kind.type === type);
}

function kindOf(auth: SourceAuth): CredentialKind<SourceAuth> {
  const kind = credentialKind(auth.type);
  if (!kind) throw new Error(`no credential kind "${auth.type}" is registered`);
  return kind;
}

/** The first of `types` whose variables are set in `env`; `none` when none are. */
export function credentialsFromEnv(env: Record<string, string | undefined>, types: readonly string[]): SourceAuth {
  for (const type of types) {
    const auth = credentialKind(type)?.fromEnv(env);
    if (auth) return auth;
  }
  return { type: 'none' };
}

export function createAuthenticator(auth: SourceAuth, deps: AuthenticatorDeps): ClosableAuthenticator {
  return kindOf(auth).createAuthenticator(auth, deps);
}

/** The secret values of a configuration: what must be scrubbed from every error and log line. */
export function secretsOf(auth: SourceAuth): string[] {
  return secretValuesOf(kindOf(auth), auth);
}

/** The project or account the credentials are scoped to ('' when they do not say). */
export function projectOfCredentials(auth: SourceAuth): string {
  return kindOf(auth).projectOf(auth);
}

/**
 * Keys the logger redacts wherever they appear: every kind's secret fields
 * (and their `…Env` names' targets) and the headers that carry them.
 */
export const LOG_REDACTIONS: readonly string[] = [
  ...new Set(
    CREDENTIAL_KINDS.flatMap((kind) => [
      ...Object.entries(kind.fields)
        .filter(([, role]) => role === 'secret')
        .map(([name]) => name),
      ...kind.secretHeaders,
    ]),
  ),
];

export { authFileReader, fileSchemaOf } from './kind.js';
