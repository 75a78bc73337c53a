/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  // mercurius imports the ESM-only quick-lru; let swc turn both into CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(mercurius|quick-lru)/)'],
  // One real PostgreSQL per run, built by the real migrations and seed (test/global-setup.ts).
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2
}
