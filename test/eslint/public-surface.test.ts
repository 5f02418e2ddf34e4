// The lint rule that keeps each folder's index.ts its public surface
// (eslint/public-surface.js), on files named where they would live in src/:
// the real folders decide which have an index.ts.

import path from 'node:path';
import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
import { publicSurface } from '../../eslint/public-surface.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = path.resolve(import.meta.dirname, '../..');
const at = (file: string) => path.join(root, file);
const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });

tester.run('public-surface', publicSurface, {
  valid: [
    // Another folder through its index.ts.
    { filename: at('src/server/apollo.ts'), code: "import { SCOPES } from '../auth/index.js';" },
    // The same folder, and a folder's own subfolders.
    { filename: at('src/server/apollo.ts'), code: "import { x } from './limits.js';" },
    { filename: at('src/upstream/index.ts'), code: "export { x } from './auth/kind.js';" },
    // A subfolder's index.ts is a surface of its own; a cloud's folder too.
    { filename: at('src/config/load.ts'), code: "import { KINDS } from '../upstream/auth/index.js';" },
    { filename: at('src/server/apollo.ts'), code: "import { ims } from '../sources/ims/index.js';" },
    // A child reads its parent's files; top-level files are modules of their own.
    { filename: at('src/sources/ims/api.ts'), code: "import { x } from '../filter.js';" },
    { filename: at('src/server/apollo.ts'), code: "import { createContext } from '../context.js';" },
    // A folder without an index.ts is no surface (generated code, shared vendor helpers).
    { filename: at('src/server/apollo.ts'), code: "import { x } from '../generated/graphql.js';" },
    { filename: at('src/sources/ims/api.ts'), code: "import { x } from '../huawei/errors.js';" },
    // Packages are not ours to check.
    { filename: at('src/server/apollo.ts'), code: "import { ApolloServer } from '@apollo/server';" },
  ],
  invalid: [
    {
      filename: at('src/server/apollo.ts'),
      code: "import { verify } from '../auth/jwt.js';",
      errors: [
        {
          message:
            "'../auth/jwt.js' reaches past src/auth/index.ts: import from '../auth/index.js' (export what is needed there).",
        },
      ],
    },
    {
      filename: at('src/sources/ims/api.ts'),
      code: "import { sign } from '../../upstream/signing/huawei.js';",
      errors: [
        {
          messageId: 'pastIndex',
          data: {
            specifier: '../../upstream/signing/huawei.js',
            surface: 'src/upstream',
            suggestion: '../../upstream/index.js',
          },
        },
      ],
    },
    {
      filename: at('src/upstream/auth/kind.ts'),
      code: "export { ConfigError } from '../../config/errors.js';",
      errors: [{ messageId: 'pastIndex' }],
    },
    {
      filename: at('src/listing/merge.ts'),
      code: "export * from '../sources/filter.js'; const m = await import('../watch/poller.js');",
      errors: [{ messageId: 'pastIndex' }, { messageId: 'pastIndex' }],
    },
  ],
});
