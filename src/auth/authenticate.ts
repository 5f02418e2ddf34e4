// The request check: which credentials a request (or a graphql-ws
// connection_init payload) presents, and who that makes the caller, or why it
// is refused. One function serves every entry point, so HTTP GET, POST and
// subscriptions are held to the same rules:
//
//   Authorization: Bearer <JWT>      with `jwt`  (a JWT-shaped bearer)
//   Authorization: Bearer <API key>  with `apikey` (any other bearer)
//   X-API-Key: <API key>             with `apikey`
//   X-Auth-Token: <cloud token>      any mode: the caller's own cloud token, for passthrough sources
//
// A refusal says what was wrong (expired, wrong audience, unknown key) and
// never quotes what was sent.

import { GraphQLError } from 'graphql';
import type { ClientAuthConfig } from '../config/index.js';
import { ApiKeyVerifier } from './api-keys.js';
import { anonymousCaller, type Caller } from './caller.js';
import { headerOf, type HeadersLike } from './headers.js';
import { JwtVerifier, KeysUnavailable, TokenRejected } from './jwt.js';
import { scopesOfClaim } from './scopes.js';

/** Longest bearer token or API key looked at, bytes: anything longer is refused unread. */
export const MAX_CREDENTIAL_BYTES = 8192;

/** The realm of every `WWW-Authenticate: Bearer` challenge. */
const REALM = 'image-gateway';

/** Why a request is refused, and how to answer it. */
export class AuthFailure {
  /** 401 for the credentials' fault, 503 when the identity provider's keys could not be fetched. */
  readonly status: 401 | 503;
  readonly code: 'UNAUTHENTICATED' | 'UPSTREAM_UNAVAILABLE';
  /** The `WWW-Authenticate` value (RFC 6750 §3): `error="invalid_token"` when credentials were sent. */
  readonly challenge: string;

  constructor(
    readonly message: string,
    options: { presented: boolean; unavailable?: boolean },
    /** What the request presented, to scrub from what is written about it (never quoted, but logged nearby). */
    readonly secrets: readonly string[] = [],
  ) {
    this.status = options.unavailable ? 503 : 401;
    this.code = options.unavailable ? 'UPSTREAM_UNAVAILABLE' : 'UNAUTHENTICATED';
    const description = message.replace(/["\\]/g, "'");
    // A token whose keys could not be fetched is not known to be invalid: no error code then.
    this.challenge =
      options.presented && !options.unavailable
        ? `Bearer realm="${REALM}", error="invalid_token", error_description="${description}"`
        : `Bearer realm="${REALM}"`;
  }

  /**
   * The refusal as Apollo answers a GraphQLError thrown while the context is
   * created: a response with this one error and no data, with this status and
   * `WWW-Authenticate` (from `extensions.http`, which Apollo does not send).
   */
  toGraphQLError(): GraphQLError {
    return new GraphQLError(this.message, {
      extensions: {
        code: this.code,
        http: { status: this.status, headers: new Map([['www-authenticate', this.challenge]]) },
      },
    });
  }
}

/** Who a request's caller is, or why it is refused. Never throws. */
export type RequestAuthenticator = (headers: HeadersLike) => Promise<Caller | AuthFailure>;

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function createRequestAuthenticator(config: ClientAuthConfig): RequestAuthenticator {
  const jwt = config.jwt && config.methods.includes('jwt') ? new JwtVerifier(config.jwt) : undefined;
  const apiKeys = config.apiKeys && config.methods.includes('apikey') ? new ApiKeyVerifier(config.apiKeys) : undefined;

  async function asJwt(
    token: string,
    cloudToken: string | undefined,
    secrets: string[],
  ): Promise<Caller | AuthFailure> {
    let claims;
    try {
      claims = await jwt!.verify(token);
    } catch (error) {
      const unavailable = error instanceof KeysUnavailable;
      const message = error instanceof TokenRejected || unavailable ? error.message : 'the token could not be verified';
      return new AuthFailure(message, { presented: true, unavailable }, secrets);
    }
    if (typeof claims.sub !== 'string' || claims.sub === '') {
      return new AuthFailure('the token has no sub claim', { presented: true }, secrets);
    }
    const tenantClaim = config.jwt?.tenantClaim;
    return {
      id: claims.sub,
      via: 'jwt',
      scopes: new Set([...scopesOfClaim(claims.scope), ...scopesOfClaim(claims.scp)]),
      tenants: new Set(tenantClaim ? scopesOfClaim(tenantClaim in claims ? claims[tenantClaim] : undefined) : []),
      cloudToken,
      secrets,
    };
  }

  function asApiKey(key: string, cloudToken: string | undefined, secrets: string[]): Caller | AuthFailure {
    const found = apiKeys!.identify(key);
    if (!found) return new AuthFailure('unknown API key', { presented: true }, secrets);
    return {
      id: found.name,
      via: 'apikey',
      scopes: new Set(found.scopes),
      tenants: new Set(found.tenants),
      cloudToken,
      secrets,
    };
  }

  async function identify(headers: HeadersLike, secrets: string[]): Promise<Caller | AuthFailure> {
    const authorization = headerOf(headers, 'authorization');
    const apiKey = headerOf(headers, 'x-api-key');
    const cloudToken = headerOf(headers, 'x-auth-token') || undefined;
    if (config.methods.length === 0) return anonymousCaller(cloudToken, secrets);
    const refuse = (message: string, presented = true) => new AuthFailure(message, { presented }, secrets);
    const expected = config.methods.includes('apikey')
      ? 'send Authorization: Bearer <token> or X-API-Key: <key>'
      : 'send Authorization: Bearer <token>';
    if (authorization === undefined && apiKey === undefined) return refuse(`no credentials: ${expected}`, false);
    if (authorization !== undefined && apiKey !== undefined) {
      return refuse('send one credential: Authorization or X-API-Key, not both');
    }
    const credential = apiKey ?? bearerOf(authorization);
    if (!credential) {
      return refuse(
        apiKey === undefined ? `the Authorization header is not a bearer token: ${expected}` : 'empty X-API-Key',
      );
    }
    if (Buffer.byteLength(credential, 'utf8') > MAX_CREDENTIAL_BYTES) {
      return refuse(`the credential is longer than ${MAX_CREDENTIAL_BYTES} bytes`);
    }
    if (apiKey !== undefined && !apiKeys) return refuse(`X-API-Key is not accepted here: ${expected}`);
    if (apiKey === undefined && jwt && JWT_SHAPE.test(credential)) return asJwt(credential, cloudToken, secrets);
    if (apiKeys) return asApiKey(credential, cloudToken, secrets);
    return refuse('the bearer token is not a JWT');
  }

  return (headers) => identify(headers, presentedCredentials(headers));
}

/** The credential values a request presents, whatever the mode: what must never be written back. */
function presentedCredentials(headers: HeadersLike): string[] {
  const authorization = headerOf(headers, 'authorization');
  const values = [
    authorization === undefined ? undefined : credentialOf(authorization),
    headerOf(headers, 'x-api-key'),
    headerOf(headers, 'x-auth-token'),
  ];
  return values.filter((value): value is string => Boolean(value));
}

/**
 * The secret part of an Authorization header: what follows its scheme
 * (`Basic <credentials>`, `Bearer <token>`), or the whole value when it is a
 * bare token; nothing when it is a scheme alone (`Bearer` with no token), so
 * that the scheme's name is not scrubbed from the messages that name it.
 */
function credentialOf(authorization: string): string | undefined {
  const value = authorization.trim();
  const schemed = /^\S+\s+(\S.*)$/.exec(value);
  if (schemed) return schemed[1];
  return /^(bearer|basic|digest|negotiate)$/i.test(value) ? undefined : value;
}

/** The token of `Authorization: Bearer <token>` (RFC 6750 §2.1), or undefined. */
function bearerOf(authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : /^Bearer +(\S+) *$/i.exec(authorization)?.[1];
}
