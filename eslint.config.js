import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import reactHooks from 'eslint-plugin-react-hooks'
import simpleImportSort from 'eslint-plugin-simple-import-sort'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', '**/test-results/', '**/playwright-report/', 'packages/devaddr/golden/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: {
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@devaddr/*/src/*', 'devaddr/src/*', '@devaddr/*/src', 'devaddr/src'],
              message: 'Import another package by its name only (its index), never its src/ files.',
            },
          ],
        },
      ],
    },
  },
  {
    // rule 1 of the style guide: the engine is pure and deterministic
    files: ['packages/devaddr/src/**/*.ts'],
    ignores: ['packages/devaddr/src/**/*.test.ts', 'packages/devaddr/src/testing/**', 'packages/devaddr/src/deep/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The engine is deterministic: no clock.' },
        { object: 'Math', property: 'random', message: 'The engine is deterministic: no randomness.' },
      ],
      'no-restricted-globals': ['error', { name: 'Date', message: 'The engine is deterministic: no clock.' }],
    },
  },
  {
    files: ['apps/studio/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  prettier,
)
