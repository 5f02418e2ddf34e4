// The small conversions every source's map.ts uses (src/sources/normalize.ts).

import { describe, expect, it } from 'vitest';
import { enumList, enumValue } from '../../src/sources/normalize.js';

const WORDS = ['PENDING_DELETE', 'Active', 'ACTIVE'] as const;

describe('enumValue', () => {
  it('finds a member whatever its case, in the allowed spelling; the first spelling when two differ only in case', () => {
    expect(enumValue('pending_delete', WORDS)).toBe('PENDING_DELETE');
    expect(enumValue('active', WORDS)).toBe('Active');
    expect(enumValue('ACTIVE', WORDS)).toBe('Active');
  });

  it('null for anything else, also for a list asked again after a miss', () => {
    expect(enumValue('deleted', WORDS)).toBeNull();
    expect(enumValue(3, WORDS)).toBeNull();
    expect(enumValue(undefined, WORDS)).toBeNull();
    expect(enumValue('PENDING_DELETE', WORDS)).toBe('PENDING_DELETE');
  });

  it('enumList keeps the known members, in order', () => {
    expect(enumList(['active', 'nope', 'Pending_Delete'], WORDS)).toEqual(['Active', 'PENDING_DELETE']);
    expect(enumList('active', WORDS)).toBeNull();
  });
});
