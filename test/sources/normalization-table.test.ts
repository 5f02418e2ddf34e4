// The README's normalization table must be the one the code generates, and the
// code's constants must be what the mappers actually do.

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { END, normalizationTable, START } from '../../scripts/normalization-table.js';
import { SOURCES } from '../../src/sources/index.js';

describe('README normalization table', () => {
  it('matches the table generated from the sources (run `npm run docs` to refresh)', () => {
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf(START) + START.length, readme.indexOf(END)).trim();
    expect(section).toBe(normalizationTable().trim());
  });

  it('lists every registered source', () => {
    const table = normalizationTable();
    for (const source of SOURCES) expect(table).toContain(`| ${source.provider} |`);
  });
});
