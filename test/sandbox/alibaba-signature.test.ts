// The sandbox's ACS3-HMAC-SHA256 verifier, proven against Alibaba's own signer
// (`@alicloud/openapi-util` getAuthorization, the function `@alicloud/openapi-client`
// calls for every V3 request) as the oracle. Requests are built the way the
// client's doRequest builds them and put on the "wire" the way tea's buildURL
// does (querystring.stringify), so the verifier sees what a server would.

import { createHash } from 'node:crypto';
import querystring from 'node:querystring';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACS3_MAX_CLOCK_SKEW_MS,
  canonicalQueryString,
  canonicalUri,
  createAcs3Verifier,
  parseAcsDate,
  percentEncode,
  type Acs3Request,
} from '../../src/sandbox/alibaba/signature.js';
import { popErrorResponse } from '../../src/sandbox/alibaba/pop-errors.js';
import { SdkUtil, type SdkSignRequest as SdkRequest } from '../support/alibaba-sdk.js';

const AK = 'LTAI5tTestAccessKey000001';
const SK = 'test-secret-4f9d2c7b1e8a';
const TOKEN = 'CAIS-test-sts-token-abc';
const T0 = Date.UTC(2024, 4, 6, 7, 8, 9);

const acsDate = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

interface SignOptions {
  query?: Record<string, string>;
  body?: string;
  contentType?: string;
  at?: number;
  nonce?: string;
  secret?: string;
  accessKeyId?: string;
  securityToken?: string;
  /** Headers removed before signing (they are then absent from the request too). */
  omit?: string[];
  /** Headers added after signing (present on the wire, not signed). */
  addAfter?: Record<string, string>;
  method?: string;
  pathname?: string;
}

let nonceCounter = 0;

/** Signs like openapi-client's doRequest and returns what the server would receive. */
function sdkSigned(options: SignOptions = {}): Acs3Request {
  const query = options.query ?? { ImageId: 'm-uf60twafjtaart1234ab', ImageType: 'VM' };
  const body = options.body ?? '';
  const headers: Record<string, string> = {
    host: 'ehpcinstant.cn-hangzhou.aliyuncs.com',
    'x-acs-version': '2023-07-01',
    'x-acs-action': 'GetImage',
    'user-agent': 'AlibabaCloud (linux; x64) Node.js/v20 Core/1.0.1 TeaDSL/2',
    'x-acs-date': acsDate(options.at ?? T0),
    'x-acs-signature-nonce': options.nonce ?? `nonce-${++nonceCounter}-${Math.random().toString(36).slice(2)}`,
    accept: 'application/json',
    'x-acs-content-sha256': sha256(body),
  };
  if (options.contentType) headers['content-type'] = options.contentType;
  if (options.securityToken) {
    headers['x-acs-accesskey-id'] = options.accessKeyId ?? AK;
    headers['x-acs-security-token'] = options.securityToken;
  }
  for (const name of options.omit ?? []) delete headers[name];
  const request = { method: options.method ?? 'POST', pathname: options.pathname ?? '/', query, headers };
  headers.Authorization = SdkUtil.getAuthorization(
    request as unknown as SdkRequest,
    'ACS3-HMAC-SHA256',
    sha256(body),
    options.accessKeyId ?? AK,
    options.secret ?? SK,
  );
  Object.assign(headers, options.addAfter ?? {});
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
  return {
    method: request.method,
    rawPath: request.pathname,
    rawQuery: querystring.stringify(query),
    headers: lower,
    body: Buffer.from(body, 'utf8'),
  };
}

const verifierAt = (clock: { t: number }) =>
  createAcs3Verifier({
    credentials: [{ accessKeyId: AK, accessKeySecret: SK, securityTokens: [TOKEN] }],
    now: () => clock.t,
  });

function expectError(
  result: ReturnType<ReturnType<typeof createAcs3Verifier>['verify']>,
  status: number,
  code: string,
) {
  expect(result.ok).toBe(false);
  if (result.ok) return undefined;
  expect(result.error.code).toBe(code);
  expect(result.error.status).toBe(status);
  return result.error;
}

describe('canonical form', () => {
  it("percent-encodes like the SDK (RFC 3986: unreserved kept, !'()* escaped, space %20)", () => {
    expect(percentEncode("a b+c*d~e!f'g(h)i/j")).toBe('a%20b%2Bc%2Ad~e%21f%27g%28h%29i%2Fj');
    expect(percentEncode('["m-1","m-2"]')).toBe('%5B%22m-1%22%2C%22m-2%22%5D');
    expect(percentEncode('应用')).toBe('%E5%BA%94%E7%94%A8');
  });

  it('decodes the raw query (form semantics) and re-encodes it, keys sorted, repeated keys by value', () => {
    expect(canonicalQueryString('')).toBe('');
    expect(canonicalQueryString('b=2&a=x+y&c=%2A&a=w')).toBe('a=w&a=x%20y&b=2&c=%2A');
    expect(canonicalQueryString("Name=it's(ok)!")).toBe('Name=it%27s%28ok%29%21');
    expect(canonicalQueryString('Flag&Empty=')).toBe('Empty=&Flag=');
  });

  it('uses / for an RPC path and encodes each segment otherwise', () => {
    expect(canonicalUri('/')).toBe('/');
    expect(canonicalUri('')).toBe('/');
    expect(canonicalUri('/api/v1/a%20b/c*d')).toBe('/api/v1/a%20b/c%2Ad');
  });

  it('parses x-acs-date strictly', () => {
    expect(parseAcsDate('2024-05-06T07:08:09Z')).toBe(T0);
    expect(parseAcsDate('2024-05-06T07:08:09.000Z')).toBeUndefined();
    expect(parseAcsDate('2024-02-30T00:00:00Z')).toBeUndefined();
    expect(parseAcsDate('Mon, 06 May 2024 07:08:09 GMT')).toBeUndefined();
  });
});

describe('ACS3-HMAC-SHA256 verification against the SDK signer', () => {
  it('accepts what the SDK signs, for any query (property)', () => {
    const clock = { t: T0 };
    const verifier = verifierAt(clock);
    const key = fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,11}$/);
    const value = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.constantFrom(' ', '+', '*', '~', '!', "'", '()', '%', '&=', '%2A', '["cn-shanghai"]', '中文 值', ''),
    );
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 8 }), fc.string({ maxLength: 40 }), (query, body) => {
        const request = sdkSigned({ query, body, contentType: body ? 'application/x-www-form-urlencoded' : undefined });
        const result = verifier.verify(request);
        if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects any change to any signed query value (property)', () => {
    const verifier = verifierAt({ t: T0 });
    const key = fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,11}$/);
    fc.assert(
      fc.property(
        fc.dictionary(key, fc.string({ unit: 'grapheme', maxLength: 12 }), { minKeys: 1, maxKeys: 6 }),
        fc.nat(),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }),
        (query, pick, suffix) => {
          const request = sdkSigned({ query });
          const keys = Object.keys(query);
          const changed = { ...query, [keys[pick % keys.length]]: query[keys[pick % keys.length]] + suffix };
          const result = verifier.verify({ ...request, rawQuery: querystring.stringify(changed) });
          return !result.ok && result.error.code === 'SignatureDoesNotMatch';
        },
      ),
      { numRuns: 200 },
    );
  });

  it('returns the action, version, key and the string to sign', () => {
    const result = verifierAt({ t: T0 }).verify(sdkSigned({ nonce: 'n-1' }));
    expect(result).toMatchObject({
      ok: true,
      accessKeyId: AK,
      action: 'GetImage',
      version: '2023-07-01',
      nonce: 'n-1',
    });
    if (result.ok) expect(result.stringToSign).toMatch(/^ACS3-HMAC-SHA256\n[0-9a-f]{64}$/);
  });

  it('rejects a wrong secret with SignatureDoesNotMatch and the server string to sign', () => {
    const error = expectError(
      verifierAt({ t: T0 }).verify(sdkSigned({ secret: 'not-the-secret' })),
      400,
      'SignatureDoesNotMatch',
    );
    expect(error?.message).toMatch(
      /^Specified signature is not matched with our calculation\. server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$/,
    );
    expect(error?.message).not.toContain(SK);
  });

  it('rejects an unknown access key with 404 InvalidAccessKeyId.NotFound', () => {
    expectError(
      verifierAt({ t: T0 }).verify(sdkSigned({ accessKeyId: 'LTAI-unknown' })),
      404,
      'InvalidAccessKeyId.NotFound',
    );
  });

  it('rejects a query changed after signing', () => {
    const request = sdkSigned({ query: { ImageId: 'm-1' } });
    expectError(verifierAt({ t: T0 }).verify({ ...request, rawQuery: 'ImageId=m-2' }), 400, 'SignatureDoesNotMatch');
    expectError(
      verifierAt({ t: T0 }).verify({ ...request, rawQuery: 'ImageId=m-1&Extra=1' }),
      400,
      'SignatureDoesNotMatch',
    );
  });

  it('accepts the same query encoded differently on the wire', () => {
    const request = sdkSigned({ query: { Names: '["a b","c*d"]' } });
    const reencoded = 'Names=' + encodeURIComponent('["a b","c*d"]').replace(/%20/g, '+');
    expect(verifierAt({ t: T0 }).verify({ ...request, rawQuery: reencoded }).ok).toBe(true);
  });

  it('rejects a body that does not match x-acs-content-sha256, and a changed method or path', () => {
    const request = sdkSigned({ body: 'ImageId=m-1', contentType: 'application/x-www-form-urlencoded' });
    expectError(
      verifierAt({ t: T0 }).verify({ ...request, body: Buffer.from('ImageId=m-2') }),
      400,
      'SignatureDoesNotMatch',
    );
    expectError(verifierAt({ t: T0 }).verify({ ...request, method: 'GET' }), 400, 'SignatureDoesNotMatch');
    expectError(verifierAt({ t: T0 }).verify({ ...request, rawPath: '/other' }), 400, 'SignatureDoesNotMatch');
  });

  it('rejects a changed signed header (host, action)', () => {
    const request = sdkSigned();
    expectError(
      verifierAt({ t: T0 }).verify({ ...request, headers: { ...request.headers, host: 'evil.example' } }),
      400,
      'SignatureDoesNotMatch',
    );
    expectError(
      verifierAt({ t: T0 }).verify({ ...request, headers: { ...request.headers, 'x-acs-action': 'RemoveImage' } }),
      400,
      'SignatureDoesNotMatch',
    );
  });

  it('rejects a replayed nonce within 15 minutes, and does not let a forged request burn a nonce', () => {
    const clock = { t: T0 };
    const verifier = verifierAt(clock);
    const forged = sdkSigned({ nonce: 'shared-nonce', secret: 'wrong' });
    expectError(verifier.verify(forged), 400, 'SignatureDoesNotMatch');
    const request = sdkSigned({ nonce: 'shared-nonce' });
    expect(verifier.verify(request).ok).toBe(true);
    clock.t = T0 + 60_000;
    expectError(verifier.verify(request), 400, 'SignatureNonceUsed');
    // The same nonce under a fresh signature is still a reuse.
    expectError(verifier.verify(sdkSigned({ nonce: 'shared-nonce', at: clock.t })), 400, 'SignatureNonceUsed');
    // Past the window the date itself is stale.
    clock.t = T0 + ACS3_MAX_CLOCK_SKEW_MS + 1000;
    expectError(verifier.verify(request), 400, 'InvalidTimeStamp.Expired');
    // And a fresh request may use the nonce again once it is forgotten.
    expect(verifier.verify(sdkSigned({ nonce: 'shared-nonce', at: clock.t })).ok).toBe(true);
  });

  it('rejects x-acs-date more than 15 minutes away or malformed', () => {
    const clock = { t: T0 };
    expectError(verifierAt(clock).verify(sdkSigned({ at: T0 - 16 * 60_000 })), 400, 'InvalidTimeStamp.Expired');
    expectError(verifierAt(clock).verify(sdkSigned({ at: T0 + 16 * 60_000 })), 400, 'InvalidTimeStamp.Expired');
    expect(verifierAt(clock).verify(sdkSigned({ at: T0 - 14 * 60_000 })).ok).toBe(true);
    const request = sdkSigned();
    const headers = { ...request.headers, 'x-acs-date': '20240506T070809Z' };
    expectError(verifierAt(clock).verify({ ...request, headers }), 400, 'InvalidTimeStamp.Format');
  });

  it('requires the Authorization header in its ACS3 form', () => {
    const request = sdkSigned();
    const without = { ...request.headers };
    delete without.authorization;
    expectError(verifierAt({ t: T0 }).verify({ ...request, headers: without }), 400, 'IncompleteSignature');
    for (const authorization of [
      'ACS3-HMAC-SHA256 Credential=x',
      'ACS3-HMAC-SHA1 Credential=x,SignedHeaders=host,Signature=' + 'a'.repeat(64),
      `ACS3-HMAC-SHA256 Credential=${AK},SignedHeaders=host,Signature=XYZ`,
      'garbage',
    ]) {
      const result = verifierAt({ t: T0 }).verify({ ...request, headers: { ...request.headers, authorization } });
      expectError(result, 400, 'IncompleteSignature');
    }
  });

  it('requires host, x-acs-action, x-acs-version, x-acs-date, x-acs-signature-nonce, x-acs-content-sha256 to be signed', () => {
    for (const name of [
      'x-acs-signature-nonce',
      'x-acs-date',
      'x-acs-content-sha256',
      'x-acs-action',
      'x-acs-version',
    ]) {
      const omitted = sdkSigned({ omit: [name] });
      expectError(verifierAt({ t: T0 }).verify(omitted), 400, 'IncompleteSignature');
      const unsigned = sdkSigned({ omit: [name] });
      const original = sdkSigned();
      const headers = { ...unsigned.headers, [name]: original.headers[name] as string };
      expectError(verifierAt({ t: T0 }).verify({ ...unsigned, headers }), 400, 'IncompleteSignature');
    }
  });

  it('requires every x-acs-* header present to be signed', () => {
    expectError(
      verifierAt({ t: T0 }).verify(sdkSigned({ addAfter: { 'x-acs-extra': '1' } })),
      400,
      'IncompleteSignature',
    );
  });

  it('accepts a signed STS security token it knows, rejects an unknown or unsigned one', () => {
    const verifier = verifierAt({ t: T0 });
    const result = verifier.verify(sdkSigned({ securityToken: TOKEN }));
    expect(result).toMatchObject({ ok: true, securityToken: TOKEN });
    expectError(verifier.verify(sdkSigned({ securityToken: 'CAIS-forged' })), 400, 'InvalidSecurityToken.Malformed');
    expectError(
      verifier.verify(sdkSigned({ addAfter: { 'x-acs-security-token': TOKEN } })),
      400,
      'IncompleteSignature',
    );
  });

  it('builds the POP error body with request id header', () => {
    const response = popErrorResponse(
      { status: 400, code: 'SignatureNonceUsed', message: 'Specified signature nonce was used already.' },
      { requestId: 'AAAA-BBBB', hostId: 'ehpcinstant.cn-hangzhou.aliyuncs.com', product: 'EhpcInstant' },
    );
    expect(response).toEqual({
      status: 400,
      headers: { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': 'AAAA-BBBB' },
      body: {
        RequestId: 'AAAA-BBBB',
        HostId: 'ehpcinstant.cn-hangzhou.aliyuncs.com',
        Code: 'SignatureNonceUsed',
        Message: 'Specified signature nonce was used already.',
        Recommend: 'https://api.aliyun.com/troubleshoot?q=SignatureNonceUsed&product=EhpcInstant&requestId=AAAA-BBBB',
      },
    });
  });
});
