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
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/tests/support/jest-timeout.ts'],
    },
  ],
};
