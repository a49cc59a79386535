// Lint + the dependency direction of STYLE.md: api → jobs/db; worker → steps → erpnext-client;
// db and erpnext-client import no workspace package; steps never imports bullmq, express or db.
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const ws = (names, message) => ({ group: names.map((n) => `@provisioner/${n}`), message });

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.turbo/**', 'packages/db/migrations/**', '.demo/**', '**/bin/bench'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 're-export by name, never `export *` (STYLE.md)' }],
    },
  },
  {
    files: ['packages/db/**/*.ts', 'packages/erpnext-client/**/*.ts', 'packages/frappe-facts/**/*.ts'],
    rules: restrict([ws(['*'], 'db, erpnext-client and frappe-facts import no workspace package')]),
  },
  {
    files: ['packages/steps/**/*.ts'],
    ignores: ['packages/steps/**/*.test.ts'],
    rules: restrict([
      ws(['db', 'api', 'worker'], 'steps see ERPNext only through erpnext-client'),
      { group: ['bullmq', 'express', 'ioredis'], message: 'steps never import bullmq or express' },
    ]),
  },
  {
    files: ['apps/api/**/*.ts'],
    rules: restrict([ws(['steps', 'erpnext-client', 'worker', 'erpnext-sim'], 'the api never imports the ERPNext client or the steps')]),
  },
  {
    files: ['packages/jobs/**/*.ts'],
    rules: restrict([ws(['db', 'steps', 'erpnext-client', 'api', 'worker'], 'jobs is the api↔worker contract; it depends on nothing of ours')]),
  },
  {
    files: ['**/*.test.ts', 'tests/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
