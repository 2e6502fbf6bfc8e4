/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': '<rootDir>/test/esbuild-transform.js' },
  // The sandbox is strict about time zones; tests pin UTC like the CLI does.
  globalSetup: '<rootDir>/test/global-setup.js',
  testTimeout: 60000,
};
