// Builds GraphiQL's bundle (dist/graphiql) for browser tests when it is
// missing or older than its sources.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { graphiqlAssetsDir } from '../../src/graphiql/index.js';
import { projectRoot } from '../../src/project.js';

/** Builds dist/graphiql when it is missing or older than the client sources. */
export function ensureGraphiqlBuilt(): void {
  const root = projectRoot();
  const manifest = path.join(graphiqlAssetsDir(), 'manifest.json');
  const sources = [
    path.join(root, 'scripts', 'build-graphiql.mjs'),
    ...readdirSync(path.join(root, 'src', 'graphiql', 'client'), { recursive: true, encoding: 'utf8' }).map((name) =>
      path.join(root, 'src', 'graphiql', 'client', name),
    ),
  ];
  const builtAt = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  if (sources.some((file) => statSync(file).mtimeMs > builtAt)) {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build-graphiql.mjs')], { cwd: root, stdio: 'pipe' });
  }
}
