/**
 * Macro expansion in xattr values (EXPAND_MACROS path flag; kv_engine
 * daemon/subdocument_context.cc, include/xattr/utils.h). The spec value is the whole
 * quoted macro:
 *
 * - `"${Mutation.CAS}"`, `"${Mutation.seqno}"`, `"${Mutation.value_crc32c}"` become the
 *   new version's CAS, seqno and body CRC-32C as quoted hex strings. They are only known
 *   once the mutation is complete, so the operation first stores a unique placeholder
 *   (as kv_engine does) and {@link MacroPlaceholders.expand} swaps it afterwards.
 *   The CAS is written from its little-endian bytes — kv_engine formats `htonll(cas)` —
 *   which is why SDKs decode `${Mutation.CAS}` as a little-endian hex number.
 * - `"${$document}"` and `"${$document.<field>}"` take the value of the `$document`
 *   virtual xattr of the document as it was read, at once.
 */
import { randomBytes } from 'node:crypto';
import { crc32c, documentVattr, hex32, hex64, type DocumentInfo } from './xattrs';

/** The mutation macros, as they appear in a request value (quotes included). */
export const MUTATION_MACROS = {
  CAS: '"${Mutation.CAS}"',
  SEQNO: '"${Mutation.seqno}"',
  VALUE_CRC32C: '"${Mutation.value_crc32c}"',
} as const;

type MutationMacro = (typeof MUTATION_MACROS)[keyof typeof MUTATION_MACROS];

const MUTATION_MACRO_SET = new Set<string>(Object.values(MUTATION_MACROS));

/** True when the request-level validator accepts `value` as a macro (else XATTR_UNKNOWN_MACRO). */
export function isValidMacro(value: string): boolean {
  return MUTATION_MACRO_SET.has(value) || (value.startsWith('"${$document') && value.endsWith('}"'));
}

/** `"0x…"` of the CAS's bytes in little-endian order. */
export function casMacroText(cas: bigint): string {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(cas);
  return `"${hex64(b.readBigUInt64BE(0))}"`;
}

/**
 * The JSON text a `${$document…}` macro expands to, or undefined when the field is not
 * one kv_engine expands (XATTR_UNKNOWN_VATTR_MACRO).
 */
export function expandDocumentMacro(value: string, info: DocumentInfo): string | undefined {
  const doc = documentVattr(info);
  if (value === '"${$document}"') return JSON.stringify(doc);
  const m = /^"\$\{\$document\.([A-Za-z_]+)\}"$/.exec(value);
  // value_crc32c is in the $document object but not among the expandable fields.
  if (m === null || m[1] === 'value_crc32c' || !Object.hasOwn(doc, m[1]!)) return undefined;
  return JSON.stringify(doc[m[1]!]);
}

/** Placeholders for the mutation macros of one command, and their final expansion. */
export class MacroPlaceholders {
  readonly #byMacro = new Map<MutationMacro, string>();
  /** X-Keys whose values hold placeholders. */
  readonly keys = new Set<string>();

  /** `avoid`: text placeholders must not collide with (the request's values and xattrs). */
  constructor(private readonly avoid: string) {}

  /** The placeholder standing for `macro` (one per macro per command), or undefined when it is not a mutation macro. */
  placeholder(macro: string, xattrKey: string): string | undefined {
    if (!MUTATION_MACRO_SET.has(macro)) return undefined;
    let p = this.#byMacro.get(macro as MutationMacro);
    while (p === undefined || this.avoid.includes(p)) {
      p = `"0x${randomBytes(8).toString('hex')}"`;
    }
    this.#byMacro.set(macro as MutationMacro, p);
    this.keys.add(xattrKey);
    return p;
  }

  /** Replaces the placeholders in an xattr value with the new version's CAS, seqno and body CRC. */
  expand(text: string, cas: bigint, seqno: bigint, body: Buffer): string {
    let out = text;
    for (const [macro, p] of this.#byMacro) {
      const real = macro === MUTATION_MACROS.CAS ? casMacroText(cas) : macro === MUTATION_MACROS.SEQNO ? `"${hex64(seqno)}"` : `"${hex32(crc32c(body))}"`;
      out = out.split(p).join(real);
    }
    return out;
  }
}
