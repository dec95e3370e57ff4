'use strict';
// Sums jest JSON reports and prints `N passed, N failed` as the final line. A missing or
// unreadable report (the run never reached jest, e.g. a type error) counts as a failure.
const fs = require('node:fs');

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  let report;
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    console.log(`${file}: no jest report (the run failed before or instead of jest)`);
    failed += 1;
    continue;
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that fails to load has no failed tests of its own: count it.
  failed += report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.every((a) => a.status !== 'failed')).length;
  console.log(`${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numTotalTestSuites} suites`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
