/**
 * The error map the dev cluster serves on GET_ERROR_MAP, generated from the core's
 * status table so names, descriptions and attributes stay in one place. Same shape as
 * a real server's map (shared/fixtures/gocbcore/err_map71_v2.json): version, revision,
 * and errors keyed by lowercase hex status.
 */
import { STATUS_TABLE } from '@couchts/core/internal';

/** Highest error map version served. */
export const MAX_ERROR_MAP_VERSION = 2;

const cached = new Map<number, Buffer>();

/** The error map JSON as bytes for a client that understands up to `version` (built once per version). */
export function errorMapJson(version: number): Buffer {
  const v = Math.min(version, MAX_ERROR_MAP_VERSION);
  let map = cached.get(v);
  if (map === undefined) {
    const errors: Record<string, { name: string; desc: string; attrs: readonly string[] }> = {};
    for (const [code, info] of STATUS_TABLE) errors[code.toString(16)] = { name: info.name, desc: info.desc, attrs: info.attrs };
    map = Buffer.from(JSON.stringify({ version: v, revision: 1, errors }));
    cached.set(v, map);
  }
  return map;
}
