/**
 * The error map the dev cluster serves on GET_ERROR_MAP, generated from the core's
 * status table so names, descriptions and attributes stay in one place. Same shape as
 * a real server's map (shared/fixtures/gocbcore/err_map71_v2.json): version, revision,
 * and errors keyed by lowercase hex status.
 */
import { STATUS_TABLE } from '@couchts/core/internal';

let cached: Buffer | undefined;

/** The error map JSON as bytes (built once). */
export function errorMapJson(): Buffer {
  if (cached === undefined) {
    const errors: Record<string, { name: string; desc: string; attrs: readonly string[] }> = {};
    for (const [code, info] of STATUS_TABLE) errors[code.toString(16)] = { name: info.name, desc: info.desc, attrs: info.attrs };
    cached = Buffer.from(JSON.stringify({ version: 2, revision: 1, errors }));
  }
  return cached;
}
