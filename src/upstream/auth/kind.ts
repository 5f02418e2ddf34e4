// What a credential kind is: one way of authenticating to an upstream API. A
// kind owns everything about itself: the shape of its configuration, which of
// its fields are secrets, the environment variables it is read from, how it is
// read from IMAGE_GATEWAY_CONFIG, and the authenticator that puts it on
// requests. Adding a kind is one module here and one line in ./index.ts;
// nothing else learns its name.

import { z } from 'zod';
// From config's files, not its index.ts: config/index.ts loads config/load.ts,
// which loads the credential kinds (this folder) while config is still loading.
// eslint-disable-next-line local/public-surface
import type { Env } from '../../config/env.js';
// eslint-disable-next-line local/public-surface
import { ConfigError } from '../../config/errors.js';
import type { Authenticator } from '../http-client.js';

/** What an authenticator may need besides the credentials: where errors say they come from. */
export interface AuthenticatorDeps {
  provider: string;
  region: string;
  /** Timeout of the authenticator's own calls (a Keystone token request), ms. */
  timeoutMs: number;
}

/** An authenticator, and what it holds open (Keystone keeps a connection pool). */
export type ClosableAuthenticator = Authenticator & { close?(): Promise<void> };

/** Reads the `auth` object of one instance in IMAGE_GATEWAY_CONFIG. */
export interface AuthFileReader {
  /** Where the object is in the file (`sources[2].auth`), for messages. */
  readonly where: string;
  /**
   * A secret given inline (`sk: …`) or as the name of an env var holding it
   * (`skEnv: HW_SK`), so files can be committed without secrets.
   */
  secret(name: string, options: { required: true }): string;
  secret(name: string, options?: { required?: boolean }): string | undefined;
}

export interface CredentialKind<Auth extends { type: string }> {
  /** The `type` of its configuration (`auth: { type: aksk, … }`). */
  readonly type: Auth['type'];
  /**
   * Every field of the configuration but `type`, saying whether it is a
   * secret. The mapped type makes a field added to `Auth` a compile error
   * until it is classified here. Secret values are scrubbed from every error
   * and log line, may be given in the file as `field` or `fieldEnv`, and never
   * reach a response.
   */
  readonly fields: { readonly [Field in Exclude<keyof Auth, 'type'>]-?: 'secret' | 'plain' };
  /** The environment variables it reads (the README lists them). */
  readonly envNames: readonly string[];
  /** Request headers that carry its secrets: redacted wherever a log line might show them. */
  readonly secretHeaders: readonly string[];
  /** Reads it from the environment; undefined when none of its variables are set. */
  fromEnv(env: Env): Auth | undefined;
  /** The plain (non-secret) fields of its file form; secrets are added from `fields`. */
  readonly fileSchema: z.ZodRawShape;
  /** Builds it from the file form, already checked against `fileSchema`. */
  fromFile(plain: Record<string, unknown>, read: AuthFileReader): Auth;
  /** The project or account the credentials are scoped to, when they say; '' otherwise. */
  projectOf(auth: Auth): string;
  createAuthenticator(auth: Auth, deps: AuthenticatorDeps): ClosableAuthenticator;
}

/** The file schema of a kind: its plain fields, and each secret as `name` or `nameEnv`. */
export function fileSchemaOf<Auth extends { type: string }>(kind: CredentialKind<Auth>): z.ZodObject {
  const secretValue = z.string().min(1).optional();
  const secrets: Record<string, z.ZodType> = {};
  for (const [name, role] of Object.entries(kind.fields)) {
    if (role !== 'secret') continue;
    secrets[name] = secretValue;
    secrets[`${name}Env`] = secretValue;
  }
  return z.object({ type: z.literal(kind.type), ...kind.fileSchema, ...secrets }).strict();
}

/** A reader over one parsed `auth` object; secrets named by `…Env` come from `env`. */
export function authFileReader(raw: Record<string, unknown>, env: Env, where: string): AuthFileReader {
  function secret(name: string, options: { required?: boolean } = {}): string | undefined {
    const direct = raw[name] as string | undefined;
    const envName = raw[`${name}Env`] as string | undefined;
    if (direct !== undefined && envName !== undefined) {
      throw new ConfigError(`${where}.${name} and ${where}.${name}Env are exclusive`);
    }
    if (envName !== undefined) {
      const value = env[envName];
      if (!value) throw new ConfigError(`${where}.${name}Env names ${envName}, which is not set`);
      return value;
    }
    if (options.required && !direct) throw new ConfigError(`${where}.${name} (or ${name}Env) is required`);
    return direct || undefined;
  }
  return { where, secret: secret as AuthFileReader['secret'] };
}

/** The secret values of one configuration, as `fields` classifies them. */
export function secretValuesOf<Auth extends { type: string }>(kind: CredentialKind<Auth>, auth: Auth): string[] {
  const values: string[] = [];
  for (const [name, role] of Object.entries(kind.fields)) {
    const value = (auth as Record<string, unknown>)[name];
    if (role === 'secret' && typeof value === 'string' && value !== '') values.push(value);
  }
  return values;
}
