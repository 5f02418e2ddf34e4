import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 240_000,
    // Suites start servers on loopback; a few at a time keeps a 2-core machine responsive.
    maxWorkers: 2,
    pool: 'forks',
  },
});
