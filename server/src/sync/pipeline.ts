/**
 * The sync server's pipeline, stage by stage (in the manner of Hocuspocus' hooks), and where each
 * stage lives. A client's way through it:
 *
 *   connect       SyncServer.attach/handleConnection — upgrade, sockets per address, messages
 *                 that arrive early are held (and counted) until the board is ready
 *   authenticate  SyncServer.authorize — sync ticket or token, effective rights now (auth/rights:
 *                 account, invite link, participant role), the board exists; when access ends
 *                 (accessEnd) the socket is closed
 *   load          DocumentRegistry.open → BoardDocument.load — relay joined first, then the
 *                 store read (the codec decrypts); one load per board while it has connections
 *   apply (guard) acceptMessage (here) → BoardDocument.receive — per message: flow limits, echoes
 *                 dropped, updates through the guard part (writeGuard: the board's rules, shared
 *                 rules/boardRules), awareness through the admission part (awarenessAdmission:
 *                 limited and stamped with the token's identity)
 *   store         BoardDocument group commit — what one turn of the event loop accepted is stored
 *                 as one merged update (encrypted by the store's codec) before anyone sees it
 *   broadcast     after the store: the relay (other instances), then one message per connection
 *                 (broadcastStored); awareness once per turn (flushAwareness)
 *   unload        the last connection gone → DocumentRegistry.scheduleUnload → flush, compact
 *
 * What a change does on this way is decided by its transaction origin (origins.ts). The parts
 * plugged in are the store (storage/documents), the relay (RedisRelay, optional), the rights
 * lookups (auth/rights) and the board's rules (BoardParts below: guard, awareness admission).
 */
import type { Actor } from '@qe/shared';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { admitAwareness } from './awarenessAdmission.js';
import type { BoardDocument } from './BoardDocument.js';
import type { Connection } from './Connection.js';
import { MalformedMessageError, type AwarenessEntry, type AwarenessMessage, type ClientMessage, type DecodedUpdate } from './messages.js';
import { pendingBytes, restorePending, snapshotPending } from './pendingGuard.js';
import { refusedRoots } from './writeGuard.js';

/**
 * The parts a board's pipeline runs besides the store and the relay: its rules. Plugged into
 * every BoardDocument (BoardDocumentOptions.parts); the defaults are the board's rules.
 */
export interface BoardParts {
  /** apply: the roots in which `update` changes what `actor` may not change; they are restored at once (writeGuard) */
  guard(doc: Y.Doc, update: Uint8Array, actor: Actor, decoded?: DecodedUpdate): string[];
  /** awareness: what of a connection's entries the board takes, and as what (awarenessAdmission) */
  admitAwareness(awareness: Awareness, connection: Pick<Connection, 'awarenessClients' | 'claims'>, entries: AwarenessEntry[]): AwarenessEntry[];
}

export const BOARD_PARTS: BoardParts = { guard: refusedRoots, admitAwareness };

/**
 * True when an awareness message only repeats what the board knows: the stock client sends back
 * every awareness update it receives. y-protocols would ignore every entry of it (an older or the
 * same clock; at the same clock only a removal of a present state counts), so it is dropped
 * before its states are even parsed.
 */
export function changesNothing(board: BoardDocument, message: AwarenessMessage): boolean {
  for (const { client, clock, removal } of message.heads) {
    const known = board.awareness.meta.get(client)?.clock;
    if (known === undefined || clock > known) return false;
    if (clock === known && removal && board.awareness.getStates().has(client)) return false;
  }
  return true;
}

/** Hands a parsed message to the board, within the limits that keep one client from hogging it. */
export function acceptMessage(board: BoardDocument, connection: Connection, message: ClientMessage): void {
  if (message.type === 'awareness' && changesNothing(board, message)) return;
  if (message.type !== 'update') {
    board.receive(connection, message);
    return;
  }
  // The guard refuses updates with missing predecessors before applying them (updateChanges);
  // should Yjs still hold anything back, it is dropped again: pending parts would be applied
  // to later changes of anyone, outside every rule.
  const before = snapshotPending(board.doc);
  const bytesBefore = pendingBytes(board.doc);
  let grew: boolean;
  try {
    board.receive(connection, message);
  } finally {
    grew = pendingBytes(board.doc) > bytesBefore;
    if (grew) restorePending(board.doc, before);
  }
  if (grew) throw new MalformedMessageError('update depends on changes the server does not have');
}
