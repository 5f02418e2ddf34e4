// Builds the catalog web app (dist/catalog) for browser tests when it is
// missing or older than its sources.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { catalogBuildDir } from '../../src/catalog/index.js';
import { projectRoot } from '../../src/project.js';

/** Builds dist/catalog when it is missing or older than the app's sources. */
export function ensureCatalogBuilt(): void {
  const root = projectRoot();
  const app = path.join(root, 'src', 'catalog', 'app');
  const page = path.join(catalogBuildDir(), 'index.html');
  const sources = [
    path.join(root, 'scripts', 'build-catalog.mjs'),
    ...readdirSync(app, { recursive: true, encoding: 'utf8' }).map((name) => path.join(app, name)),
  ];
  const builtAt = existsSync(page) ? statSync(page).mtimeMs : 0;
  if (sources.some((file) => statSync(file).mtimeMs > builtAt)) {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build-catalog.mjs')], { cwd: root, stdio: 'pipe' });
  }
}
