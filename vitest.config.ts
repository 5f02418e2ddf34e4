import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
const PRODUCTION_IMAGE_TEST = 'test/production-install.test.ts';

export default defineConfig({
  resolve: {
    // One graphql instance, as under Node: Vite would resolve `graphql` in src/
    // to its `module` build (index.mjs) while Apollo Server and graphql-scalars,
    // loaded by Node, get `main` (index.js). Two GraphQLError classes then make
    // every `instanceof GraphQLError` in src/ false for errors Apollo hands back
    // (formatError hid every gateway error as INTERNAL_SERVER_ERROR in tests).
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 240_000,
    // Suites start servers on loopback; a few at a time keeps a 2-core machine responsive.
    maxWorkers: 2,
    pool: 'forks',
    // The production-image test (npm ci twice, a full build: about 120 CPU-seconds)
    // runs after every other file, alone, so it starves no time-bounded test.
    projects: [
      {
        extends: true,
        test: { name: 'suite', include: ['test/**/*.test.ts', 'src/**/*.test.ts'], exclude: [PRODUCTION_IMAGE_TEST] },
      },
      {
        extends: true,
        test: { name: 'production image', include: [PRODUCTION_IMAGE_TEST], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
