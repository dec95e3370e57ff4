/**
 * Runs a view's map function over document versions and turns what it emitted into
 * index rows: keys and values JSON-serialised at `emit` time (as the real server's V8
 * `emit` does, so later mutations of the emitted objects do not matter) and parsed back
 * here, `undefined` becoming `null`.
 *
 * The map function receives `(doc, meta)`: JSON documents (JSON datatype bit set and a
 * body that parses) as a freshly parsed object per call, anything else as a base64
 * string with `meta.type` `'base64'`; `meta` is `{ id, rev, seq, vb, expiration, flags,
 * type, cas }` with the real server's `rev` format `<revno>-<cas><expiry><flags>` in hex.
 */
import { DATATYPE } from '@couchts/core/internal';
import { expiryToSeconds } from '../store/clock';
import type { StoredDoc } from '../store/document';
import type { ViewSandbox } from './sandbox';

/** A document version to map, with the vBucket it lives in. */
export interface MapInput {
  readonly doc: StoredDoc;
  readonly vb: number;
}

/** What a map function produced for one document. */
export type MapOutcome =
  | { readonly ok: true; readonly emits: readonly (readonly [key: unknown, value: unknown])[] }
  | { readonly ok: false; readonly error: string };

/** Longest emitted key (bytes of JSON); the real server refuses keys this long or longer. */
export const MAX_EMIT_KEY_BYTES = 4096;

/** The item the in-context map loop reads (see sandbox.ts `__mapBatch`). */
interface MapItem {
  id: string;
  json: boolean;
  text: string;
  rev: string;
  seq: number;
  vb: number;
  expiration: number;
  flags: number;
  cas: number;
}

const hex = (n: bigint | number, digits: number): string => n.toString(16).padStart(digits, '0');

/** The `meta.rev` of a version: `<revno>-` then CAS (16 hex), expiry (8 hex), flags (8 hex). */
export function revOf(doc: StoredDoc): string {
  return `${doc.revno}-${hex(doc.cas, 16)}${hex(expiryToSeconds(doc.expiresAtMs), 8)}${hex(doc.flags >>> 0, 8)}`;
}

function toItem(input: MapInput): MapItem {
  const { doc } = input;
  const json = (doc.datatype & DATATYPE.JSON) !== 0;
  return {
    id: doc.key,
    json,
    text: json ? doc.value.toString('utf8') : doc.value.toString('base64'),
    rev: revOf(doc),
    seq: Number(doc.seqno),
    vb: input.vb,
    expiration: expiryToSeconds(doc.expiresAtMs),
    flags: doc.flags >>> 0,
    // A number, as the real server sends it: precision beyond 2^53 is lost.
    cas: Number(doc.cas),
  };
}

/** Maps every input; one outcome per input, in order. */
export function runMap(sandbox: ViewSandbox, inputs: readonly MapInput[]): MapOutcome[] {
  if (inputs.length === 0) return [];
  const items = inputs.map(toItem);
  const raw = sandbox.mapBatch(items, (i) => inputs[i]!.doc.value.toString('base64'));
  return raw.map((r, i): MapOutcome => {
    if (typeof r === 'string') return { ok: false, error: r };
    if (!Array.isArray(r)) return { ok: false, error: `map function of document ${items[i]!.id} did not complete` };
    const texts = r as string[];
    const emits: (readonly [unknown, unknown])[] = [];
    for (let j = 0; j + 1 < texts.length; j += 2) {
      const keyText = texts[j]!;
      const keyBytes = Buffer.byteLength(keyText);
      if (keyBytes >= MAX_EMIT_KEY_BYTES) return { ok: false, error: `too long key emitted: ${keyBytes} bytes` };
      emits.push([JSON.parse(keyText), JSON.parse(texts[j + 1]!)]);
    }
    return { ok: true, emits };
  });
}
