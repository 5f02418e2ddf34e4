// Copies each source's SDL (src/**/*.graphql) into dist/src/ beside its
// compiled module: source modules read their SDL from their own folder.
import fs from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
let copied = 0;
for (const file of fs.readdirSync(path.join(root, 'src'), { recursive: true })) {
  if (!String(file).endsWith('.graphql')) continue;
  const target = path.join(root, 'dist', 'src', String(file));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(root, 'src', String(file)), target);
  copied += 1;
}
if (copied === 0) throw new Error('copy-sdl: no .graphql file under src/');
