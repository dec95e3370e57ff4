/**
 * What each key-value operation is, as data (mongodb "aspects" style): its opcode,
 * whether re-sending it after an unknown outcome could apply it twice, whether `quiet`
 * applies, and what kind of result it produces. The dispatcher reads these flags
 * instead of branching on operation names.
 */
import { OPCODES } from '../mcbp/opcodes';

/** Shape of a successful result. */
export type ResultKind = 'value' | 'operation' | 'counter' | 'observe' | 'seqno' | 'subdoc';

/** Static description of one operation. */
export interface OpSpec {
  /** Name as the API spells it (for errors). */
  readonly name: string;
  readonly opcode: number;
  /** Changes server state: never re-sent once written (API.md retry rule). */
  readonly mutation: boolean;
  /** `quiet` turns KEY_ENOENT into an unsuccessful result instead of an error (semantics.md §B.2). */
  readonly quietable: boolean;
  readonly result: ResultKind;
  /**
   * A durability probe (OBSERVE, OBSERVE_SEQNO): reads state only, so it stays out of
   * per-key ordering — a probe being retried must not hold back the user's next write.
   */
  readonly probe: boolean;
}

const spec = (name: string, opcode: number, mutation: boolean, quietable: boolean, result: ResultKind): OpSpec =>
  Object.freeze({ name, opcode, mutation, quietable, result, probe: result === 'observe' || result === 'seqno' });

/** Every key-value operation the core sends. */
export const OP_SPECS = {
  get: spec('get', OPCODES.GET, false, true, 'value'),
  getAndTouch: spec('get', OPCODES.GAT, true, true, 'value'),
  getReplica: spec('rget', OPCODES.GET_REPLICA, false, true, 'value'),
  lock: spec('lock', OPCODES.GET_LOCKED, true, true, 'value'),
  unlock: spec('unlock', OPCODES.UNLOCK_KEY, true, false, 'operation'),
  touch: spec('touch', OPCODES.TOUCH, true, false, 'operation'),
  upsert: spec('upsert', OPCODES.SET, true, false, 'operation'),
  insert: spec('insert', OPCODES.ADD, true, false, 'operation'),
  replace: spec('replace', OPCODES.REPLACE, true, false, 'operation'),
  append: spec('append', OPCODES.APPEND, true, false, 'operation'),
  prepend: spec('prepend', OPCODES.PREPEND, true, false, 'operation'),
  remove: spec('remove', OPCODES.DELETE, true, true, 'operation'),
  increment: spec('counter', OPCODES.INCREMENT, true, false, 'counter'),
  decrement: spec('counter', OPCODES.DECREMENT, true, false, 'counter'),
  lookupIn: spec('lookupIn', OPCODES.SUBDOC_MULTI_LOOKUP, false, false, 'subdoc'),
  mutateIn: spec('mutateIn', OPCODES.SUBDOC_MULTI_MUTATION, true, false, 'subdoc'),
  observe: spec('observe', OPCODES.OBSERVE, false, false, 'observe'),
  observeSeqno: spec('observe', OPCODES.OBSERVE_SEQNO, false, false, 'seqno'),
} as const;

/** Name of an entry of {@link OP_SPECS}. */
export type OpSpecName = keyof typeof OP_SPECS;
