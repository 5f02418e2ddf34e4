// Who may call the gateway: IMAGE_GATEWAY_AUTH and the variables of the
// methods it names, validated at start like everything else. A variable of a
// method that IMAGE_GATEWAY_AUTH does not name is an error, not ignored: an
// operator who set IMAGE_GATEWAY_JWT_ISSUER and forgot IMAGE_GATEWAY_AUTH
// would otherwise run an open gateway believing it checks tokens.

import { isIP } from 'node:net';
import { z } from 'zod';
// The scope names straight from their file: auth/index.ts loads auth/ (which reads
// config/index.ts), and the schema below reads SCOPES while this module loads.
// eslint-disable-next-line local/public-surface
import { SCOPES } from '../auth/scopes.js';
import { httpUrl, type Env } from './env.js';
import { ConfigError } from './errors.js';
import { parseStructuredFile, readNamedFile } from './file.js';
import type { ApiKeyConfig, ClientAuthConfig, ClientAuthMethod, JwtConfig, SourceInstanceConfig } from './types.js';

const METHODS: readonly ClientAuthMethod[] = ['jwt', 'apikey'];
const JWT_VARIABLES = [
  'IMAGE_GATEWAY_JWT_ISSUER',
  'IMAGE_GATEWAY_JWT_AUDIENCE',
  'IMAGE_GATEWAY_JWT_JWKS_URL',
  'IMAGE_GATEWAY_TENANT_CLAIM',
];
const API_KEY_VARIABLES = ['IMAGE_GATEWAY_API_KEYS_FILE'];

/** Whether a listen address or URL host is loopback: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}

/** An http(s) URL whose keys the gateway trusts: https, or http on loopback only. */
function trustedUrl(raw: string, variable: string): string {
  const url = httpUrl(raw, variable);
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'https:' && !isLoopbackHost(hostname)) {
    throw new ConfigError(`${variable} must be an https URL (plain http only on a loopback address), got "${raw}"`);
  }
  return url;
}

function methodsOf(raw: string | undefined): { methods: ClientAuthMethod[]; explicit: boolean } {
  if (raw === undefined || raw.trim() === '') return { methods: [], explicit: false };
  const words = raw.split(',').map((word) => word.trim().toLowerCase());
  const known = 'none, jwt, apikey or jwt,apikey';
  if (words.length === 1 && words[0] === 'none') return { methods: [], explicit: true };
  const methods: ClientAuthMethod[] = [];
  for (const word of words) {
    const method = METHODS.find((m) => m === word);
    if (!method) throw new ConfigError(`IMAGE_GATEWAY_AUTH must be ${known}, got "${raw}"`);
    if (!methods.includes(method)) methods.push(method);
  }
  return { methods, explicit: true };
}

function jwtFromEnv(env: Env): JwtConfig {
  const issuer = env.IMAGE_GATEWAY_JWT_ISSUER?.trim();
  if (!issuer) throw new ConfigError('IMAGE_GATEWAY_JWT_ISSUER must be set with IMAGE_GATEWAY_AUTH=jwt');
  const audiences = (env.IMAGE_GATEWAY_JWT_AUDIENCE ?? '')
    .split(',')
    .map((audience) => audience.trim())
    .filter(Boolean);
  if (audiences.length === 0) {
    throw new ConfigError('IMAGE_GATEWAY_JWT_AUDIENCE must be set with IMAGE_GATEWAY_AUTH=jwt');
  }
  const jwksRaw = env.IMAGE_GATEWAY_JWT_JWKS_URL?.trim();
  // Without a JWKS URL the keys are found by OpenID discovery, so the issuer must be a URL the gateway trusts.
  const jwksUrl = jwksRaw ? trustedUrl(jwksRaw, 'IMAGE_GATEWAY_JWT_JWKS_URL') : undefined;
  if (!jwksUrl) trustedUrl(issuer, 'IMAGE_GATEWAY_JWT_ISSUER');
  const tenantClaim = env.IMAGE_GATEWAY_TENANT_CLAIM?.trim() || undefined;
  return { issuer, audiences, jwksUrl, tenantClaim };
}

const apiKeySchema = z
  .object({
    name: z.string().min(1),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, "must be the key's SHA-256, 64 hexadecimal characters (never the key itself)"),
    scopes: z.array(z.enum(SCOPES)).min(1),
    tenants: z.array(z.string().min(1)).default([]),
  })
  .strict();

const apiKeysSchema = z.array(apiKeySchema).superRefine((keys, context) => {
  const seen = { name: new Set<string>(), sha256: new Set<string>() };
  keys.forEach((key, index) => {
    for (const field of ['name', 'sha256'] as const) {
      const value = field === 'sha256' ? key.sha256.toLowerCase() : key.name;
      if (seen[field].has(value)) context.addIssue({ code: 'custom', path: [index, field], message: 'used twice' });
      seen[field].add(value);
    }
  });
});

/** The keys of IMAGE_GATEWAY_API_KEYS_FILE, a JSON or YAML list of `{ name, sha256, scopes, tenants }`. */
export function readApiKeysFile(fileName: string): ApiKeyConfig[] {
  const variable = 'IMAGE_GATEWAY_API_KEYS_FILE';
  const keys = parseStructuredFile(readNamedFile(fileName, variable), fileName, variable, apiKeysSchema);
  return keys.map((key) => ({ ...key, sha256: key.sha256.toLowerCase() }));
}

/** IMAGE_GATEWAY_AUTH and the variables of the methods it names. */
export function clientAuthFromEnv(env: Env): ClientAuthConfig {
  const { methods, explicit } = methodsOf(env.IMAGE_GATEWAY_AUTH);
  for (const [method, variables] of [
    ['jwt', JWT_VARIABLES],
    ['apikey', API_KEY_VARIABLES],
  ] as const) {
    const stray = variables.find((name) => env[name]);
    if (stray && !methods.includes(method)) {
      throw new ConfigError(`${stray} is set but IMAGE_GATEWAY_AUTH does not include ${method}`);
    }
  }
  const config: ClientAuthConfig = { methods, explicit };
  if (methods.includes('jwt')) config.jwt = jwtFromEnv(env);
  if (methods.includes('apikey')) {
    const fileName = env.IMAGE_GATEWAY_API_KEYS_FILE;
    if (!fileName) throw new ConfigError('IMAGE_GATEWAY_API_KEYS_FILE must be set with IMAGE_GATEWAY_AUTH=apikey');
    config.apiKeys = readApiKeysFile(fileName);
  }
  return config;
}

/**
 * Refuses what would expose the clouds: no IMAGE_GATEWAY_AUTH on an address
 * other than loopback, and tenants that no caller could ever belong to.
 */
export function checkClientAuth(
  config: ClientAuthConfig,
  host: string,
  sources: readonly SourceInstanceConfig[],
): void {
  if (!config.explicit && !isLoopbackHost(host)) {
    throw new ConfigError(
      `HOST ${host} is not a loopback address and IMAGE_GATEWAY_AUTH is not set: set IMAGE_GATEWAY_AUTH to jwt, apikey or jwt,apikey (or none to serve every caller unauthenticated)`,
    );
  }
  const tenanted = sources.find((source) => source.tenants);
  if (config.methods.length === 0 && tenanted) {
    throw new ConfigError(
      `source "${tenanted.name}" lists tenants, which need client authentication (IMAGE_GATEWAY_AUTH=jwt or apikey): without it no caller belongs to a tenant`,
    );
  }
}
