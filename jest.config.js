/** Tests run the TypeScript sources through ts-jest (`npm run build` type-checks). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/transforms', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/helpers/cache-dir.js',
  globalTeardown: '<rootDir>/test/helpers/cache-dir.js',
};
