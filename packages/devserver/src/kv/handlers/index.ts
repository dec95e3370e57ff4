/** The dev cluster's KV command table: opcode → handler. */
import type { Handler } from '../session';
import { DOCUMENT_HANDLERS } from './documents';
import { HANDSHAKE_HANDLERS } from './handshake';
import { OBSERVE_HANDLERS } from './observe';
import { SUBDOC_HANDLERS } from './subdoc';

/** Every KV command the dev cluster implements. */
export const KV_HANDLERS: ReadonlyMap<number, Handler> = new Map([...HANDSHAKE_HANDLERS, ...DOCUMENT_HANDLERS, ...OBSERVE_HANDLERS, ...SUBDOC_HANDLERS]);
