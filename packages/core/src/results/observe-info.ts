/**
 * What one node said about a key in reply to OBSERVE (the seeds' `ObserveInfo`): its
 * key state, whether the node holds the active copy, and the CAS it has.
 */

/** One node's view of a key. */
export class ObserveInfo {
  /**
   * Creates an entry.
   * @param flags key state: 0x00 found (not persisted), 0x01 found and persisted,
   *   0x80 not found, 0x81 deleted (not yet persisted)
   * @param fromMaster true when the reply came from the node holding the active copy
   * @param cas the CAS of the version that node holds (0 when not found)
   */
  constructor(
    readonly flags: number,
    readonly fromMaster: boolean,
    readonly cas: bigint,
  ) {}

  /** The node has the document (in memory). */
  get found(): boolean {
    return this.flags === 0x00 || this.flags === 0x01;
  }

  /** The node has persisted the state it reports (the document, or its removal). */
  get persisted(): boolean {
    return this.flags === 0x01 || this.flags === 0x80;
  }

  /** JSON form (CAS as a decimal string). */
  toJSON(): Record<string, unknown> {
    return { flags: this.flags, fromMaster: this.fromMaster, cas: this.cas.toString() };
  }
}
