/**
 * The status table (mcbp/status.ts) against the error maps real servers serve
 * (test-fixtures/gocbcore/err_map70_v1.json and err_map71_v2.json, from gocbcore's
 * testdata). Proves that for every code both define our name is the server's (except
 * the durability codes, which the real maps spell in CamelCase — listed explicitly
 * below), that our attributes are the server's (all of 7.1's; 7.0 differs at one listed
 * code), and that the retry flags follow API.md's retry rule: NOT_MY_VBUCKET, ETMPFAIL,
 * EBUSY and ENOMEM are retried, LOCKED (0x09) is not.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRetriableStatus } from '../../src/errors/status-errors';
import { STATUS, STATUS_TABLE, statusName } from '../../src/mcbp/status';

interface RealEntry {
  name: string;
  desc: string;
  attrs: string[];
}
interface RealMap {
  version: number;
  revision: number;
  errors: Record<string, RealEntry>;
}

const FIXTURES = path.resolve(__dirname, '../../../../test-fixtures/gocbcore');
const load = (file: string): Map<number, RealEntry> => {
  const json = JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as RealMap;
  return new Map(Object.entries(json.errors).map(([hex, e]) => [Number.parseInt(hex, 16), e]));
};
const MAPS: [string, Map<number, RealEntry>][] = [
  ['7.0 (err_map70_v1.json)', load('err_map70_v1.json')],
  ['7.1 (err_map71_v2.json)', load('err_map71_v2.json')],
];

/**
 * Codes whose real-map name is not SNAKE_CASE. Our table spells them as the real map
 * does (the dev cluster serves these names), so none differ.
 */
const CAMEL_CASE_IN_REAL_MAP = new Map<number, string>([
  [0xa0, 'DurabilityInvalidLevel'],
  [0xa1, 'DurabilityImpossible'],
  [0xa2, 'SyncWriteInProgress'],
  [0xa3, 'SyncWriteAmbiguous'],
  [0xa4, 'SyncWriteReCommitInProgress'],
]);

const SNAKE = /^[A-Z][A-Z0-9_]*$/;
const hex = (c: number): string => `0x${c.toString(16).padStart(2, '0')}`;

/** Core codes whose attributes must equal the real map's. */
const CORE_CODES = [
  ...Array.from({ length: 10 }, (_, i) => i), // 0x00–0x09
  0x20,
  0x21,
  0x22,
  0x23,
  0x24,
  0x82,
  0x83,
  0x84,
  0x85,
  0x86,
];
/** ROLLBACK (0x23) is DCP-only; the client resolves it through the server's map, not the table. */
const CORE_CODES_NOT_IN_TABLE = [0x23];

describe.each(MAPS)('against the %s error map', (_name, real) => {
  const shared = [...STATUS_TABLE.keys()].filter((c) => real.has(c));

  test('the two share most codes', () => {
    expect(shared.length).toBeGreaterThanOrEqual(50);
  });

  test('every shared code has the server name where both spell it in SNAKE_CASE', () => {
    const compared: number[] = [];
    for (const code of shared) {
      const ours = STATUS_TABLE.get(code)!.name;
      const theirs = real.get(code)!.name;
      if (!SNAKE.test(ours) || !SNAKE.test(theirs)) continue;
      compared.push(code);
      expect(`${hex(code)} ${ours}`).toBe(`${hex(code)} ${theirs}`);
    }
    expect(compared.length).toBe(shared.length - CAMEL_CASE_IN_REAL_MAP.size);
  });

  test('every shared code has exactly the server\'s name, the CamelCase ones included', () => {
    const differing = shared.filter((c) => STATUS_TABLE.get(c)!.name !== real.get(c)!.name);
    expect(differing.map(hex)).toEqual([]);
    for (const [code, name] of CAMEL_CASE_IN_REAL_MAP) expect(STATUS_TABLE.get(code)!.name).toBe(name);
  });

  test.each(CORE_CODES.filter((c) => !CORE_CODES_NOT_IN_TABLE.includes(c)).map((c) => [hex(c), c] as const))(
    'core code %s: attrs equal the server map',
    (_h, code) => {
      expect(real.has(code)).toBe(true);
      expect(STATUS_TABLE.get(code)?.attrs).toEqual(real.get(code)!.attrs);
    },
  );

  test('the core codes left out of the table are in the server map', () => {
    for (const code of CORE_CODES_NOT_IN_TABLE) {
      expect(STATUS_TABLE.has(code)).toBe(false);
      expect(real.get(code)!.name).toBe('ROLLBACK');
    }
  });
});

describe('attributes of every shared code', () => {
  test('equal the 7.1 map (the newest) for every code both define', () => {
    const real = MAPS[1]![1];
    const mismatches = [...STATUS_TABLE.keys()]
      .filter((c) => real.has(c))
      .filter((c) => JSON.stringify(STATUS_TABLE.get(c)!.attrs) !== JSON.stringify(real.get(c)!.attrs))
      .map(hex);
    expect(mismatches).toEqual([]);
  });

  test('equal the 7.0 map except DURABILITY_IMPOSSIBLE, which 7.1 changed from retry-later to invalid-input', () => {
    const real = MAPS[0]![1];
    const mismatches = [...STATUS_TABLE.keys()]
      .filter((c) => real.has(c))
      .filter((c) => JSON.stringify(STATUS_TABLE.get(c)!.attrs) !== JSON.stringify(real.get(c)!.attrs))
      .map(hex);
    expect(mismatches).toEqual(['0xa1']);
    expect(real.get(0xa1)!.attrs).toEqual(['item-only', 'retry-later']);
    expect(MAPS[1]![1].get(0xa1)!.attrs).toEqual(['item-only', 'invalid-input']);
  });
});

describe('retry flags follow API.md\'s retry rule', () => {
  test.each([
    ['NOT_MY_VBUCKET', 0x07],
    ['ETMPFAIL', 0x86],
    ['EBUSY', 0x85],
    ['ENOMEM', 0x82],
  ])('%s is retried', (name, code) => {
    expect(STATUS_TABLE.get(code)!.name).toBe(name);
    expect(STATUS_TABLE.get(code)!.retry).toBe(true);
    expect(isRetriableStatus(code)).toBe(true);
  });

  test('the retried statuses are exactly those four (API.md)', () => {
    const retried = [...STATUS_TABLE].filter(([, info]) => info.retry).map(([code]) => code).sort((a, b) => a - b);
    expect(retried).toEqual([0x07, 0x82, 0x85, 0x86]);
  });

  test('LOCKED (0x09) is not retried, although the server map marks it retry-now', () => {
    expect(STATUS_TABLE.get(0x09)!.name).toBe('LOCKED');
    expect(STATUS_TABLE.get(0x09)!.attrs).toContain('retry-now');
    expect(STATUS_TABLE.get(0x09)!.retry).toBe(false);
    expect(isRetriableStatus(0x09)).toBe(false);
  });

  test.each([
    ['SUCCESS', 0x00],
    ['KEY_ENOENT', 0x01],
    ['KEY_EEXISTS', 0x02],
    ['E2BIG', 0x03],
    ['EINVAL', 0x04],
    ['NOT_STORED', 0x05],
    ['DELTA_BADVAL', 0x06],
    ['NO_BUCKET', 0x08],
    ['AUTH_ERROR', 0x20],
    ['EACCESS', 0x24],
    ['UNKNOWN_COMMAND', 0x81],
    ['NOT_SUPPORTED', 0x83],
    ['EINTERNAL', 0x84],
    ['UNKNOWN_COLLECTION', 0x88],
    ['SUBDOC_PATH_ENOENT', 0xc0],
    ['SUBDOC_MULTI_PATH_FAILURE', 0xcc],
  ])('%s is not retried', (name, code) => {
    expect(STATUS_TABLE.get(code)!.name).toBe(name);
    expect(STATUS_TABLE.get(code)!.retry).toBe(false);
    expect(isRetriableStatus(code)).toBe(false);
  });

  test('for table codes isRetriableStatus is the table flag, whatever a server map says', () => {
    const hostileMap = {
      version: 2,
      revision: 1,
      errors: new Map([...STATUS_TABLE.keys()].map((c) => [c, { name: 'X', desc: 'x', attrs: ['temp', 'retry-now'] }])),
    };
    for (const [code, info] of STATUS_TABLE) expect([hex(code), isRetriableStatus(code, hostileMap)]).toEqual([hex(code), info.retry]);
  });
});

describe('table consistency', () => {
  test('every STATUS constant names its table entry (CamelCase real names aside)', () => {
    for (const [name, code] of Object.entries(STATUS)) {
      const tableName = STATUS_TABLE.get(code)?.name;
      const expected = CAMEL_CASE_IN_REAL_MAP.get(code) ?? name;
      expect([hex(code), tableName]).toEqual([hex(code), expected]);
    }
  });

  test('every entry has a SNAKE_CASE name (or the real map\'s CamelCase one), a description and known attributes', () => {
    // kv_engine docs/ErrorMap.md attribute list (protocol.md §1.12).
    const ATTRS = new Set([
      'success',
      'item-deleted',
      'item-locked',
      'item-only',
      'invalid-input',
      'fetch-config',
      'conn-state-invalidated',
      'auth',
      'special-handling',
      'support',
      'temp',
      'internal',
      'retry-now',
      'retry-later',
      'no-retry',
      'subdoc',
      'dcp',
      'rate-limit',
      'system-constraint',
      'auto-retry',
    ]);
    for (const [code, info] of STATUS_TABLE) {
      expect(code).toBeGreaterThanOrEqual(0);
      expect(code).toBeLessThanOrEqual(0xffff);
      if (!CAMEL_CASE_IN_REAL_MAP.has(code)) expect(info.name).toMatch(SNAKE);
      expect(info.desc.length).toBeGreaterThan(0);
      expect(info.attrs.length).toBeGreaterThan(0);
      for (const a of info.attrs) expect(ATTRS.has(a)).toBe(true);
    }
  });

  test('entries are frozen', () => {
    const info = STATUS_TABLE.get(0x01)!;
    expect(Object.isFrozen(info)).toBe(true);
    expect(Object.isFrozen(info.attrs)).toBe(true);
  });

  test('statusName', () => {
    expect(statusName(0x00)).toBe('SUCCESS');
    expect(statusName(0x1f)).toBe('AUTH_STALE');
    expect(statusName(0x86)).toBe('ETMPFAIL');
    expect(statusName(0x7f)).toBe('0x7f');
    expect(statusName(0x0a)).toBe('0x0a');
    expect(statusName(0x7ff0)).toBe('0x7ff0');
  });
});
