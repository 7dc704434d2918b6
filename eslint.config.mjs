import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'tools/', 'tmp/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['*.js'], languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } } },
  {
    files: ['frontend/public/**/*.js', 'bench/**/*-sw.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.serviceworker } },
  },
  {
    files: ['bench/files-buffers/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, ...globals.worker } },
  },
  {
    files: ['**/*.{ts,tsx,mts}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['frontend/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Pages reach the crypto layer only through its proxy (STYLE.md: components never import crypto).
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['openpgp', 'openpgp/*'], message: 'Use CryptoProxy from shared/crypto.ts.' }] },
      ],
    },
  },
  {
    files: ['crypto/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['express', 'mongoose', 'react', 'react-dom', 'node:*'],
              message: 'crypto/ is pure: no DOM, Express, database or Node APIs.',
            },
          ],
        },
      ],
    },
  },
);
