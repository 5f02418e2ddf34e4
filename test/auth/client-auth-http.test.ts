// Client authentication through the real gateway over HTTP, against the
// sandbox: every hostile or missing credential is HTTP 401 with
// `WWW-Authenticate: Bearer`, one UNAUTHENTICATED error, no data and not one
// upstream call, by POST and by GET alike; a valid one is served. Scopes are
// checked after validation and before execution: a mutation without
// images:write is 403 FORBIDDEN naming the scope, with no upstream call. Log
// lines name the caller and never a credential.

import { createHash, createHmac, createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MODELARTS_SEED } from '../../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import {
  AUDIENCE,
  newSigningKey,
  rawToken,
  startIdentityProvider,
  type IdentityProvider,
  type SigningKey,
} from '../support/identity-provider.js';

const DOC_ID = MODELARTS_SEED.imageIds.docDetails;
const QUERY = `query Doc { modelArtsImage(id: "${DOC_ID}") { name } }`;
const DATA = { modelArtsImage: { name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04' } };
const REGISTER = `mutation Register($input: RegisterModelArtsImageInput!) { registerModelArtsImage(input: $input) { image { nativeId } } }`;
const REGISTER_INPUT = {
  input: { swrPath: 'swr.cn-north-4.myhuaweicloud.com/atelier/pytorch_1_8:v1', arch: 'X86_64' },
};
const READER_KEY = 'igw_reader_key_1f2e3d4c5b6a79881726354a';
const WRITER_KEY = 'igw_writer_key_9a8b7c6d5e4f30211203a4b5';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let idp: IdentityProvider;
let rsa: SigningKey;
let gw: TestGateway;
let dir: string;

const upstreamCalls = () =>
  gw.sandbox.modelarts.calls().length + gw.sandbox.ims.calls().length + gw.sandbox.ehpc.calls().length;

beforeAll(async () => {
  rsa = await newSigningKey('RS256', 'rsa-1');
  idp = await startIdentityProvider([rsa]);
  dir = mkdtempSync(path.join(tmpdir(), 'client-auth-'));
  const keysFile = path.join(dir, 'keys.yaml');
  writeFileSync(
    keysFile,
    `- name: reader-bot\n  sha256: ${sha256(READER_KEY)}\n  scopes: [images:read]\n` +
      `- name: writer-bot\n  sha256: ${sha256(WRITER_KEY)}\n  scopes: [images:read, images:write]\n`,
  );
  gw = await startTestGateway({
    env: {
      IMAGE_GATEWAY_AUTH: 'jwt,apikey',
      IMAGE_GATEWAY_JWT_ISSUER: idp.issuer,
      IMAGE_GATEWAY_JWT_AUDIENCE: AUDIENCE,
      IMAGE_GATEWAY_JWT_JWKS_URL: idp.jwksUrl,
      IMAGE_GATEWAY_API_KEYS_FILE: keysFile,
      IMAGE_GATEWAY_UPSTREAM_RETRIES: '0',
    },
  });
});
afterAll(async () => {
  await gw?.stop();
  await idp?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => gw.sandbox.resetCalls());

const now = () => Math.floor(Date.now() / 1000);

/** The refusal, as HTTP says it: 401, the challenge, one error, no data, no upstream call, the credential not echoed. */
async function expectRefusedOverHttp(headers: Record<string, string>, sent: string, reason: RegExp) {
  for (const method of ['POST', 'GET'] as const) {
    const url = new URL(gw.url);
    if (method === 'GET') url.searchParams.set('query', QUERY);
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: method === 'POST' ? JSON.stringify({ query: QUERY }) : undefined,
    });
    const text = await response.text();
    expect(response.status, `${method}: ${text}`).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="image-gateway"/);
    const body = JSON.parse(text);
    expect(Object.keys(body)).toEqual(['errors']);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(body.errors[0].message).toMatch(reason);
    if (sent) expect(text + response.headers.get('www-authenticate')).not.toContain(sent);
  }
  expect(upstreamCalls()).toBe(0);
  if (sent) expect(gw.logs.join('\n')).not.toContain(sent);
}

describe('missing, malformed and hostile credentials: 401, no data, no upstream call', () => {
  it('no credentials at all (a bare challenge)', async () => {
    await expectRefusedOverHttp({}, '', /no credentials/);
    const response = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="image-gateway"');
  });

  it('alg: none', async () => {
    const token = rawToken({ alg: 'none' }, { iss: idp.issuer, aud: AUDIENCE, sub: 'root', exp: now() + 600 });
    await expectRefusedOverHttp({ authorization: `Bearer ${token}` }, token, /algorithm is not accepted/);
  });

  it('HS256 signed with the RSA public key as secret', async () => {
    const pem = createPublicKey({ key: rsa.publicJwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const head = Buffer.from(JSON.stringify({ alg: 'HS256', kid: rsa.kid })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({ iss: idp.issuer, aud: AUDIENCE, sub: 'root', exp: now() + 600 }),
    ).toString('base64url');
    const token = `${head}.${body}.${createHmac('sha256', pem).update(`${head}.${body}`).digest('base64url')}`;
    await expectRefusedOverHttp({ authorization: `Bearer ${token}` }, token, /algorithm is not accepted/);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['expired', { exp: now() - 120 }, /expired/],
    ['nbf in the future', { nbf: now() + 600 }, /not valid yet/],
    ['the wrong issuer', { iss: 'https://other-idp.example' }, /another issuer/],
    ['the wrong audience', { aud: 'billing-api' }, /another audience/],
  ])('%s', async (_name, claims, reason) => {
    const token = await idp.mint(claims);
    await expectRefusedOverHttp({ authorization: `Bearer ${token}` }, token, reason);
  });

  it('an unknown kid', async () => {
    const token = await idp.mint({}, { key: await newSigningKey('RS256', 'rsa-unknown') });
    await expectRefusedOverHttp({ authorization: `Bearer ${token}` }, token, /no key/);
  });

  it('a tampered payload, and another key under the right kid', async () => {
    const [head, , signature] = (await idp.mint({ scope: 'images:read' })).split('.');
    const forged = Buffer.from(
      JSON.stringify({ iss: idp.issuer, aud: AUDIENCE, sub: 'alice', exp: now() + 600, scope: 'images:write' }),
    ).toString('base64url');
    const tampered = `${head}.${forged}.${signature}`;
    await expectRefusedOverHttp({ authorization: `Bearer ${tampered}` }, tampered, /signature does not verify/);
    const impostor = await idp.mint({}, { key: await newSigningKey('RS256', rsa.kid) });
    await expectRefusedOverHttp({ authorization: `Bearer ${impostor}` }, impostor, /signature does not verify/);
  });

  it('a 16 KB token (the HTTP server takes the header; the check refuses it unread)', async () => {
    const token = await idp.mint({ padding: 'p'.repeat(16 * 1024) });
    expect(token.length).toBeGreaterThan(16 * 1024);
    await expectRefusedOverHttp({ authorization: `Bearer ${token}` }, token, /longer than 8192 bytes/);
  });

  it('garbage base64, and an API key one character off', async () => {
    await expectRefusedOverHttp({ authorization: 'Bearer ey!!.$$$$.%%%%' }, '', /unknown API key|malformed|not a JWT/);
    const offByOne = `${READER_KEY.slice(0, -1)}b`;
    expect(offByOne).not.toBe(READER_KEY);
    await expectRefusedOverHttp({ 'x-api-key': offByOne }, offByOne, /unknown API key/);
    await expectRefusedOverHttp({ authorization: `Bearer ${offByOne}` }, offByOne, /unknown API key/);
  });

  it('the gateway still answers a good caller afterwards', async () => {
    const token = await idp.mint({ scope: 'images:read' });
    const res = await gw.query(QUERY, undefined, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: DATA });
  });
});

describe('valid credentials are served, by POST and GET', () => {
  it('a JWT with images:read, a reader API key (X-API-Key and bearer)', async () => {
    const token = await idp.mint({ sub: 'svc-catalog', scope: 'images:read' });
    for (const headers of [
      { authorization: `Bearer ${token}` },
      { 'x-api-key': READER_KEY },
      { authorization: `Bearer ${READER_KEY}` },
    ] as Array<Record<string, string>>) {
      const res = await gw.query(QUERY, undefined, headers);
      expect(res.body).toEqual({ data: DATA });
    }
    const url = new URL(gw.url);
    url.searchParams.set('query', QUERY);
    const get = await fetch(url, {
      headers: { accept: 'application/json', 'content-type': 'application/json', 'x-api-key': READER_KEY },
    });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: DATA });
  });

  it('the GraphiQL page itself needs no token (a browser cannot send one there)', async () => {
    const page = await fetch(gw.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('This gateway needs a token');
  });
});

describe('scopes', () => {
  it('a mutation without images:write: 403 FORBIDDEN naming the scope, before any upstream call', async () => {
    const token = await idp.mint({ sub: 'reader', scope: 'images:read' });
    for (const headers of [{ authorization: `Bearer ${token}` }, { 'x-api-key': READER_KEY }] as Array<
      Record<string, string>
    >) {
      const res = await gw.query(REGISTER, REGISTER_INPUT, headers);
      expect(res.status).toBe(403);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors).toEqual([
        {
          message: 'a mutation needs the images:write scope, which the caller does not have',
          extensions: { code: 'FORBIDDEN', scope: 'images:write' },
        },
      ]);
    }
    expect(gw.sandbox.modelarts.calls()).toHaveLength(0);
  });

  it('with images:write the mutation runs (one upstream call)', async () => {
    const res = await gw.query(REGISTER, REGISTER_INPUT, { 'x-api-key': WRITER_KEY });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data.registerModelArtsImage.image.nativeId).toEqual(expect.any(String));
    expect(gw.sandbox.modelarts.calls().map((c) => c.method)).toEqual(['POST']);
  });

  it('a query without images:read (scp names only write): 403 FORBIDDEN naming images:read', async () => {
    const token = await idp.mint({ scp: ['images:write'] });
    const res = await gw.query(QUERY, undefined, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(403);
    expect(res.body.errors![0].extensions).toEqual({ code: 'FORBIDDEN', scope: 'images:read' });
    expect(upstreamCalls()).toBe(0);
  });
});

describe('logs', () => {
  it('each request line names the caller (sub or key name), never a token, key or claim set', async () => {
    const token = await idp.mint({
      sub: 'carol@example.org',
      scope: 'images:read',
      email: 'carol-private@example.org',
    });
    const before = gw.logs.length;
    await gw.query(QUERY, undefined, { authorization: `Bearer ${token}`, 'x-request-id': 'req-carol-1' });
    await gw.query(QUERY, undefined, { 'x-api-key': READER_KEY, 'x-request-id': 'req-bot-1' });
    const lines = gw.logs.slice(before).map((line) => JSON.parse(line));
    // The access log's one line per request.
    const requestLine = (id: string) => lines.find((l) => l.msg === 'request' && l.requestId === id);
    expect(requestLine('req-carol-1')).toMatchObject({ caller: 'carol@example.org', operationName: 'Doc' });
    expect(requestLine('req-bot-1')).toMatchObject({ caller: 'reader-bot' });
    const text = gw.logs.slice(before).join('\n');
    for (const secret of [token, ...token.split('.'), READER_KEY, 'carol-private@example.org']) {
      expect(text).not.toContain(secret);
    }
  });

  it('a refusal is logged with its reason, without the credential', async () => {
    const token = await idp.mint({ exp: now() - 600 });
    const before = gw.logs.length;
    await gw.query(QUERY, undefined, { authorization: `Bearer ${token}`, 'x-request-id': 'req-expired' });
    const refused = gw.logs
      .slice(before)
      .map((line) => JSON.parse(line))
      .find((l) => l.requestId === 'req-expired');
    expect(refused).toMatchObject({ msg: 'request refused', status: 401, reason: 'the token has expired (exp)' });
    expect(gw.logs.slice(before).join('\n')).not.toContain(token.split('.')[2]);
  });
});
