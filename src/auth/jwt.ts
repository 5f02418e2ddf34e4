// Bearer JWTs, verified with jose against the identity provider's JWKS: the
// configured IMAGE_GATEWAY_JWT_JWKS_URL, or the `jwks_uri` of the issuer's
// OpenID discovery document (`<issuer>/.well-known/openid-configuration`,
// fetched on first use; its `issuer` must be the configured one).
//
// What is accepted: an asymmetric signature (RS256, PS256, ES256, EdDSA) by a
// key of that set, `iss` the issuer, `aud` one of the audiences, an `exp`,
// and `exp`, `nbf` and `iat` within 30 s of the gateway's clock. jose checks
// the algorithm before it looks for a key, so `alg: none` and HMAC (an RSA
// public key used as an HS256 secret) are refused whatever the key says.
//
// Keys: jose's remote JWKS caches the set for 10 minutes, and a token whose
// `kid` is not in it makes it fetch the set again at most once per 30 s
// (the cooldown), so rotated keys are found and unknown kids cannot make the
// gateway hammer the provider. jose does not hold back after a failed fetch,
// so this file does: for 5 s after one, a token that would need a fetch is
// answered "unavailable" without one.

import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { JwtConfig } from '../config/index.js';
import { isLoopbackHost } from '../config/index.js';

export const JWT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];
/** Clock skew allowed on `exp`, `nbf` and `iat`, seconds. */
export const CLOCK_TOLERANCE_S = 30;
/** Least time between two fetches of the key set for an unknown `kid`, ms. */
export const KEY_REFETCH_COOLDOWN_MS = 30_000;
const KEYS_MAX_AGE_MS = 10 * 60_000;
const FETCH_TIMEOUT_MS = 5_000;
const HOLD_BACK_AFTER_FAILURE_MS = 5_000;

/** A token the gateway refuses; the message says why and never quotes the token. */
export class TokenRejected extends Error {}

/** The identity provider's keys could not be had: no token can be checked just now. */
export class KeysUnavailable extends Error {}

type RemoteKeys = ReturnType<typeof createRemoteJWKSet>;

export class JwtVerifier {
  private keys: Promise<RemoteKeys> | undefined;
  private failedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly config: JwtConfig) {
    if (config.jwksUrl) this.keys = Promise.resolve(remoteKeys(config.jwksUrl));
  }

  /** The token's claims, once every check passed; TokenRejected or KeysUnavailable otherwise. */
  async verify(token: string): Promise<JWTPayload> {
    // What no key can make valid is refused before the keys are read: a token
    // with `alg: none` or HMAC is a 401 even while the key set is unreachable.
    let alg: unknown;
    try {
      ({ alg } = decodeProtectedHeader(token));
    } catch {
      throw new TokenRejected('the token is malformed');
    }
    if (typeof alg !== 'string' || !JWT_ALGORITHMS.includes(alg)) {
      throw new TokenRejected(`the token's algorithm is not accepted (only ${JWT_ALGORITHMS.join(', ')})`);
    }
    const keys = await this.keySet();
    if (!keys.fresh && Date.now() - this.failedAt < HOLD_BACK_AFTER_FAILURE_MS) throw unavailable();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.config.issuer,
        audience: [...this.config.audiences],
        algorithms: JWT_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw this.explain(error);
    }
    // jose checks `iat` only against a maximum age; a token from the future is refused here.
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + CLOCK_TOLERANCE_S) {
      throw new TokenRejected('the token was issued in the future (iat)');
    }
    return payload;
  }

  // Private: where the keys are, and what a failure means.

  private keySet(): Promise<RemoteKeys> {
    if (!this.keys) {
      if (Date.now() - this.failedAt < HOLD_BACK_AFTER_FAILURE_MS) return Promise.reject(unavailable());
      this.keys = discoverJwksUrl(this.config.issuer).then(remoteKeys, (error: unknown) => {
        this.keys = undefined;
        this.failedAt = Date.now();
        throw error;
      });
    }
    return this.keys;
  }

  private explain(error: unknown): Error {
    const code = error instanceof errors.JOSEError ? error.code : undefined;
    switch (code) {
      case 'ERR_JWT_EXPIRED':
        return new TokenRejected('the token has expired (exp)');
      case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
        return new TokenRejected(claimMessage(error as errors.JWTClaimValidationFailed));
      case 'ERR_JOSE_ALG_NOT_ALLOWED':
        return new TokenRejected(`the token's algorithm is not accepted (only ${JWT_ALGORITHMS.join(', ')})`);
      case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
        return new TokenRejected('the token signature does not verify');
      case 'ERR_JWKS_NO_MATCHING_KEY':
        return new TokenRejected("no key of the issuer's key set matches the token (kid)");
      case 'ERR_JWS_INVALID':
      case 'ERR_JWT_INVALID':
        return new TokenRejected('the token is malformed');
      case 'ERR_JOSE_NOT_SUPPORTED':
      case 'ERR_JWK_INVALID':
        return new TokenRejected("the token's key or algorithm is not supported");
      case 'ERR_JWKS_TIMEOUT':
      case 'ERR_JWKS_INVALID':
      case 'ERR_JOSE_GENERIC':
        // jose's own errors of a failed fetch of the key set (not 200, not JSON, not a key set).
        this.failedAt = Date.now();
        return unavailable();
      case undefined:
        // fetch's own: no connection (TypeError), or aborted.
        if (error instanceof TypeError || (error instanceof Error && error.name === 'AbortError')) {
          this.failedAt = Date.now();
          return unavailable();
        }
        return new TokenRejected('the token could not be verified');
      case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      case 'ERR_JWE_DECRYPTION_FAILED':
      case 'ERR_JWE_INVALID':
      default:
        return new TokenRejected('the token could not be verified');
    }
  }
}

// Private: messages and the key set's sources.

function unavailable(): KeysUnavailable {
  return new KeysUnavailable("the identity provider's keys could not be fetched: no token can be checked just now");
}

function claimMessage(error: errors.JWTClaimValidationFailed): string {
  if (error.reason === 'missing') return `the token has no ${error.claim} claim`;
  switch (error.claim) {
    case 'iss':
      return 'the token is from another issuer (iss)';
    case 'aud':
      return 'the token is for another audience (aud)';
    case 'nbf':
      return 'the token is not valid yet (nbf)';
    default:
      return `the token's ${error.claim} claim is invalid`;
  }
}

function remoteKeys(url: string): RemoteKeys {
  return createRemoteJWKSet(new URL(url), {
    cooldownDuration: KEY_REFETCH_COOLDOWN_MS,
    cacheMaxAge: KEYS_MAX_AGE_MS,
    timeoutDuration: FETCH_TIMEOUT_MS,
  });
}

/** The `jwks_uri` the issuer's discovery document names (OpenID Connect Discovery 1.0, §4). */
async function discoverJwksUrl(issuer: string): Promise<string> {
  const where = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let document: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const response = await fetch(where, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    document = (await response.json()) as typeof document;
  } catch {
    throw unavailable();
  }
  const jwksUri = typeof document?.jwks_uri === 'string' ? document.jwks_uri : '';
  let url: URL | undefined;
  try {
    url = new URL(jwksUri);
  } catch {
    url = undefined;
  }
  const trusted = url && (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)));
  if (document.issuer !== issuer || !trusted) throw unavailable();
  return jwksUri;
}
