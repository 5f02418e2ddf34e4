// Client authentication over WebSocket: the connection_init payload's
// `authorization` is checked like the HTTP header. A connection without a
// valid credential is closed (4401) before any operation runs, with no
// upstream call; an admitted one runs queries and subscriptions with the
// caller's scopes (images:read), and a mutation without images:write is
// refused on that operation only.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/ids.js';
import { MODELARTS_SEED, SANDBOX_HUAWEI } from '../../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { AUDIENCE, newSigningKey, startIdentityProvider, type IdentityProvider } from '../support/identity-provider.js';
import { connectWs, record, type TestWsClient } from '../support/ws.js';

const DOC_ID = MODELARTS_SEED.imageIds.docDetails;
const QUERY = `{ modelArtsImage(id: "${DOC_ID}") { name } }`;
const GLOBAL_ID = encodeGlobalId({
  provider: 'MODELARTS',
  region: SANDBOX_HUAWEI.region,
  project: SANDBOX_HUAWEI.projectId,
  nativeId: DOC_ID,
});
const WATCH = `subscription { imageChanged(id: "${GLOBAL_ID}") { status } }`;
const REGISTER = `mutation { registerModelArtsImage(input: { swrPath: "swr.example.com/org/name:v1" }) { image { id } } }`;

let idp: IdentityProvider;
let gw: TestGateway;
const clients: TestWsClient[] = [];
const upstreamCalls = () =>
  gw.sandbox.modelarts.calls().length + gw.sandbox.ims.calls().length + gw.sandbox.ehpc.calls().length;

function client(params?: Record<string, unknown>): TestWsClient {
  const created = connectWs(gw.url, params);
  clients.push(created);
  return created;
}

beforeAll(async () => {
  idp = await startIdentityProvider([await newSigningKey('ES256', 'ec-1')]);
  gw = await startTestGateway({
    env: {
      IMAGE_GATEWAY_AUTH: 'jwt',
      IMAGE_GATEWAY_JWT_ISSUER: idp.issuer,
      IMAGE_GATEWAY_JWT_AUDIENCE: AUDIENCE,
      IMAGE_GATEWAY_JWT_JWKS_URL: idp.jwksUrl,
    },
  });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await gw?.stop();
  await idp?.stop();
});
beforeEach(() => gw.sandbox.resetCalls());

describe('GraphQL over WebSocket with client authentication on', () => {
  it.each<[string, () => Promise<Record<string, unknown> | undefined>]>([
    ['no connection_init payload', async () => undefined],
    ['no authorization in it', async () => ({ other: 'x' })],
    ['a garbage token', async () => ({ authorization: 'Bearer not.a.token' })],
    ['an expired token', async () => ({ authorization: `Bearer ${await idp.mint({ exp: 1_000_000 })}` })],
  ])('%s → the connection is closed with 4401, no operation runs, no upstream call', async (_name, params) => {
    const ws = client(await params());
    const sub = record(ws.client, QUERY);
    const end = await sub.ended;
    expect(end.kind).toBe('error');
    expect(sub.results).toEqual([]);
    expect(ws.closes.map((c) => c.code)).toEqual([4401]);
    expect(upstreamCalls()).toBe(0);
  });

  it('a valid token with images:read runs queries and subscriptions', async () => {
    const token = await idp.mint({ sub: 'alice', scope: 'images:read' });
    const ws = client({ authorization: `Bearer ${token}` });
    const query = record(ws.client, QUERY);
    expect(await query.ended).toEqual({ kind: 'complete' });
    expect(query.results).toEqual([{ data: { modelArtsImage: { name: expect.any(String) } } }]);
    const watch = record(ws.client, WATCH);
    expect(await watch.ended).toEqual({ kind: 'complete' });
    expect(watch.results[0]?.data).toEqual({ imageChanged: { status: 'ACTIVE' } });
    expect(gw.logs.join('\n')).not.toContain(token);
  });

  it('without images:write a mutation is FORBIDDEN naming the scope, with no upstream call; the socket stays', async () => {
    const ws = client({ authorization: `Bearer ${await idp.mint({ scope: 'images:read' })}` });
    const mutation = record(ws.client, REGISTER);
    const end = await mutation.ended;
    expect(end).toEqual({
      kind: 'error',
      error: [
        expect.objectContaining({
          message: expect.stringContaining('images:write'),
          // As over HTTP: the code and the scope, nothing of Apollo's (its `http` hint).
          extensions: { code: 'FORBIDDEN', scope: 'images:write' },
        }),
      ],
    });
    expect(upstreamCalls()).toBe(0);
    const after = record(ws.client, QUERY);
    expect(await after.ended).toEqual({ kind: 'complete' });
    expect(ws.closes).toEqual([]);
  });

  it('without images:read a subscription is FORBIDDEN', async () => {
    const ws = client({ authorization: `Bearer ${await idp.mint({ scope: 'images:write' })}` });
    const watch = record(ws.client, WATCH);
    expect(await watch.ended).toEqual({
      kind: 'error',
      error: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })],
    });
    expect(upstreamCalls()).toBe(0);
  });
});
