// ESLint: typescript-eslint's type-aware rules on everything we write, with
// exhaustive switches (a new union member or enum value is a lint error where
// it is not handled). Formatting is Prettier's job (`npm run format:check`).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import local from './eslint/public-surface.js';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'coverage/',
      'node_modules/',
      'src/generated/',
      'examples/generated/',
      'src/catalog/app/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Hooks keep the async signature their interface declares (Apollo plugins, handlers).
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Each folder of src/ with an index.ts is used through it (README "Layout"):
    // eslint/public-surface.js. Tests are not held to it: they test units, and
    // reach the file they test directly. src/generated/ is no surface (no index.ts).
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { local },
    rules: { 'local/public-surface': 'error' },
  },
  {
    // Tests read GraphQL and vendor JSON as `any` on purpose: the assertions are the type check.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
