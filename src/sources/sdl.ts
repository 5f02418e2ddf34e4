// A source's SDL file, read from beside its code (the build copies `.graphql`
// files into dist/ with the compiled modules).

import fs from 'node:fs';

/** The text of `file`, relative to the module at `moduleUrl` (pass `import.meta.url`). */
export function readSdl(moduleUrl: string, file: string): string {
  return fs.readFileSync(new URL(file, moduleUrl), 'utf8');
}
