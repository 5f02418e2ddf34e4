// Global ids: opaque, URL-safe, and a faithful round trip of where an image
// lives and what the vendor calls it, whatever characters the vendor id holds.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../src/errors.js';
import { decodeGlobalId, encodeGlobalId, tryDecodeGlobalId, type ImageRef } from '../src/ids.js';
import { PROVIDERS } from '../src/sources/index.js';

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');

const nativeId = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
  fc.uuid(),
  fc.constantFrom(
    '../notebooks/x',
    'a/b',
    'x?y=1',
    '%2e%2e',
    '#frag',
    '/',
    '?',
    '%',
    '镜像/🐍?x=%20#y',
    ' ',
    '"',
    '\\',
  ),
  fc.string({ minLength: 500, maxLength: 1500 }),
);
const ref: fc.Arbitrary<ImageRef> = fc.record({
  provider: fc.constantFrom(...PROVIDERS),
  region: fc.oneof(
    fc.constant(''),
    fc.constantFrom('cn-north-4', 'ap-southeast-1', 'cn-hangzhou'),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
  ),
  project: fc.oneof(
    fc.constant(''),
    fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
  ),
  nativeId,
});

describe('global ids', () => {
  it('a known id encodes to a fixed, documented shape', () => {
    const id = encodeGlobalId({
      provider: 'MODELARTS',
      region: 'cn-north-4',
      project: 'p1',
      nativeId: '278e88d1-5b71-4766-8502-b3ba72e824d9',
    });
    expect(JSON.parse(Buffer.from(id, 'base64url').toString('utf8'))).toEqual([
      'img',
      1,
      'MODELARTS',
      'cn-north-4',
      'p1',
      '278e88d1-5b71-4766-8502-b3ba72e824d9',
    ]);
  });

  it('property: round-trips any provider, region, project and native id; URL-safe; injective', () => {
    fc.assert(
      fc.property(ref, (r) => {
        const id = encodeGlobalId(r);
        expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(encodeURIComponent(id)).toBe(id);
        if (id.length <= 4096) {
          expect(tryDecodeGlobalId(id)).toEqual(r);
          expect(decodeGlobalId(id)).toEqual(r);
        } else {
          expect(tryDecodeGlobalId(id)).toBeUndefined();
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('property: distinct refs give distinct ids', () => {
    fc.assert(
      fc.property(ref, ref, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(encodeGlobalId(a)).not.toBe(encodeGlobalId(b));
      }),
      { numRuns: 500 },
    );
  });

  it('a lone surrogate in a native id is not silently changed', () => {
    // JSON.stringify escapes lone surrogates, so the id stays faithful.
    const r: ImageRef = { provider: 'IMS', region: '', project: '', nativeId: 'a\uD800b' };
    expect(tryDecodeGlobalId(encodeGlobalId(r))).toEqual(r);
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['a bare native id', '278e88d1-5b71-4766-8502-b3ba72e824d9'],
    ['not base64url', 'abc+/='],
    ['padding', b64(['img', 1, 'MODELARTS', '', '', 'x']) + '='],
    ['spaces', ' ' + b64(['img', 1, 'MODELARTS', '', '', 'x'])],
    ['base64 of non-JSON', b64('hello world')],
    ['a JSON object', b64({ tag: 'img' })],
    ['too few items', b64(['img', 1, 'MODELARTS', '', 'x'])],
    ['too many items', b64(['img', 1, 'MODELARTS', '', '', 'x', 'y'])],
    ['foreign tag', b64(['node', 1, 'MODELARTS', '', '', 'x'])],
    ['another version', b64(['img', 2, 'MODELARTS', '', '', 'x'])],
    ['version as string', b64(['img', '1', 'MODELARTS', '', '', 'x'])],
    ['unknown provider', b64(['img', 1, 'AWS', '', '', 'x'])],
    ['lower-case provider', b64(['img', 1, 'modelarts', '', '', 'x'])],
    ['region not a string', b64(['img', 1, 'MODELARTS', null, '', 'x'])],
    ['project not a string', b64(['img', 1, 'MODELARTS', '', 7, 'x'])],
    ['empty native id', b64(['img', 1, 'MODELARTS', '', '', ''])],
    ['numeric native id', b64(['img', 1, 'MODELARTS', '', '', 42])],
    ['non-canonical JSON (spaces)', b64('["img", 1, "MODELARTS", "", "", "x"]')],
    ['non-canonical JSON (escaped letter)', b64('["img",1,"MODELARTS","","","\\u0078"]')],
    ['a Relay-style id', Buffer.from('ModelArtsImage:278e88d1').toString('base64')],
    ['too long', 'A'.repeat(4097)],
  ])('refuses %s: undefined, and BAD_USER_INPUT naming the field', (_name, id) => {
    // The registered providers decide which provider names are ours.
    expect(tryDecodeGlobalId(id, PROVIDERS)).toBeUndefined();
    let error: unknown;
    try {
      decodeGlobalId(id, 'ids[3]', PROVIDERS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids[3]' });
    expect((error as GatewayError).message).toContain('ids[3]');
  });

  it('refuses non-canonical base64url (trailing bits set) naming the same image', () => {
    const id = encodeGlobalId({ provider: 'MODELARTS', region: '', project: '', nativeId: 'x' });
    // Find a last character that decodes to the same bytes but is not the canonical one.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const variants = [...alphabet]
      .map((c) => id.slice(0, -1) + c)
      .filter((v) => v !== id && Buffer.from(v, 'base64url').equals(Buffer.from(id, 'base64url')));
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) expect(tryDecodeGlobalId(v)).toBeUndefined();
  });

  it('property: a string decodes only when it is exactly what encode would give', () => {
    // Near misses: the JSON array of a real ref, spelled in ways JSON.parse
    // reads as the same value (spaces, \\u escapes, an escaped slash, 1.0 for
    // 1); base64url of that. Only the canonical spelling names the image.
    const canonicalOr = <T>(canonical: T, ...others: T[]) =>
      fc.oneof({ arbitrary: fc.constant(canonical), weight: 6 }, { arbitrary: fc.constantFrom(...others), weight: 1 });
    const spell = (value: string, how: 'plain' | 'unicode' | 'slash') =>
      how === 'unicode'
        ? `"${[...Array(value.length).keys()].map((i) => `\\u${value.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')}"`
        : how === 'slash'
          ? JSON.stringify(value).replaceAll('/', '\\/')
          : JSON.stringify(value);
    const nearMiss = fc.record({
      ref,
      space: canonicalOr('', ' ', '\n', '\t '),
      version: canonicalOr('1', '1.0', '1e0', '1E+0'),
      strings: fc.array(canonicalOr<'plain' | 'unicode' | 'slash'>('plain', 'unicode', 'slash'), {
        minLength: 5,
        maxLength: 5,
      }),
    });
    let canonical = 0;
    let other = 0;
    fc.assert(
      fc.property(nearMiss, ({ ref: r, space, version, strings }) => {
        const [tag, provider, region, project, native] = ['img', r.provider, r.region, r.project, r.nativeId].map(
          (value, i) => spell(value, strings[i]),
        );
        const text = `[${[tag, version, provider, region, project, native].join(`,${space}`)}]`;
        const id = Buffer.from(text, 'utf8').toString('base64url');
        if (id === encodeGlobalId(r) && id.length <= 4096) {
          canonical += 1;
          expect(tryDecodeGlobalId(id)).toEqual(r);
        } else {
          other += 1;
          expect(tryDecodeGlobalId(id)).toBeUndefined();
        }
      }),
      { numRuns: 1000 },
    );
    // Both sides of the property were exercised.
    expect(canonical).toBeGreaterThan(50);
    expect(other).toBeGreaterThan(50);
  });
});
