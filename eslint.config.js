// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The pure core must stay free of I/O: no database driver, no AWS SDK, no network or file system. */
const ioModules = [
  { name: 'mongodb', message: 'shared/core is pure: database access belongs in shared/mongo.' },
  { name: 'node:fs', message: 'shared/core is pure: file access belongs in an adapter.' },
  { name: 'node:fs/promises', message: 'shared/core is pure: file access belongs in an adapter.' },
  { name: 'node:net', message: 'shared/core is pure: network access belongs in an adapter.' },
  { name: 'node:http', message: 'shared/core is pure: network access belongs in an adapter.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', 'reports/**', 'coverage/**', 'test-output/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['shared/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: ioModules,
          patterns: [
            {
              group: ['@aws-sdk/*', '@aws-lambda-powertools/*', 'aws-cdk-lib', 'aws-cdk-lib/*'],
              message: 'shared/core is pure: AWS access belongs in an adapter.',
            },
          ],
        },
      ],
    },
  },
);
