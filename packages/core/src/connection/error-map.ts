/**
 * The server's error map (GET_ERROR_MAP, kv_engine docs/ErrorMap.md): how a server
 * describes status codes the client may not know. Used for statuses missing from our
 * own table (mcbp/status.ts).
 */

/** One error map entry. */
export interface ErrorMapEntry {
  readonly name: string;
  readonly desc: string;
  readonly attrs: readonly string[];
}

/** A parsed error map. */
export interface ErrorMap {
  readonly version: number;
  readonly revision: number;
  readonly errors: ReadonlyMap<number, ErrorMapEntry>;
}

/**
 * Parses an error map JSON body. Lenient by design: malformed entries are skipped and a
 * body that is not a JSON object yields `undefined` (the official SDK crashes on such
 * maps; a client must not).
 */
export function parseErrorMap(body: Uint8Array | string): ErrorMap | undefined {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  const errors = new Map<number, ErrorMapEntry>();
  if (typeof o.errors === 'object' && o.errors !== null) {
    for (const [hex, entry] of Object.entries(o.errors as Record<string, unknown>)) {
      const code = Number.parseInt(hex, 16);
      if (!/^[0-9a-fA-F]{1,4}$/.test(hex) || typeof entry !== 'object' || entry === null) continue;
      const e = entry as Record<string, unknown>;
      errors.set(code, {
        name: typeof e.name === 'string' ? e.name : `0x${hex}`,
        desc: typeof e.desc === 'string' ? e.desc : '',
        attrs: Array.isArray(e.attrs) ? e.attrs.filter((a): a is string => typeof a === 'string') : [],
      });
    }
  }
  return {
    version: typeof o.version === 'number' ? o.version : 0,
    revision: typeof o.revision === 'number' ? o.revision : 0,
    errors,
  };
}
