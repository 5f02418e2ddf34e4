// OpenStack Keystone v3 password authentication, for IMS and any Glance.
//
// The token is fetched on first use and shared by every request of the
// gateway; concurrent first uses wait for the same fetch. It is kept until a
// minute before its `expires_at`, and fetched again once when an upstream
// answers 401 (the token may have been revoked). The password and token never
// appear in errors or logs.

import { Pool } from 'undici';
import { z } from 'zod';
// From config's files, not its index.ts: config/index.ts loads config/load.ts,
// which loads the credential kinds (this folder) while config is still loading.
// eslint-disable-next-line local/public-surface
import { httpUrl } from '../../config/env.js';
// eslint-disable-next-line local/public-surface
import { ConfigError } from '../../config/errors.js';
import { ErrorCode, UpstreamError } from '../../errors.js';
import type { Authenticator } from '../http-client.js';
import type { CredentialKind } from './kind.js';

/** Keystone v3 password auth; the token is fetched and refreshed by the gateway. */
interface KeystoneAuth {
  type: 'keystone';
  authUrl: string;
  username: string;
  password: string;
  userDomainName: string;
  projectName?: string;
  projectId?: string;
  projectDomainName: string;
}

/** Refresh this long before the token's expiry. */
const EXPIRY_MARGIN_MS = 60_000;

interface CachedToken {
  token: string;
  expiresAt: number;
  fetchedAt: number;
  projectId?: string;
}

interface KeystoneAuthenticator extends Authenticator {
  /** The project the token is scoped to, once known. */
  projectId(): string | undefined;
  close(): Promise<void>;
}

function keystoneAuthenticator(
  auth: KeystoneAuth,
  options: { provider: string; region?: string; timeoutMs: number; now?: () => number },
): KeystoneAuthenticator {
  const now = options.now ?? Date.now;
  const url = new URL(auth.authUrl.replace(/\/+$/, '') + '/auth/tokens');
  const pool = new Pool(url.origin, { connections: 4, keepAliveTimeout: 30_000 });
  let cached: CachedToken | undefined;
  let inFlight: Promise<CachedToken> | undefined;

  const failure = (code: ErrorCode, message: string, upstreamStatus?: number) =>
    new UpstreamError(message, {
      code,
      provider: options.provider,
      region: options.region || undefined,
      upstreamStatus,
    });

  async function fetchToken(): Promise<CachedToken> {
    const project = auth.projectId
      ? { id: auth.projectId }
      : { name: auth.projectName, domain: { name: auth.projectDomainName } };
    const body = JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: auth.username, domain: { name: auth.userDomainName }, password: auth.password } },
        },
        scope: { project },
      },
    });
    let response;
    try {
      response = await pool.request({
        method: 'POST',
        path: url.pathname,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch {
      throw failure(ErrorCode.UPSTREAM_UNAVAILABLE, `Keystone at ${url.origin} could not be reached`);
    }
    const text = await response.body.text();
    if (response.statusCode === 401) {
      throw failure(ErrorCode.UNAUTHENTICATED, 'Keystone rejected the configured credentials', 401);
    }
    if (response.statusCode === 403) {
      throw failure(ErrorCode.FORBIDDEN, 'Keystone refused the configured project scope', 403);
    }
    if (response.statusCode >= 400) {
      throw failure(
        response.statusCode >= 500 ? ErrorCode.UPSTREAM_UNAVAILABLE : ErrorCode.UNAUTHENTICATED,
        `Keystone answered HTTP ${response.statusCode} to the token request`,
        response.statusCode,
      );
    }
    const header = response.headers['x-subject-token'];
    const token = Array.isArray(header) ? header[0] : header;
    if (!token) throw failure(ErrorCode.UPSTREAM_BAD_RESPONSE, 'Keystone answered without X-Subject-Token');
    const fetchedAt = now();
    let expiresAt = fetchedAt + 3_600_000;
    let projectId: string | undefined;
    try {
      const parsed = JSON.parse(text) as { token?: { expires_at?: string; project?: { id?: string } } };
      const expiry = Date.parse(parsed.token?.expires_at ?? '');
      if (Number.isFinite(expiry)) expiresAt = expiry;
      projectId = parsed.token?.project?.id;
    } catch {
      // A token without a readable body still works; keep it for an hour at most.
    }
    return { token, expiresAt, fetchedAt, projectId };
  }

  async function currentToken(): Promise<CachedToken> {
    // A short-lived token is renewed at half its life rather than a minute before expiry.
    const margin = cached ? Math.min(EXPIRY_MARGIN_MS, (cached.expiresAt - cached.fetchedAt) / 2) : 0;
    if (cached && cached.expiresAt - margin > now()) return cached;
    inFlight ??= fetchToken().finally(() => {
      inFlight = undefined;
    });
    cached = await inFlight;
    return cached;
  }

  return {
    async authenticate(request) {
      const { token } = await currentToken();
      return { ...request.headers, 'X-Auth-Token': token };
    },
    async refreshAfterUnauthorized(sentHeaders) {
      // Concurrent calls that all got 401 share one refresh: a fetch in flight
      // is awaited, and a token that already replaced the refused one is kept.
      if (inFlight) {
        await inFlight;
        return true;
      }
      const refused = sentHeaders['X-Auth-Token'] ?? sentHeaders['x-auth-token'];
      if (cached && refused !== undefined && cached.token !== refused) return true;
      cached = undefined;
      await currentToken();
      return true;
    },
    projectId: () => cached?.projectId,
    close: () => pool.close(),
  };
}

/** The plain fields of the file form (the password is a secret: `password` or `passwordEnv`). */
const fileFields = {
  authUrl: z.url(),
  username: z.string().min(1),
  userDomainName: z.string().default('Default'),
  projectName: z.string().optional(),
  projectId: z.string().optional(),
  projectDomainName: z.string().default('Default'),
};

export const keystoneKind: CredentialKind<KeystoneAuth> = {
  type: 'keystone',
  fields: {
    authUrl: 'plain',
    username: 'plain',
    password: 'secret',
    userDomainName: 'plain',
    projectName: 'plain',
    projectId: 'plain',
    projectDomainName: 'plain',
  },
  // The token we send, and the one Keystone answers with.
  secretHeaders: ['x-auth-token', 'x-subject-token'],
  // The names of the OpenStack command-line clients' openrc files.
  envNames: [
    'OS_AUTH_URL',
    'OS_USERNAME',
    'OS_PASSWORD',
    'OS_PROJECT_NAME',
    'OS_PROJECT_ID',
    'OS_USER_DOMAIN_NAME',
    'OS_PROJECT_DOMAIN_NAME',
  ],
  fromEnv(env) {
    if (!env.OS_AUTH_URL) return undefined;
    for (const key of ['OS_USERNAME', 'OS_PASSWORD'] as const) {
      if (!env[key]) throw new ConfigError(`${key} must be set with OS_AUTH_URL`);
    }
    if (!env.OS_PROJECT_NAME && !env.OS_PROJECT_ID) {
      throw new ConfigError('OS_PROJECT_NAME or OS_PROJECT_ID must be set with OS_AUTH_URL');
    }
    return {
      type: 'keystone',
      authUrl: httpUrl(env.OS_AUTH_URL, 'OS_AUTH_URL'),
      username: env.OS_USERNAME!,
      password: env.OS_PASSWORD!,
      userDomainName: env.OS_USER_DOMAIN_NAME || 'Default',
      projectName: env.OS_PROJECT_NAME || undefined,
      projectId: env.OS_PROJECT_ID || undefined,
      projectDomainName: env.OS_PROJECT_DOMAIN_NAME || 'Default',
    };
  },
  fileSchema: fileFields,
  fromFile(plain, read) {
    const file = z.object(fileFields).parse(plain);
    if (!file.projectName && !file.projectId) {
      throw new ConfigError(`${read.where}.projectName or ${read.where}.projectId is required`);
    }
    return {
      type: 'keystone',
      authUrl: file.authUrl.replace(/\/+$/, ''),
      username: file.username,
      password: read.secret('password', { required: true }),
      userDomainName: file.userDomainName,
      projectName: file.projectName,
      projectId: file.projectId,
      projectDomainName: file.projectDomainName,
    };
  },
  projectOf: (auth) => auth.projectId ?? auth.projectName ?? '',
  createAuthenticator: (auth, deps) => keystoneAuthenticator(auth, deps),
};
