// ESLint flat config: typescript-eslint's recommended rules, plus the boundaries that keep
// deciders pure (no Nest, no I/O, no clock) and libraries used through their index.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/dist/**'], message: 'Import a package by its name, never from its dist/.' }] },
      ],
    },
  },
  {
    // A library is used through its index (`@app/<lib>`), never by reaching into another library's files.
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/testing/**', 'libs/*/src/domain/**/*.ts', 'libs/kernel/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/dist/**'], message: 'Import a package by its name, never from its dist/.' },
            { group: ['**/libs/*/src/**', '../../../*/src/**', '../../../../*/src/**', '../../../../../*/src/**'], message: 'Use the other library through @app/<name>.' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/*/src/domain/**/*.ts', 'libs/kernel/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', 'libs/kernel/src/calendar/calendar.loader.ts', 'libs/kernel/src/config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'pg', 'ioredis', 'bullmq', 'node:fs', 'node:fs/*', 'fs'], message: 'Deciders and the kernel stay pure: no framework, no I/O.' },
            { group: ['@app/platform', '@app/event-store'], message: 'Deciders do not depend on infrastructure.' },
          ],
        },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Time comes in with the command.' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Time comes in with the command: no new Date() in domain code.' }],
    },
  },
);
