// The request check on its own (src/auth/authenticate.ts): what every entry
// point (HTTP, a graphql-ws connection_init payload) hands it, against keys
// generated here and a JWKS served on loopback. Every hostile token is a 401
// UNAUTHENTICATED refusal that says what was wrong without quoting the token.

import { createHash, createHmac } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OperationTypeNode } from 'graphql';
import { AuthFailure, createRequestAuthenticator, missingScopeError, type Caller } from '../../src/auth/index.js';
import type { ApiKeyConfig, ClientAuthConfig } from '../../src/config/index.js';
import {
  AUDIENCE,
  newSigningKey,
  rawToken,
  startIdentityProvider,
  type IdentityProvider,
  type SigningKey,
} from '../support/identity-provider.js';

const API_KEY = 'igw_live_5b8d0c2e9f1a4b7c8d3e6f0a1b2c3d4e';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const KEYS: ApiKeyConfig[] = [
  { name: 'ci-robot', sha256: sha256('igw_other_key_000000000000000000000'), scopes: ['images:read'], tenants: [] },
  { name: 'team-a-bot', sha256: sha256(API_KEY), scopes: ['images:read', 'images:write'], tenants: ['team-a'] },
];

let idp: IdentityProvider;
let rsa: SigningKey;
let keys: Record<string, SigningKey>;

beforeAll(async () => {
  rsa = await newSigningKey('RS256', 'rsa-1');
  keys = {
    PS256: await newSigningKey('PS256', 'ps-1'),
    ES256: await newSigningKey('ES256', 'ec-1'),
    EdDSA: await newSigningKey('EdDSA', 'ed-1'),
  };
  idp = await startIdentityProvider([rsa, ...Object.values(keys)]);
});
afterAll(async () => {
  await idp?.stop();
});
afterEach(() => {
  vi.useRealTimers();
});

function jwtConfig(overrides: Partial<ClientAuthConfig> = {}): ClientAuthConfig {
  return {
    methods: ['jwt', 'apikey'],
    explicit: true,
    jwt: { issuer: idp.issuer, audiences: [AUDIENCE], jwksUrl: idp.jwksUrl, tenantClaim: 'tenants' },
    apiKeys: KEYS,
    ...overrides,
  };
}

function expectCaller(result: Caller | AuthFailure): Caller {
  if (result instanceof AuthFailure) throw new Error(`refused: ${result.message}`);
  return result;
}

/** The refusal, checked to be a 401 that never quotes what was sent. */
function expectRefused(result: Caller | AuthFailure, sent: string, reason: RegExp): AuthFailure {
  expect(result).toBeInstanceOf(AuthFailure);
  const failure = result as AuthFailure;
  expect(failure.status).toBe(401);
  expect(failure.code).toBe('UNAUTHENTICATED');
  expect(failure.message).toMatch(reason);
  expect(failure.challenge).toMatch(/^Bearer realm="image-gateway", error="invalid_token"/);
  for (const text of [failure.message, failure.challenge, JSON.stringify(failure.toGraphQLError())]) {
    expect(text).not.toContain(sent);
    // Not even a recognisable piece of it (the signature, the payload).
    for (const part of sent.split('.').filter((p) => p.length >= 8)) expect(text).not.toContain(part);
  }
  return failure;
}

const now = () => Math.floor(Date.now() / 1000);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('valid credentials make a caller', () => {
  it('an RS256 token: sub, scopes from `scope`, tenants from the tenant claim, the cloud token', async () => {
    const authenticate = createRequestAuthenticator(jwtConfig());
    const token = await idp.mint({ sub: 'alice', scope: 'images:read images:write openid', tenants: ['team-a'] });
    const caller = expectCaller(await authenticate({ ...bearer(token), 'x-auth-token': 'cloud-token-of-alice' }));
    expect(caller).toMatchObject({ id: 'alice', via: 'jwt', cloudToken: 'cloud-token-of-alice' });
    expect([...caller.scopes]).toEqual(['images:read', 'images:write', 'openid']);
    expect([...caller.tenants]).toEqual(['team-a']);
    expect(caller.secrets).toEqual([token, 'cloud-token-of-alice']);
  });

  it.each(['PS256', 'ES256', 'EdDSA'] as const)(
    'a %s token, scopes from `scp` (an array), one tenant as a string',
    async (alg) => {
      const authenticate = createRequestAuthenticator(jwtConfig());
      const token = await idp.mint({ sub: `svc-${alg}`, scp: ['images:read'], tenants: 'team-b' }, { key: keys[alg] });
      const caller = expectCaller(await authenticate(bearer(token)));
      expect(caller).toMatchObject({ id: `svc-${alg}`, via: 'jwt' });
      expect([...caller.scopes]).toEqual(['images:read']);
      expect([...caller.tenants]).toEqual(['team-b']);
    },
  );

  it('an API key as X-API-Key or as a bearer token, in any header case (a connection_init payload)', async () => {
    const authenticate = createRequestAuthenticator(jwtConfig());
    for (const headers of [
      { 'x-api-key': API_KEY },
      { 'X-API-Key': API_KEY },
      bearer(API_KEY),
      { Authorization: `bearer ${API_KEY}` },
    ]) {
      const caller = expectCaller(await authenticate(headers));
      expect(caller).toMatchObject({ id: 'team-a-bot', via: 'apikey' });
      expect([...caller.tenants]).toEqual(['team-a']);
      expect([...caller.scopes]).toEqual(['images:read', 'images:write']);
    }
  });

  it('a HeaderMap-like `get` works the same as a plain object', async () => {
    const authenticate = createRequestAuthenticator(jwtConfig());
    const token = await idp.mint();
    const headers = new Map([['authorization', `Bearer ${token}`]]);
    expect(expectCaller(await authenticate(headers)).id).toBe('alice');
  });

  it('clock skew up to 30 s is tolerated on exp, nbf and iat', async () => {
    const authenticate = createRequestAuthenticator(jwtConfig());
    const token = await idp.mint({ exp: now() - 20, nbf: now() + 20, iat: now() + 20 });
    expect(expectCaller(await authenticate(bearer(token))).id).toBe('alice');
  });

  it('with client authentication off, every caller is anonymous with every scope, whatever it sends', async () => {
    const authenticate = createRequestAuthenticator({ methods: [], explicit: true });
    const caller = expectCaller(await authenticate({ authorization: 'Bearer whatever', 'x-auth-token': 'cloud-tok' }));
    expect(caller).toMatchObject({ id: 'anonymous', via: 'none', cloudToken: 'cloud-tok' });
    expect([...caller.scopes]).toEqual(['images:read', 'images:write']);
    expect(caller.secrets).toEqual(['whatever', 'cloud-tok']);
  });
});

describe('hostile and broken credentials: 401 UNAUTHENTICATED, saying why', () => {
  it('alg: none', async () => {
    const token = rawToken(
      { alg: 'none', typ: 'JWT' },
      { iss: idp.issuer, aud: AUDIENCE, sub: 'root', exp: now() + 600 },
    );
    const result = await createRequestAuthenticator(jwtConfig())(bearer(token));
    expectRefused(result, token, /algorithm is not accepted/);
  });

  it('HS256 signed with the RSA public key as the HMAC secret (key confusion)', async () => {
    const pem = createPublicKey({ key: rsa.publicJwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: rsa.kid, typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ iss: idp.issuer, aud: AUDIENCE, sub: 'root', exp: now() + 600, scope: 'images:write' }),
    ).toString('base64url');
    const signature = createHmac('sha256', pem).update(`${header}.${payload}`).digest('base64url');
    const token = `${header}.${payload}.${signature}`;
    expectRefused(await createRequestAuthenticator(jwtConfig())(bearer(token)), token, /algorithm is not accepted/);
  });

  it.each<[string, () => Promise<Record<string, unknown>>, RegExp]>([
    ['expired', async () => ({ exp: now() - 60 }), /expired/],
    ['nbf in the future', async () => ({ nbf: now() + 120 }), /not valid yet/],
    ['iat in the future', async () => ({ iat: now() + 120 }), /issued in the future/],
    ['the wrong issuer', async () => ({ iss: 'https://evil.example' }), /another issuer/],
    ['the wrong audience', async () => ({ aud: 'some-other-api' }), /another audience/],
    ['no exp', async () => ({ exp: undefined }), /no exp claim/],
    ['no sub', async () => ({ sub: undefined }), /no sub claim/],
  ])('%s', async (_name, claims, reason) => {
    const token = await idp.mint(await claims());
    expectRefused(await createRequestAuthenticator(jwtConfig())(bearer(token)), token, reason);
  });

  it('an unknown kid', async () => {
    const stranger = await newSigningKey('RS256', 'not-published');
    const token = await idp.mint({}, { key: stranger });
    expectRefused(await createRequestAuthenticator(jwtConfig())(bearer(token)), token, /no key .* matches the token/);
  });

  it('a tampered payload (the signature of the original)', async () => {
    const token = await idp.mint({ scope: 'images:read' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({
        iss: idp.issuer,
        aud: AUDIENCE,
        sub: 'alice',
        exp: now() + 600,
        scope: 'images:read images:write',
      }),
    ).toString('base64url');
    const tampered = `${header}.${forged}.${signature}`;
    expectRefused(
      await createRequestAuthenticator(jwtConfig())(bearer(tampered)),
      tampered,
      /signature does not verify/,
    );
  });

  it('signed by another key under the right kid', async () => {
    const impostor = await newSigningKey('RS256', rsa.kid);
    const token = await idp.mint({}, { key: impostor });
    expectRefused(await createRequestAuthenticator(jwtConfig())(bearer(token)), token, /signature does not verify/);
  });

  it('a 16 KB token is refused unread', async () => {
    const token = await idp.mint({ padding: 'x'.repeat(16 * 1024) });
    const before = idp.jwksFetches();
    expectRefused(await createRequestAuthenticator(jwtConfig())(bearer(token)), token, /longer than 8192 bytes/);
    expect(idp.jwksFetches()).toBe(before);
  });

  it.each([
    ['garbage base64 segments', 'eyJ!!!.@@@@.####'],
    ['three segments of non-JSON', 'bm90LWpzb24.bm90LWpzb24.c2ln'],
    [
      'a JWT header over a non-JSON payload',
      `${Buffer.from('{"alg":"RS256","kid":"rsa-1"}').toString('base64url')}.AAAA.AAAA`,
    ],
  ])('%s', async (_name, token) => {
    // jwt only: a bearer that is not a JWT is not taken for an API key.
    const result = await createRequestAuthenticator(jwtConfig({ methods: ['jwt'] }))(bearer(token));
    // A payload that is not JSON is found once the signature over it is checked: it cannot verify.
    expectRefused(result, token, /malformed|not a JWT|signature does not verify/);
  });

  it('an API key one character off', async () => {
    const offByOne = API_KEY.slice(0, -1) + (API_KEY.endsWith('e') ? 'f' : 'e');
    const authenticate = createRequestAuthenticator(jwtConfig());
    expectRefused(await authenticate({ 'x-api-key': offByOne }), offByOne, /unknown API key/);
    expectRefused(await authenticate(bearer(offByOne)), offByOne, /unknown API key/);
  });

  it('no credentials: 401 with a bare challenge (RFC 6750: no error code when nothing was sent)', async () => {
    const result = await createRequestAuthenticator(jwtConfig())({ 'x-auth-token': 'cloud-only' });
    expect(result).toBeInstanceOf(AuthFailure);
    expect(result).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', challenge: 'Bearer realm="image-gateway"' });
    expect((result as AuthFailure).message).toMatch(/no credentials: send Authorization: Bearer <token> or X-API-Key/);
  });

  it('not a bearer scheme, two credentials at once, a non-string payload value', async () => {
    const authenticate = createRequestAuthenticator(jwtConfig());
    const basic = `Basic ${Buffer.from('admin:hunter2').toString('base64')}`;
    expectRefused(await authenticate({ authorization: basic }), basic, /not a bearer token/);
    // A scheme with no token: the message still names the scheme (it is not taken for a secret).
    const empty = await authenticate({ authorization: 'Bearer ' });
    expect(empty).toMatchObject({
      status: 401,
      message: expect.stringContaining('send Authorization: Bearer <token>'),
    });
    expect((empty as AuthFailure).secrets).toEqual([]);
    expect(((await authenticate({ authorization: basic })) as AuthFailure).secrets).toEqual([basic.slice(6)]);
    expectRefused(await authenticate({ ...bearer(API_KEY), 'x-api-key': API_KEY }), API_KEY, /not both/);
    const payload = { authorization: ['Bearer', API_KEY] } as Record<string, unknown>;
    expect(await authenticate(payload)).toMatchObject({
      status: 401,
      message: expect.stringMatching(/no credentials/),
    });
  });

  it('X-API-Key where only JWTs are accepted', async () => {
    const result = await createRequestAuthenticator(jwtConfig({ methods: ['jwt'] }))({ 'x-api-key': API_KEY });
    expectRefused(result, API_KEY, /X-API-Key is not accepted here/);
  });
});

describe('the key set: cached, refetched for an unknown kid at most once per 30 s', () => {
  it('one fetch serves many tokens; unknown kids within the cooldown fetch nothing; after it, a rotated key is found', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const rotated = await newSigningKey('ES256', 'ec-rotated');
    const idp2 = await startIdentityProvider([rsa]);
    try {
      const authenticate = createRequestAuthenticator(
        jwtConfig({ jwt: { issuer: idp2.issuer, audiences: [AUDIENCE], jwksUrl: idp2.jwksUrl } }),
      );
      for (let i = 0; i < 5; i++) expectCaller(await authenticate(bearer(await idp2.mint({ sub: `u${i}` }))));
      expect(idp2.jwksFetches()).toBe(1);

      // The provider rotates in a new key; the gateway fetched 10 s ago, so it does not look yet.
      idp2.published = [rsa, rotated];
      vi.setSystemTime(Date.now() + 10_000);
      for (let i = 0; i < 5; i++) {
        const token = await idp2.mint({}, { key: rotated });
        expectRefused(await authenticate(bearer(token)), token, /no key/);
      }
      expect(idp2.jwksFetches()).toBe(1);

      // 30 s after the fetch, one unknown kid makes it fetch once, and the new key works.
      vi.setSystemTime(Date.now() + 21_000);
      const results = await Promise.all(
        Array.from({ length: 5 }, async () => authenticate(bearer(await idp2.mint({}, { key: rotated })))),
      );
      for (const result of results) expectCaller(result);
      expect(idp2.jwksFetches()).toBe(2);
    } finally {
      await idp2.stop();
    }
  });

  it('OpenID discovery from the issuer, once; its issuer must be ours', async () => {
    const idp2 = await startIdentityProvider([rsa]);
    try {
      const authenticate = createRequestAuthenticator(
        jwtConfig({ jwt: { issuer: idp2.issuer, audiences: [AUDIENCE] } }),
      );
      for (let i = 0; i < 3; i++) expectCaller(await authenticate(bearer(await idp2.mint())));
      expect([idp2.discoveryFetches(), idp2.jwksFetches()]).toEqual([1, 1]);

      idp2.discoveryIssuer = 'https://someone-else.example';
      const fresh = createRequestAuthenticator(jwtConfig({ jwt: { issuer: idp2.issuer, audiences: [AUDIENCE] } }));
      const result = await fresh(bearer(await idp2.mint()));
      expect(result).toMatchObject({
        status: 503,
        code: 'UPSTREAM_UNAVAILABLE',
        message: expect.stringMatching(/keys could not be fetched/),
      });
    } finally {
      await idp2.stop();
    }
  });

  it('an unreachable provider: 503, never a 500 or a pass, and no fetch per request while it is down', async () => {
    const idp2 = await startIdentityProvider([rsa]);
    try {
      idp2.failWith = 503;
      const authenticate = createRequestAuthenticator(
        jwtConfig({ jwt: { issuer: idp2.issuer, audiences: [AUDIENCE], jwksUrl: idp2.jwksUrl } }),
      );
      const token = await idp2.mint();
      for (let i = 0; i < 5; i++) {
        expect(await authenticate(bearer(token))).toMatchObject({
          status: 503,
          code: 'UPSTREAM_UNAVAILABLE',
          challenge: 'Bearer realm="image-gateway"',
        });
      }
      expect(idp2.jwksFetches()).toBe(1);
      // What no key could make valid is still a 401 while the keys are out of reach, and costs no fetch.
      const unsigned = rawToken({ alg: 'none', typ: 'JWT' }, { iss: idp2.issuer, aud: AUDIENCE, sub: 'root' });
      expectRefused(await authenticate(bearer(unsigned)), unsigned, /algorithm is not accepted/);
      expectRefused(
        await authenticate(bearer('garbage0.garbage1.garbage2')),
        'garbage0.garbage1.garbage2',
        /malformed/,
      );
      expect(idp2.jwksFetches()).toBe(1);
      idp2.failWith = 0;
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 6_000);
      expectCaller(await authenticate(bearer(await idp2.mint())));
      expect(idp2.jwksFetches()).toBe(2);
    } finally {
      await idp2.stop();
    }
  });
});

describe('scopes per operation type (what a subscription server asks too)', () => {
  it('images:read runs queries and subscriptions, images:write mutations', async () => {
    const authenticate = createRequestAuthenticator(jwtConfig());
    const reader = expectCaller(await authenticate(bearer(await idp.mint({ scope: 'images:read' }))));
    expect(missingScopeError(reader, OperationTypeNode.QUERY)).toBeUndefined();
    expect(missingScopeError(reader, OperationTypeNode.SUBSCRIPTION)).toBeUndefined();
    expect(missingScopeError(reader, OperationTypeNode.MUTATION)).toMatchObject({
      message: 'a mutation needs the images:write scope, which the caller does not have',
      extensions: { code: 'FORBIDDEN', scope: 'images:write' },
    });
    const writer = expectCaller(await authenticate(bearer(await idp.mint({ scp: 'images:write' }))));
    expect(missingScopeError(writer, OperationTypeNode.MUTATION)).toBeUndefined();
    expect(missingScopeError(writer, OperationTypeNode.SUBSCRIPTION)?.extensions).toMatchObject({
      scope: 'images:read',
    });
  });
});
