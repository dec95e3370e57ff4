'use strict';
const shared = require('./jest.shared.js');

/** `npm run test:heavy`: soak, fuzz, memory and packaging checks (minutes, not seconds). */
module.exports = {
  ...shared,
  testMatch: ['<rootDir>/packages/*/test/heavy/**/*.test.ts', '<rootDir>/test/heavy/**/*.test.ts'],
  testTimeout: 15 * 60 * 1000,
};
