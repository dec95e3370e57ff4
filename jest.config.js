'use strict';
const shared = require('./jest.shared.js');

/** `npm test`: every unit and integration test; long checks live in jest.heavy.config.js. */
module.exports = {
  ...shared,
  testMatch: ['<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/examples/test/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/heavy/'],
  testTimeout: 30000,
};
