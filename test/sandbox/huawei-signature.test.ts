// The sandbox's Huawei APIG verifier, proven against the vendor's own signer:
// requests are signed with the official Node SDK's AKSKSigner and sent over
// HTTP to a loopback server, so the verifier sees the raw path, query, headers
// and body exactly as they arrive on the wire.

import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AKSKSigner, sdkCredential as credential } from '../support/huawei-sdk.js';
import { serveEmulator, type Emulator, type RunningEmulator } from '../../src/sandbox/emulator.js';
import { apigAuthErrorResponse } from '../../src/sandbox/huawei/apig-errors.js';
import {
  canonicalQueryString,
  canonicalUriCandidates,
  formatSdkDate,
  parseSdkAuthorization,
  parseSdkDate,
  signerEncode,
  verifyHuaweiRequest,
  type HuaweiAuthConfig,
  type HuaweiAuthResult,
} from '../../src/sandbox/huawei/signature.js';

const AK = 'HWTESTAK0000000000001';
const SK = 'hwTestSecret000000000000000000000000001';
const TOKEN = 'MIItest-token';

let clock = Date.now;
const config: HuaweiAuthConfig = { keys: [{ ak: AK, sk: SK }], tokens: [TOKEN], now: () => clock() };

// A loopback server whose only job is to run the verifier on what arrives.
const echo: Emulator = {
  service: 'verifier',
  handle(request) {
    const result = verifyHuaweiRequest(request, config);
    if (!result.ok) {
      const response = apigAuthErrorResponse(result, 'a'.repeat(32));
      return { ...response, headers: { ...response.headers, 'x-reason': result.reason } };
    }
    return { status: 200, body: result };
  },
};

let server: RunningEmulator;
beforeAll(async () => {
  server = await serveEmulator(echo);
});
afterAll(async () => {
  await server.close();
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: any;
}

function send(method: string, target: string, headers: Record<string, string>, body?: string | Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const url = new URL(server.url);
    const outgoing: Record<string, string> = { ...headers };
    if (body !== undefined) outgoing['content-length'] = String(Buffer.byteLength(body));
    const req = http.request({ host: url.hostname, port: url.port, method, path: target, headers: outgoing }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Signs with the SDK (path given decoded, as HcClient does) and sends `wirePath` + query. */
async function signedSend(opts: {
  method: string;
  signedPath: string;
  wirePath?: string;
  query?: Record<string, string | string[]>;
  wireQuery?: string;
  data?: unknown;
  wireBody?: string;
  headers?: Record<string, string>;
  ak?: string;
  sk?: string;
}): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(opts.headers ?? {}) };
  const signed = AKSKSigner.sign(
    {
      endpoint: `${server.url}${opts.signedPath}`,
      method: opts.method,
      headers,
      queryParams: opts.query ?? {},
      data: opts.data,
    },
    credential(opts.ak ?? AK, opts.sk ?? SK),
  );
  const wireQuery =
    opts.wireQuery ??
    Object.entries(opts.query ?? {})
      .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`))
      .join('&');
  const target = `${opts.wirePath ?? opts.signedPath}${wireQuery ? `?${wireQuery}` : ''}`;
  const body = opts.wireBody ?? (opts.data === undefined ? undefined : JSON.stringify(opts.data));
  return send(opts.method, target, signed, body);
}

/** Encodes each segment exactly as the SDK's canonicalization does. */
const signerPath = (segments: string[]) => `/${segments.map(signerEncode).join('/')}`;

describe('verifyHuaweiRequest against the official SDK signer (over HTTP)', () => {
  it('accepts a signed GET with a query (repeated keys, spaces, reserved characters)', async () => {
    const reply = await signedSend({
      method: 'GET',
      signedPath: '/v1/0b5bd0a0b580f4ea2f5ec00b2fd3e4d6/images',
      query: { limit: '10', name: 'py torch+1', sort_key: 'create_at,name', tag: ['b', 'a'], empty: '' },
      headers: { 'X-Project-Id': '0b5bd0a0b580f4ea2f5ec00b2fd3e4d6' },
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ ok: true, scheme: 'aksk', accessKey: AK });
    expect(reply.json.signedHeaders).toEqual(['content-type', 'host', 'x-project-id', 'x-sdk-date']);
  });

  const oddSegment = 'img:v1@team!(x)*é+,;=$&';

  it('accepts a JSON POST to a path whose segments are percent-encoded on the wire (raw path = canonical)', async () => {
    const wirePath = signerPath(['v1', 'proj', 'notebooks', oddSegment, 'create-image']);
    expect(wirePath).toContain('img%3Av1%40team%21%28x%29%2A%C3%A9%2B%2C%3B%3D%24%26');
    const reply = await signedSend({
      method: 'POST',
      signedPath: `/v1/proj/notebooks/${oddSegment}/create-image`,
      wirePath,
      data: {
        name: 'pytorch1_4',
        namespace: 'atelier-auto',
        tag: '20221223',
        description: 'save from notebook-x21d 中文',
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.ok).toBe(true);
  });

  it("accepts a path sent with encodeURIComponent's encoding (leaves !()* raw) — canonicalized like the signer", async () => {
    const wirePath = `/v1/proj/images/${encodeURIComponent(oddSegment)}`;
    expect(wirePath).toContain('!(x)*');
    const reply = await signedSend({ method: 'GET', signedPath: `/v1/proj/images/${oddSegment}`, wirePath });
    expect(reply.status).toBe(200);
  });

  it('accepts an UNSIGNED-PAYLOAD request (X-Sdk-Content-Sha256 stands for the body hash)', async () => {
    const reply = await signedSend({
      method: 'POST',
      signedPath: '/v1/proj/images',
      headers: { 'content-type': 'application/octet-stream', 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
      data: { any: 'thing' },
      wireBody: 'arbitrary bytes the signature does not cover',
    });
    expect(reply.status).toBe(200);
  });

  it('rejects a tampered body with 401 APIG.0301', async () => {
    const reply = await signedSend({
      method: 'POST',
      signedPath: '/v1/proj/images',
      data: { swr_path: 'swr.x.com/ns/a:1' },
      wireBody: JSON.stringify({ swr_path: 'swr.x.com/ns/b:1' }),
    });
    expect(reply.status).toBe(401);
    expect(reply.headers['x-reason']).toBe('signature-mismatch');
    expect(reply.json).toEqual({
      error_code: 'APIG.0301',
      error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
      request_id: 'a'.repeat(32),
    });
  });

  it('rejects a tampered path', async () => {
    const reply = await signedSend({
      method: 'GET',
      signedPath: '/v1/proj/images/278e88d1-5b71-4766-8502-b3ba72e824d9',
      wirePath: '/v1/proj/images/708ca95d-c601-4dc7-86b9-670adfd5e818',
    });
    expect(reply.status).toBe(401);
    expect(reply.headers['x-reason']).toBe('signature-mismatch');
  });

  it('rejects a tampered query and a tampered method', async () => {
    const query = await signedSend({
      method: 'GET',
      signedPath: '/v1/proj/images',
      query: { limit: '1' },
      wireQuery: 'limit=2',
    });
    expect(query.status).toBe(401);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const signed = AKSKSigner.sign(
      { endpoint: `${server.url}/v1/proj/images/x`, method: 'GET', headers, queryParams: {} },
      credential(AK, SK),
    );
    const method = await send('DELETE', '/v1/proj/images/x', signed);
    expect(method.status).toBe(401);
    expect(method.headers['x-reason']).toBe('signature-mismatch');
  });

  it('rejects a wrong SK', async () => {
    const reply = await signedSend({ method: 'GET', signedPath: '/v1/proj/images', sk: `${SK}x` });
    expect(reply.status).toBe(401);
    expect(reply.headers['x-reason']).toBe('signature-mismatch');
  });

  it('rejects an unknown AK with the "ak not exist" message', async () => {
    const reply = await signedSend({ method: 'GET', signedPath: '/v1/proj/images', ak: 'NOSUCHAK' });
    expect(reply.status).toBe(401);
    expect(reply.json.error_code).toBe('APIG.0301');
    expect(reply.json.error_msg).toBe(
      'Incorrect IAM authentication information: Get secretKey failed,ak:NOSUCHAK,err:ak not exist',
    );
  });

  it('rejects a stale X-Sdk-Date (over 15 minutes) and accepts one 14 minutes old', async () => {
    const stale = formatSdkDate(Date.now() - 16 * 60_000);
    const old = formatSdkDate(Date.now() - 14 * 60_000);
    const rejected = await signedSend({
      method: 'GET',
      signedPath: '/v1/proj/images',
      headers: { 'X-Sdk-Date': stale },
    });
    expect(rejected.status).toBe(401);
    expect(rejected.headers['x-reason']).toBe('date-out-of-range');
    expect(rejected.json.error_msg).toBe('Incorrect IAM authentication information: verify aksk signature fail');
    const accepted = await signedSend({ method: 'GET', signedPath: '/v1/proj/images', headers: { 'X-Sdk-Date': old } });
    expect(accepted.status).toBe(200);
    // The same fresh request is stale for a server whose clock is 16 minutes ahead.
    clock = () => Date.now() + 16 * 60_000;
    try {
      const ahead = await signedSend({ method: 'GET', signedPath: '/v1/proj/images' });
      expect(ahead.headers['x-reason']).toBe('date-out-of-range');
    } finally {
      clock = Date.now;
    }
  });

  it('requires X-Sdk-Date to be present and signed', async () => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const signed = AKSKSigner.sign(
      { endpoint: `${server.url}/v1/proj/images`, method: 'GET', headers, queryParams: {} },
      credential(AK, SK),
    );
    const { ['X-Sdk-Date']: date, ...withoutDate } = signed;
    expect(date).toMatch(/^\d{8}T\d{6}Z$/);
    const missing = await send('GET', '/v1/proj/images', withoutDate);
    expect(missing.status).toBe(401);
    expect(missing.headers['x-reason']).toBe('date-missing');

    const unsigned = { ...signed, Authorization: signed.Authorization.replace(';x-sdk-date', '') };
    const notSigned = await send('GET', '/v1/proj/images', unsigned);
    expect(notSigned.headers['x-reason']).toBe('date-not-signed');
  });

  it('rejects a malformed Authorization header, and answers a missing one with "x-auth-token not found"', async () => {
    const malformed = await send('GET', '/v1/proj/images', { authorization: 'SDK-HMAC-SHA256 garbage' });
    expect(malformed.status).toBe(401);
    expect(malformed.headers['x-reason']).toBe('malformed-authorization');
    const missing = await send('GET', '/v1/proj/images', {});
    expect(missing.status).toBe(401);
    expect(missing.json.error_msg).toBe('Incorrect IAM authentication information: x-auth-token not found');
  });

  it('accepts a configured X-Auth-Token and rejects another with "decrypt token fail"', async () => {
    expect((await send('GET', '/v1/proj/images', { 'x-auth-token': TOKEN })).status).toBe(200);
    const bad = await send('GET', '/v1/proj/images', { 'x-auth-token': 'MIIother' });
    expect(bad.status).toBe(401);
    expect(bad.json.error_msg).toBe('Incorrect IAM authentication information: decrypt token fail');
  });
});

describe('canonicalization pieces', () => {
  it('parses the Authorization header the SDK writes', () => {
    const signed = AKSKSigner.sign(
      { endpoint: 'http://h/v1/p/images', method: 'GET', headers: { 'X-Sdk-Date': '20240102T030405Z' } },
      credential(AK, SK),
    );
    const parsed = parseSdkAuthorization(signed.Authorization);
    expect(parsed).toMatchObject({
      algorithm: 'SDK-HMAC-SHA256',
      accessKey: AK,
      signedHeaders: ['host', 'x-sdk-date'],
    });
    expect(parsed?.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(parseSdkAuthorization('AWS4-HMAC-SHA256 Credential=x')).toBeUndefined();
  });

  it('parses and formats X-Sdk-Date strictly', () => {
    expect(parseSdkDate('20240102T030405Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(parseSdkDate('2024-01-02T03:04:05Z')).toBeUndefined();
    expect(parseSdkDate('20240230T000000Z')).toBeUndefined();
    expect(formatSdkDate(Date.UTC(2024, 0, 2, 3, 4, 5))).toBe('20240102T030405Z');
  });

  it('builds the canonical URI with a trailing slash and the signer encoding', () => {
    expect(canonicalUriCandidates('/v1/p/images')).toEqual(['/v1/p/images/']);
    expect(canonicalUriCandidates('/v1/p/images/')).toEqual(['/v1/p/images/']);
    expect(canonicalUriCandidates('/v1/p/a!b')).toEqual(['/v1/p/a!b/', '/v1/p/a%21b/']);
  });

  it('sorts and re-encodes the query like the signer', () => {
    expect(canonicalQueryString('b=2&a=y&a=x&c=&d=a+b&e=%7E')).toBe('a=x&a=y&b=2&c=&d=a%20b&e=~');
  });

  it('the verifier is a pure function: same request, same verdict', () => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const signed = AKSKSigner.sign(
      { endpoint: 'http://127.0.0.1:1/v1/p/images', method: 'POST', headers, queryParams: {}, data: { a: 1 } },
      credential(AK, SK),
    );
    const lower = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toLowerCase(), v]));
    const request = {
      method: 'POST',
      rawPath: '/v1/p/images',
      rawQuery: '',
      headers: lower,
      body: Buffer.from('{"a":1}'),
    };
    const first: HuaweiAuthResult = verifyHuaweiRequest(request, config);
    expect(first.ok).toBe(true);
    expect(verifyHuaweiRequest({ ...request, body: Buffer.from('{"a": 1}') }, config)).toMatchObject({
      ok: false,
      reason: 'signature-mismatch',
    });
  });
});
