/**
 * Placeholder entry of `npm run bench` until the benchmark exists (see bench/README.md).
 * Exits with an error so no one mistakes it for results.
 */
console.error('The benchmark is not written yet: see bench/README.md.');
process.exitCode = 1;
