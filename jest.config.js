// Two projects picked by file suffix (STYLE.md): pure units and everything that needs Postgres,
// Redis, SMTP, the simulator or a browser. Both are transpiled by @swc/jest (TypeScript 6 is pinned
// for `tsc --noEmit`; swc does not type-check, `npm run typecheck` does).
const transform = {
  '^.+\\.(t|j)s$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
const common = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,packages,tests}/**/*.test.ts'], testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.int\\.test\\.ts$'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,packages,tests}/**/*.int.test.ts'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '<rootDir>/tests/chaos/'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/tests/support/jest-timeout.ts'],
    },
    // Issue 8's chaos suite: real faults in Redis, PostgreSQL and ERPNext (tests/chaos/support). Part
    // of `npm test`; `npm run test:chaos` runs it alone. Some tests restart Redis or PostgreSQL for the
    // whole machine, so this project must not share the servers with other test runs at the same time.
    {
      ...common,
      displayName: 'chaos',
      testMatch: ['<rootDir>/tests/chaos/**/*.int.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/tests/support/jest-timeout.ts'],
    },
  ],
};
