// Upstream paths and query strings: no caller-supplied value can reach another
// upstream path. The integration side (the exact raw paths the ModelArts
// sandbox received) is in modelarts.integration.test.ts.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import { buildPath, buildQuery, encodePathSegment, encodeRfc3986 } from '../../src/upstream/paths.js';

function thrown(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('expected a throw');
}

describe('encodePathSegment', () => {
  it.each([
    ['../notebooks/x', '..%2Fnotebooks%2Fx'],
    ['a/b', 'a%2Fb'],
    ['x?y=1', 'x%3Fy%3D1'],
    ['%2e%2e', '%252e%252e'],
    ['%2F', '%252F'],
    ['a#frag', 'a%23frag'],
    ['a b', 'a%20b'],
    ['a+b', 'a%2Bb'],
    ["!'()*", '%21%27%28%29%2A'],
    ['\\..\\x', '%5C..%5Cx'],
    ['...', '...'],
    ['.x', '.x'],
    ['AZaz09-_.~', 'AZaz09-_.~'],
    ['镜像', '%E9%95%9C%E5%83%8F'],
    ['ü', '%C3%BC'],
    ['🐍', '%F0%9F%90%8D'],
    ['a\u0000b\r\n', 'a%00b%0D%0A'],
    ['278e88d1-5b71-4766-8502-b3ba72e824d9', '278e88d1-5b71-4766-8502-b3ba72e824d9'],
  ])('%j → %s', (raw, encoded) => {
    expect(encodePathSegment(raw)).toBe(encoded);
  });

  it.each(['.', '..', ''])('refuses %j with BAD_USER_INPUT naming the field', (raw) => {
    const error = thrown(() => encodePathSegment(raw, 'input.notebookId'));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.field).toBe('input.notebookId');
    expect(error.message).toContain('input.notebookId');
  });

  it('refuses a lone UTF-16 surrogate (a GraphQL string may hold "\\uD800") with BAD_USER_INPUT, not a crash', () => {
    for (const raw of ['\uD800', 'a\uDC00b', 'x\uD83D']) {
      const error = thrown(() => encodePathSegment(raw, 'id'));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    }
  });

  it('refuses segments over 1024 characters', () => {
    expect(encodePathSegment('a'.repeat(1024))).toBe('a'.repeat(1024));
    expect(thrown(() => encodePathSegment('a'.repeat(1025))).extensions.code).toBe('BAD_USER_INPUT');
  });

  it('property: the output is one segment of unreserved characters and %XX, decoding back to the input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((s) => s !== '.' && s !== '..'),
        (raw) => {
          const encoded = encodePathSegment(raw);
          expect(encoded).toMatch(/^(?:[A-Za-z0-9\-_.~]|%[0-9A-F]{2})+$/);
          expect(encoded).not.toContain('/');
          expect(decodeURIComponent(encoded)).toBe(raw);
          // What a server that decodes once sees is never a dot-segment.
          expect(['.', '..']).not.toContain(decodeURIComponent(encoded));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('buildPath', () => {
  it('encodes each segment on its own', () => {
    expect(buildPath(['v1', 'p', 'images', '../notebooks/x'])).toBe('/v1/p/images/..%2Fnotebooks%2Fx');
    expect(buildPath(['v1', 'p', 'images', 'a/b'])).toBe('/v1/p/images/a%2Fb');
    expect(buildPath(['v1', 'p', 'images', 'x?y=1'])).toBe('/v1/p/images/x%3Fy%3D1');
    expect(buildPath(['v1', 'p', 'images', '%2e%2e'])).toBe('/v1/p/images/%252e%252e');
    expect(buildPath(['v1', 'p', 'notebooks', 'nb 1', 'create-image'])).toBe('/v1/p/notebooks/nb%201/create-image');
  });

  it('refuses a dot-segment anywhere, naming the field', () => {
    for (const bad of ['.', '..']) {
      const error = thrown(() => buildPath(['v1', 'p', 'notebooks', bad, 'create-image'], 'notebookId'));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'notebookId' });
    }
  });

  it('property: always exactly as many segments as given', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ minLength: 1 }).filter((s) => s !== '.' && s !== '..'),
          { minLength: 1, maxLength: 6 },
        ),
        (segments) => {
          const path = buildPath(segments);
          expect(path.startsWith('/')).toBe(true);
          expect(path.split('/').slice(1).map(decodeURIComponent)).toEqual(segments);
        },
      ),
    );
  });
});

describe('buildQuery', () => {
  it('sorts keys, encodes keys and values, repeats sorted arrays, keeps empty values', () => {
    expect(buildQuery({ b: '2', a: '1', c: ['z', 'x', 'y'], empty: '' })).toBe('a=1&b=2&c=x&c=y&c=z&empty=');
  });
  it('drops undefined and null, stringifies numbers and booleans', () => {
    expect(buildQuery({ limit: 10, fuzzy: false, gone: undefined, nothing: null })).toBe('fuzzy=false&limit=10');
  });
  it('encodes what would split or end the query', () => {
    expect(buildQuery({ 'a&b': 'c=d', name: 'x#y?z', space: 'a b+c', u: '镜像' })).toBe(
      'a%26b=c%3Dd&name=x%23y%3Fz&space=a%20b%2Bc&u=%E9%95%9C%E5%83%8F',
    );
  });
  it('refuses a lone surrogate with BAD_USER_INPUT naming the parameter', () => {
    const error = thrown(() => buildQuery({ name: 'a\uD800' }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
  });
  it('is empty for no parameters', () => {
    expect(buildQuery(undefined)).toBe('');
    expect(buildQuery({})).toBe('');
  });
  it('property: parses back to the same parameters', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), (params) => {
        const parsed = new URLSearchParams(buildQuery(params).replace(/\+/g, '%2B'));
        expect(Object.fromEntries(parsed)).toEqual(params);
      }),
    );
  });
  it('encodeRfc3986 keeps only unreserved characters', () => {
    expect(encodeRfc3986("-_.~!*'()")).toBe('-_.~%21%2A%27%28%29');
  });
});
