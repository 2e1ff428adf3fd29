// @ts-check
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import boundaries from 'eslint-plugin-boundaries';
import { importX } from 'eslint-plugin-import-x';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * Layering (DESIGN.md): apps -> stage libs -> core. A lib or app reaches another element only through its
 * package alias `@docqa/<lib>`, which resolves to that lib's `src/index.ts`; deep paths and relative paths
 * into another element are refused, core depends on no other lib, libs never import apps, and nothing
 * imports in a circle. `test/`, `bench/` and `migrations/` are tooling: they may use everything, apps
 * included (e2e tests boot them), libs only through their aliases.
 */
const ALIAS = '@docqa/*';
const TS = ['**/*.ts', '**/*.mts', '**/*.cts'];
const viaAlias = (types) => ({ to: { element: { types } }, dependency: { source: ALIAS } });

const nodeGlobals = {
  process: 'readonly',
  console: 'readonly',
  require: 'readonly',
  module: 'writable',
  __dirname: 'readonly',
};

export default defineConfig(
  globalIgnores(['dist/', 'coverage/', 'data/', 'node_modules/']),
  // The SDK's client is written by @hey-api/openapi-ts (`npm run sdk`) in the generator's own style; tsc
  // typechecks it and a test fails when it differs from a fresh generation. Its package build goes to dist/.
  globalIgnores(['libs/sdk/src/generated/', 'libs/sdk/dist/']),

  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: nodeGlobals },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: nodeGlobals },
  },

  {
    files: TS,
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Type-aware: an unawaited promise loses its error; a promise where a callback is expected is never awaited.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },

  {
    files: TS,
    plugins: { boundaries, 'import-x': importX },
    settings: {
      // import-x must parse the TypeScript files it follows to see their imports (no-cycle needs that).
      'import-x/extensions': ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts', '.cts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      // eslint-plugin-boundaries resolves imports through the eslint-plugin-import resolver settings.
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      'boundaries/elements': [
        { type: 'app', pattern: 'apps/*', capture: ['name'], partialMatch: false },
        { type: 'core', pattern: 'libs/core', partialMatch: false },
        { type: 'lib', pattern: 'libs/*', capture: ['name'], partialMatch: false },
        { type: 'tooling', pattern: ['test', 'bench', 'migrations'], partialMatch: false },
      ],
      'boundaries/files': [{ category: 'test', pattern: '**/*.{spec,int-spec}.ts' }],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message:
            "'{{from.element.type}}' may not import '{{dependency.source}}' ({{to.element.type}}). Layering: apps -> libs -> core; another lib only via its @docqa/<lib> alias.",
          policies: [
            { from: { element: { type: 'app' } }, allow: viaAlias(['lib', 'core']) },
            { from: { element: { type: 'lib' } }, allow: viaAlias(['lib', 'core']) },
            {
              from: { element: { type: 'tooling' } },
              allow: [viaAlias(['lib', 'core']), { to: { element: { types: ['app', 'tooling'] } } }],
            },
            // Specs beside the code may use the shared test helpers.
            { from: { file: { categories: 'test' } }, allow: { to: { element: { type: 'tooling' } } } },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@docqa/*/**'],
              message: 'Import the lib through its alias (@docqa/<lib>) and export what you need from its index.ts.',
            },
          ],
        },
      ],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
);
