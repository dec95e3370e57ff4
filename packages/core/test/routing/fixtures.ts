/**
 * Access to the real-server fixtures in test-fixtures/ (copied from the shared fixtures) (see its README). Missing
 * fixtures are an error, not a skip: these tests exist to check us against real servers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Root of the shared fixtures, found from this file so the tests run from any cwd. */
export const FIXTURES_DIR = path.resolve(__dirname, '../../../../test-fixtures');

/** Fixture folders holding configs recorded from real servers. */
export const FIXTURE_FOLDERS = ['gocbcore', 'libcouchbase'] as const;

/** Reads a fixture as text. */
export function readFixture(folder: (typeof FIXTURE_FOLDERS)[number], file: string): string {
  return fs.readFileSync(path.join(FIXTURES_DIR, folder, file), 'utf8');
}

/** Every `.json` file of a folder, sorted; throws when the folder is missing. */
export function listFixtures(folder: (typeof FIXTURE_FOLDERS)[number]): string[] {
  const files = fs.readdirSync(path.join(FIXTURES_DIR, folder)).filter((f) => f.endsWith('.json'));
  return files.sort();
}
