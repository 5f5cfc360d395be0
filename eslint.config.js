import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-output/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Interface implementations are async for their callers' sake even when one backend is synchronous.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Prettier wraps code at 140 columns; this catches what it cannot wrap (comments, strings).
      // A URL is never broken, so a comment citing a long one may pass the width.
      'max-len': ['error', { code: 140, tabWidth: 2, ignoreUrls: true }],
      // A file that outgrows a few screens is doing two things: 260 lines, comments included.
      'max-lines': ['error', { max: 260, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    // Small rooms: a function that outgrows a screen, or a file that outgrows a few, is doing
    // two things and should be split where the concerns part.
    files: ['src/**'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Core logic runs in the Electron main process, the CLI and tests alike: it must never reach for Electron.
    files: ['src/core/**', 'src/shared/**', 'src/demo-provider/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] },
  },
  {
    files: ['src/renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: ['electron'], patterns: ['node:*'] }],
    },
  },
  { files: ['**/*.js', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
);
