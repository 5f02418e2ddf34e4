#!/usr/bin/env node
// Builds the catalog web app (src/catalog/app/) with Vite into dist/catalog/:
// index.html and content-hashed scripts and styles under assets/, each with a
// precompressed .gz sibling that the gateway sends to clients accepting gzip
// (src/catalog/index.ts). Nothing is loaded from a CDN.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { constants as zlibConstants, gzip } from 'node:zlib';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const assets = path.join(root, 'dist', 'catalog', 'assets');
const started = performance.now();

await build({ configFile: path.join(root, 'src', 'catalog', 'app', 'vite.config.ts'), logLevel: 'warn' });

const gzipAsync = promisify(gzip);
let raw = 0;
let packed = 0;
for (const name of await readdir(assets)) {
  if (!/\.(js|css)$/.test(name)) continue;
  const body = await readFile(path.join(assets, name));
  const gz = await gzipAsync(body, { level: zlibConstants.Z_BEST_COMPRESSION });
  raw += body.length;
  packed += gz.length;
  await writeFile(path.join(assets, `${name}.gz`), gz);
}
console.log(
  `catalog: dist/catalog/ ${(raw / 1024).toFixed(0)} KiB (${(packed / 1024).toFixed(0)} KiB gzipped) in ${Math.round(performance.now() - started)} ms`,
);
