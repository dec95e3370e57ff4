'use strict';
// Shared by jest.config.js (npm test) and jest.heavy.config.js (npm run test:heavy).
// Tests run on TypeScript source: workspace packages map to their src/ entry points,
// so a test never depends on a stale build.
module.exports = {
  testEnvironment: 'node',
  transform: {
    // Type checking is done once by `tsc --noEmit` (npm run typecheck); ts-jest only transpiles.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: {
    '^@couchts/core$': '<rootDir>/packages/core/src/index.ts',
    '^@couchts/core/internal$': '<rootDir>/packages/core/src/internal.ts',
    '^@couchts/promise$': '<rootDir>/packages/promise/src/index.ts',
    '^@couchts/devserver$': '<rootDir>/packages/devserver/src/index.ts',
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
