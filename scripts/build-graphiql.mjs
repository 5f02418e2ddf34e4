#!/usr/bin/env node
// Bundles the self-hosted GraphiQL page (src/graphiql/client/main.tsx) into
// dist/graphiql/: one ES module (graphql-ws included, for subscriptions), its stylesheet, Monaco's fonts, and the three
// web workers GraphiQL 5's editors run (Monaco's editor worker, its JSON
// worker for the variables/headers editors, monaco-graphql's worker). Every
// file name carries a content hash; manifest.json names the entry files so the
// server can write the HTML without guessing. Nothing is loaded from a CDN.
import { build } from 'esbuild';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { constants as zlibConstants, gzip } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'graphiql');
const started = performance.now();

const common = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  platform: 'browser',
  target: ['es2022'],
  outdir,
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};

/** Output file name (relative to outdir) of the given entry point. */
function outputOf(metafile, entryPoint) {
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (output.entryPoint === entryPoint)
      return { js: path.basename(file), css: output.cssBundle && path.basename(output.cssBundle) };
  }
  throw new Error(`esbuild produced no output for ${entryPoint}`);
}

// No wipe first: names are content-hashed, so rewriting is harmless and a
// server or test reading dist/graphiql meanwhile never sees it empty. Files of
// earlier builds are pruned at the end, after the new manifest is in place.
await mkdir(outdir, { recursive: true });

const workerEntries = {
  editor: 'node_modules/monaco-editor/esm/vs/editor/editor.worker.js',
  json: 'node_modules/monaco-editor/esm/vs/language/json/json.worker.js',
  graphql: 'node_modules/monaco-graphql/esm/graphql.worker.js',
};
const workers = await build({
  ...common,
  entryPoints: Object.values(workerEntries),
  entryNames: '[name]-[hash]',
  format: 'iife',
});
const workerFiles = Object.fromEntries(
  Object.entries(workerEntries).map(([label, entry]) => [label, outputOf(workers.metafile, entry).js]),
);

const mainEntry = 'src/graphiql/client/main.tsx';
const page = await build({
  ...common,
  entryPoints: [mainEntry],
  entryNames: 'graphiql-[hash]',
  assetNames: '[name]-[hash]',
  format: 'esm',
  jsx: 'automatic',
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
  define: { ...common.define, __GRAPHIQL_WORKERS__: JSON.stringify(workerFiles) },
});
const main = outputOf(page.metafile, mainEntry);
if (!main.css) throw new Error('esbuild produced no stylesheet for GraphiQL');
// The toolkit loads graphql-ws with a dynamic import(): it must be in the
// bundle, or subscriptions would try to fetch it at run time, offline.
if (!Object.keys(page.metafile.inputs).some((input) => input.startsWith('node_modules/graphql-ws/'))) {
  throw new Error('graphql-ws is not in the GraphiQL bundle: GraphiQL could not run subscriptions');
}

const produced = new Set(
  [...Object.keys(workers.metafile.outputs), ...Object.keys(page.metafile.outputs)].map((file) => path.basename(file)),
);
for (const file of [...Object.keys(workers.metafile.outputs), ...Object.keys(page.metafile.outputs)]) {
  // legalComments: 'linked' writes *.LEGAL.txt files that the metafile does not list.
  produced.add(`${path.basename(file)}.LEGAL.txt`);
}

// Precompressed siblings, sent by serveGraphiqlAsset when the client accepts gzip.
const gzipAsync = promisify(gzip);
let gzipped = 0;
await Promise.all(
  (await readdir(outdir))
    .filter((name) => produced.has(name) && /\.(js|css|json|txt|svg|ttf)$/.test(name))
    .map(async (name) => {
      const raw = await readFile(path.join(outdir, name));
      if (raw.length < 1024) return;
      const body = await gzipAsync(raw, { level: zlibConstants.Z_BEST_COMPRESSION });
      gzipped += body.length;
      produced.add(`${name}.gz`);
      await writeFile(path.join(outdir, `${name}.gz`), body);
    }),
);

const manifest = { script: main.js, stylesheet: main.css, workers: workerFiles };
await writeFile(path.join(outdir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
produced.add('manifest.json');

for (const name of await readdir(outdir)) {
  if (!produced.has(name)) await rm(path.join(outdir, name), { recursive: true, force: true });
}

const sizes = Object.entries({ ...workers.metafile.outputs, ...page.metafile.outputs }).reduce(
  (sum, [, output]) => sum + output.bytes,
  0,
);
console.log(
  `graphiql: dist/graphiql/ ${main.js} + ${main.css} + ${Object.keys(workerFiles).length} workers, ` +
    `${(sizes / 1024 / 1024).toFixed(2)} MiB (${(gzipped / 1024 / 1024).toFixed(2)} MiB gzipped) in ${Math.round(performance.now() - started)} ms`,
);
