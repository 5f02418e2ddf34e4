// OpenStack Keystone v3 password authentication, for IMS and any Glance.
//
// The token is fetched on first use and shared by every request of the
// gateway; concurrent first uses wait for the same fetch. It is kept until a
// minute before its `expires_at`, and fetched again once when an upstream
// answers 401 (the token may have been revoked). The password and token never
// appear in errors or logs.

import { Pool } from 'undici';
import type { KeystoneAuth } from '../../config.js';
import { ErrorCode, UpstreamError } from '../../errors.js';
import type { Authenticator } from '../http-client.js';

/** Refresh this long before the token's expiry. */
const EXPIRY_MARGIN_MS = 60_000;

interface CachedToken {
  token: string;
  expiresAt: number;
  fetchedAt: number;
  projectId?: string;
}

export interface KeystoneAuthenticator extends Authenticator {
  /** The project the token is scoped to, once known. */
  projectId(): string | undefined;
  close(): Promise<void>;
}

export function keystoneAuthenticator(
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
