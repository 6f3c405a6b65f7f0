// Lint: typescript-eslint's type-aware recommended rules, plus the house rules of docs/style.md
// (every promise handled or marked `void`, only Error objects thrown, no `any` in the core).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'scripts/**', 'bench/**', 'test-results/**', '*.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // Spreading an array into a call puts every element on the stack: past ~100k elements (a large insert) it
    // throws `Maximum call stack size exceeded`. Loop instead (docs/limits.md).
    files: ['server/src/**/*.ts', 'client/src/**/*.ts', 'client/webview/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression > SpreadElement',
          message: 'no spread into a call: an unbounded array overflows the stack; loop instead',
        },
        {
          selector: 'NewExpression > SpreadElement',
          message: 'no spread into a call: an unbounded array overflows the stack; loop instead',
        },
      ],
    },
  },
);
