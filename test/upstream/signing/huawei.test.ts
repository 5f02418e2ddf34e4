// Our Huawei AK/SK signer (SDK-HMAC-SHA256) against the vendor's own: the
// official Node SDK's `AKSKSigner.sign`, used as the test oracle. Both sign
// the same request with the same X-Sdk-Date and must produce the same
// Authorization header, byte for byte.
//
// The SDK takes the raw path in `endpoint` and encodes each segment itself;
// we sign the already-encoded path we send (paths.ts `buildPath`). The SDK
// takes raw query parameters; we sign the query string we send (`buildQuery`).
// So each case gives the SDK raw values and us what the gateway would put on
// the wire.

import url from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AKSKSigner } from '../../support/huawei-sdk.js';
import { huaweiSdkDate, signHuaweiRequest } from '../../../src/upstream/signing/huawei.js';
import { buildPath, buildQuery } from '../../../src/upstream/paths.js';
import { huaweiAkSkAuthenticator } from '../../../src/upstream/auth/aksk.js';

const AK = 'HPUAXXXXXXXXXXXXXXXX';
const SK = 'qwertyuiopasdfghjklzxcvbnm1234567890QWER';
const HOST = 'modelarts.cn-north-4.myhuaweicloud.com';
const PROJECT = '0b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e';
const DATE = new Date('2024-05-30T08:09:10.000Z');
const SDK_DATE = '20240530T080910Z';

interface Case {
  name: string;
  method: string;
  /** Raw (unencoded) path segments. */
  segments: string[];
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  data?: unknown;
  host?: string;
}

function oracle(c: Case, sk = SK): string {
  const host = c.host ?? HOST;
  const headers: Record<string, string> = { ...(c.headers ?? {}), 'X-Sdk-Date': SDK_DATE };
  const signed = AKSKSigner.sign(
    {
      endpoint: `https://${host}/${c.segments.join('/')}`,
      method: c.method,
      headers,
      queryParams: c.query,
      data: c.data,
    },
    { getAk: () => AK, getSk: () => sk },
  );
  return signed.Authorization;
}

function ours(c: Case, sk = SK): Record<string, string> {
  return signHuaweiRequest(
    {
      method: c.method,
      host: c.host ?? HOST,
      path: buildPath(c.segments),
      query: buildQuery(c.query),
      headers: { ...(c.headers ?? {}) },
      body: c.data === undefined ? undefined : Buffer.from(JSON.stringify(c.data), 'utf8'),
    },
    { ak: AK, sk },
    DATE,
  );
}

const CASES: Case[] = [
  {
    name: 'GET an image, no query, no extra headers',
    method: 'GET',
    segments: ['v1', PROJECT, 'images', '278e88d1-5b71-4766-8502-b3ba72e824d9'],
  },
  {
    name: 'GET with x-project-id and accept, as the gateway sends it',
    method: 'GET',
    segments: ['v1', PROJECT, 'images', '278e88d1-5b71-4766-8502-b3ba72e824d9'],
    headers: { accept: 'application/json', 'X-Project-Id': PROJECT },
  },
  {
    name: 'GET list with a query (numbers as strings, sort keys, booleans)',
    method: 'GET',
    segments: ['v1', PROJECT, 'images'],
    query: { limit: '200', offset: '0', sort_key: 'create_at,name', sort_dir: 'DESC', name_fuzzy_match: 'true' },
    headers: { 'X-Project-Id': PROJECT },
  },
  {
    name: 'GET with array query values (sorted and repeated)',
    method: 'GET',
    segments: ['v2', 'images'],
    query: { id: ['b', 'a', 'c'], tag: ['z', 'y'] },
  },
  {
    name: 'GET with empty query values',
    method: 'GET',
    segments: ['v1', PROJECT, 'images'],
    query: { name: '', namespace: '', limit: '10' },
  },
  {
    name: 'GET with unicode, spaces and reserved characters in the query',
    method: 'GET',
    segments: ['v1', PROJECT, 'images'],
    query: { name: '镜像 名称', 'key with space': 'a b+c', other: "!'()*~-_.", emoji: '🐍/?#&=%' },
  },
  {
    name: 'GET with unicode and sub-delims in path segments',
    method: 'GET',
    segments: ['v1', PROJECT, 'images', '镜像-ü-🐍', 'a:b+c=d@e!$&*,;~'],
  },
  {
    name: 'POST with a JSON body and content-type',
    method: 'POST',
    segments: ['v1', PROJECT, 'images'],
    headers: { 'content-type': 'application/json', accept: 'application/json', 'X-Project-Id': PROJECT },
    data: {
      description: '',
      resource_category: ['CPU'],
      arch: 'X86_64',
      swr_path: 'swr.xxx.com/op_svc_modelarts_container2/pytorch_1_8:train-pytorch_1.8.0-cuda_10.2-py_3.7',
    },
  },
  {
    name: 'POST create-image with a unicode description',
    method: 'POST',
    segments: ['v1', PROJECT, 'notebooks', 'f7e1c2a0-4d3b-4c5a-9e8f-0a1b2c3d4e5f', 'create-image'],
    headers: { 'Content-Type': 'application/json;charset=UTF-8', 'X-Project-Id': PROJECT },
    data: {
      name: 'pytorch1_4',
      namespace: 'atelier-auto',
      tag: '20221223',
      description: '保存 “notebook” ✓',
      workspace_id: '0',
    },
  },
  {
    name: 'temporary credentials: X-Security-Token signed too',
    method: 'GET',
    segments: ['v1', PROJECT, 'images'],
    headers: { 'X-Project-Id': PROJECT, 'X-Security-Token': 'gQpjbi1ub3J0aC00tok+/=' },
  },
  {
    name: 'header values kept untrimmed and mixed-case names lower-cased',
    method: 'DELETE',
    segments: ['v1', PROJECT, 'images', 'x'],
    query: { force: 'true' },
    headers: { 'X-Custom-Header': '  padded value  ', Accept: '*/*' },
  },
  {
    name: 'a host with a port (the sandbox on loopback)',
    method: 'GET',
    segments: ['v1', PROJECT, 'images', 'abc'],
    headers: { 'X-Project-Id': PROJECT },
    host: '127.0.0.1:43117',
  },
];

describe('signHuaweiRequest equals the official SDK signer', () => {
  it('formats X-Sdk-Date as YYYYMMDDTHHmmssZ in UTC', () => {
    expect(huaweiSdkDate(DATE)).toBe(SDK_DATE);
    expect(huaweiSdkDate(new Date('1999-12-31T23:59:59.999Z'))).toBe('19991231T235959Z');
  });

  for (const c of CASES) {
    it(c.name, () => {
      // The SDK sees the raw path and must read it back unchanged from its URL parser.
      expect(url.parse(`https://${c.host ?? HOST}/${c.segments.join('/')}`).pathname).toBe(`/${c.segments.join('/')}`);
      const signed = ours(c);
      expect(signed.Authorization).toBe(oracle(c));
      expect(signed['X-Sdk-Date']).toBe(SDK_DATE);
      expect(signed.host).toBe(c.host ?? HOST);
      // Every header handed in is kept and signed.
      const signedHeaders = /SignedHeaders=([^,]+),/.exec(signed.Authorization)![1].split(';');
      for (const name of Object.keys(c.headers ?? {})) expect(signedHeaders).toContain(name.toLowerCase());
      expect(signedHeaders).toContain('host');
      expect(signedHeaders).toContain('x-sdk-date');
    });
  }

  it('a different SK gives a different signature (the SK is really used)', () => {
    const c = CASES[1];
    expect(ours(c, SK + 'x').Authorization).not.toBe(ours(c).Authorization);
    expect(ours(c, SK + 'x').Authorization).toBe(oracle(c, SK + 'x'));
  });

  it('the authenticator signs X-Project-Id like the SDK BasicCredentials', async () => {
    const authenticator = huaweiAkSkAuthenticator({ type: 'aksk', ak: AK, sk: SK, projectId: PROJECT }, () => DATE);
    const path = buildPath(['v1', PROJECT, 'images', 'id-1']);
    const headers = await authenticator.authenticate({
      method: 'GET',
      host: HOST,
      path,
      query: '',
      headers: { accept: 'application/json' },
    });
    expect(headers['X-Project-Id']).toBe(PROJECT);
    expect(headers.Authorization).toContain('SignedHeaders=accept;host;x-project-id;x-sdk-date,');
    expect(headers.Authorization).toBe(
      oracle({
        name: '',
        method: 'GET',
        segments: ['v1', PROJECT, 'images', 'id-1'],
        headers: { accept: 'application/json', 'X-Project-Id': PROJECT },
      }),
    );
  });

  it('property: random queries, bodies and path segments sign the same', () => {
    // Characters url.parse leaves alone in a path (the SDK parses its endpoint with it).
    const segmentChar = fc.constantFrom(...'abcXYZ019-_.~:@!$&*+,;=()é镜🐍'.split(/(?:)/u));
    const segment = fc
      .array(segmentChar, { minLength: 1, maxLength: 12 })
      .map((chars) => chars.join(''))
      .filter((s) => s !== '.' && s !== '..');
    const text = fc.string({ unit: 'grapheme', maxLength: 16 });
    const key = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        fc.dictionary(key, fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 })), { maxKeys: 5 }),
        fc.option(fc.jsonValue(), { nil: undefined }),
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        (segments, query, data, method) => {
          // The SDK hashes the body only when it is truthy; an empty body is the empty hash for both.
          const body = data === undefined || !data ? undefined : data;
          const c: Case = {
            name: '',
            method,
            segments,
            query,
            headers:
              body === undefined
                ? { 'X-Project-Id': PROJECT }
                : { 'content-type': 'application/json', 'X-Project-Id': PROJECT },
            data: body,
          };
          expect(ours(c).Authorization).toBe(oracle(c));
        },
      ),
      { numRuns: 300 },
    );
  });
});
