// The schema's SDL: the core files in schema/ (core.graphql first), then each
// registered source's own.

import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../project.js';
import type { SourceModule } from '../sources/types.js';

export function loadTypeDefs(sources: readonly SourceModule[]): string[] {
  const dir = path.join(projectRoot(), 'schema');
  const core = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort((a, b) => (a === 'core.graphql' ? -1 : b === 'core.graphql' ? 1 : a.localeCompare(b)))
    .map((file) => fs.readFileSync(path.join(dir, file), 'utf8'));
  return [...core, ...sources.map((source) => source.typeDefs)];
}
