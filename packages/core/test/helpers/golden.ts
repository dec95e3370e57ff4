/**
 * Reads the golden packet dumps of `test-fixtures/golden-bytes.md` (transcribed from the
 * kv_engine protocol documentation). Tests take their expected bytes from here, never from
 * our encoder. The parser is strict: a dump whose byte count differs from the "(N bytes)"
 * of its heading, or whose line offsets do not follow on, is an error, so a damaged
 * fixture cannot pass silently.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One packet dump: its letter, its heading text and its bytes. */
export interface GoldenDump {
  /** Letter of the dump (`A` … `Y`). */
  readonly id: string;
  /** Heading text after `X. `, without the trailing `(N bytes)`. */
  readonly title: string;
  readonly bytes: Buffer;
}

/** Location of the fixture file. */
export const GOLDEN_BYTES_PATH = path.resolve(__dirname, '../../../../test-fixtures/golden-bytes.md');

const HEADING = /^###\s+([A-Z])\.\s+(.*?)\s+\((\d+) bytes\)\s*$/;
const HEX_LINE = /^([0-9a-fA-F]{4}):((?:\s+[0-9a-fA-F]{2})+)\s*$/;

/** Parses the markdown text of golden-bytes.md; throws when a dump is malformed. */
export function parseGoldenDumps(markdown: string): GoldenDump[] {
  const dumps: GoldenDump[] = [];
  const lines = markdown.split(/\r?\n/);
  let i = 0;
  while (i < lines.length) {
    const heading = HEADING.exec(lines[i]!);
    i++;
    if (heading === null) continue;
    const [, id, title, count] = heading as unknown as [string, string, string, string];
    // Skip to the opening fence.
    while (i < lines.length && !lines[i]!.startsWith('```')) {
      if (HEADING.test(lines[i]!)) throw new Error(`golden dump ${id}: no hex block`);
      i++;
    }
    if (i >= lines.length) throw new Error(`golden dump ${id}: no hex block`);
    i++;
    const bytes: number[] = [];
    while (i < lines.length && !lines[i]!.startsWith('```')) {
      const line = lines[i]!;
      i++;
      if (line.trim() === '') continue;
      const m = HEX_LINE.exec(line);
      if (m === null) throw new Error(`golden dump ${id}: unreadable line ${JSON.stringify(line)}`);
      const offset = Number.parseInt(m[1]!, 16);
      if (offset !== bytes.length) throw new Error(`golden dump ${id}: line offset 0x${m[1]} but ${bytes.length} bytes read so far`);
      for (const hex of m[2]!.trim().split(/\s+/)) bytes.push(Number.parseInt(hex, 16));
    }
    if (i >= lines.length) throw new Error(`golden dump ${id}: unterminated hex block`);
    i++;
    if (bytes.length !== Number(count)) {
      throw new Error(`golden dump ${id}: heading says ${count} bytes, the dump has ${bytes.length}`);
    }
    if (dumps.some((d) => d.id === id)) throw new Error(`golden dump ${id} appears twice`);
    dumps.push({ id, title, bytes: Buffer.from(bytes) });
  }
  return dumps;
}

let cache: GoldenDump[] | undefined;

/** Every dump of test-fixtures/golden-bytes.md, in file order (each call gets fresh Buffers). */
export function loadGoldenDumps(): GoldenDump[] {
  cache ??= parseGoldenDumps(fs.readFileSync(GOLDEN_BYTES_PATH, 'utf8'));
  return cache.map((d) => ({ ...d, bytes: Buffer.from(d.bytes) }));
}

/** One dump by its letter (throws when absent). */
export function goldenDump(id: string): GoldenDump {
  const d = loadGoldenDumps().find((x) => x.id === id);
  if (d === undefined) throw new Error(`no golden dump ${id}`);
  return d;
}
