// ESLint rule `local/public-surface`: a module in src/ imports another folder
// through that folder's index.ts, never a file behind it.
//
// An import that leaves the importing file's folder climbs to the folder both
// share, then descends into a folder D. If D has an index.ts, D's surface is
// that file and the import must name it (`../auth/index.js`, not
// `../auth/jwt.js`); the index.ts of a subfolder of D is a surface of its own
// (`../upstream/auth/index.js`). A folder without one (src/generated/, src/sources/huawei/)
// is no surface; the rule looks one level deeper for one. Imports that stay in
// the importing file's folder, or descend from it into its own subfolders,
// are the folder's own business; a top-level file (src/context.ts) is a module
// of its own. Only relative imports are checked: packages have their own
// surface. No existing plugin says exactly "past another folder's index"
// (import-x's no-internal-modules and boundaries match path patterns, not the
// shared ancestor), hence this small rule.

import fs from 'node:fs';
import path from 'node:path';

/** The .ts file a relative `.js` specifier names. */
const sourceOf = (specifier) => specifier.replace(/\.js$/, '.ts');

/** The first folder on the way from `common` down to `target` that has an index.ts, or undefined. */
function surfaceCrossed(common, target) {
  const steps = path.relative(common, path.dirname(target)).split(path.sep).filter(Boolean);
  let folder = common;
  for (const step of steps) {
    folder = path.join(folder, step);
    // Codegen's output (a client preset writes an index.ts of its own) is generated, not a designed surface.
    if (step === 'generated') return undefined;
    if (fs.existsSync(path.join(folder, 'index.ts'))) return folder;
  }
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const publicSurface = {
  meta: {
    type: 'problem',
    docs: { description: 'Import another folder of src/ through its index.ts, never a file behind it' },
    schema: [],
    messages: {
      pastIndex:
        "'{{specifier}}' reaches past {{surface}}/index.ts: import from '{{suggestion}}' (export what is needed there).",
    },
  },
  create(context) {
    const filename = context.filename;
    const here = path.dirname(filename);
    const check = (node) => {
      const specifier = node?.value;
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = path.resolve(here, sourceOf(specifier));
      // Staying in this folder or descending into its own subfolders: the folder's own business.
      if (target.startsWith(here + path.sep)) return;
      let common = here;
      while (!target.startsWith(common + path.sep)) common = path.dirname(common);
      const surface = surfaceCrossed(common, target);
      // A surface's index.ts, or a subfolder's that is a surface of its own (src/upstream/auth/index.ts).
      if (!surface || path.basename(target) === 'index.ts') return;
      const relative = path.relative(here, path.join(surface, 'index.js')).split(path.sep).join('/');
      context.report({
        node,
        messageId: 'pastIndex',
        data: {
          specifier,
          surface: path.relative(context.cwd, surface).split(path.sep).join('/'),
          suggestion: relative.startsWith('.') ? relative : `./${relative}`,
        },
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => node.source && check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source),
    };
  },
};

export default { rules: { 'public-surface': publicSurface } };
