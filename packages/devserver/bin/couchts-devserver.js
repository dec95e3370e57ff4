#!/usr/bin/env node
'use strict';
// The couchts-devserver command: the CLI lives in the package build (dist/cli.cjs).
let cli;
try {
  cli = require('../dist/cli.cjs');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('couchts-devserver: the package is not built yet; run `npm run build` at the repository root.\n');
    process.exit(1);
  }
  throw err;
}
cli.main();
