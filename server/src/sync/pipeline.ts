import type { BoardDocument } from './BoardDocument.js';
import type { Connection } from './Connection.js';
import { MalformedMessageError, type ClientMessage } from './messages.js';
import { pendingBytes, restorePending, snapshotPending } from './pendingGuard.js';

/** Hands a parsed message to the board, within the limits that keep one client from hogging it. */
export function acceptMessage(board: BoardDocument, connection: Connection, message: ClientMessage): void {
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
