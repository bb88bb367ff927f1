import type * as Y from 'yjs';
import { encodeSyncStep2 } from './messages.js';

/** answers kept per board; each is at most the whole document */
const MAX_ANSWERS = 4;
/** whether a transaction changed the document: new items or deletions (as Yjs decides whether to emit 'update') */
function changes(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) return true;
  return false;
}

/** longer state vectors (boards edited by very many clients) are answered without the cache */
const MAX_VECTOR_BYTES = 4096;

/**
 * Answers to sync step 1 by state vector, kept while the document stays as it is. Encoding an
 * answer costs time in proportion to the whole board, so a client asking again and again (or many
 * clients reconnecting at once) would keep the server from everything else. Clients mostly ask
 * with the same few vectors: empty (a new tab) or the board's current one (up to date, e.g. all
 * reconnecting after a restart). A transaction that changes the document drops the answers; one
 * that changes nothing keeps them — every joining client sends its (mostly empty) state as an
 * update, and sixty people opening a board would otherwise have it encoded sixty times. The pending
 * updates Yjs holds back (which are part of an answer) change only within transactions, or are
 * put back as they were (pendingGuard); a transaction that changes them drops the answers too.
 */
export class SyncAnswers {
  private readonly answers = new Map<string, Uint8Array>();
  private pending: [unknown, unknown];

  constructor(private readonly doc: Y.Doc) {
    this.pending = [doc.store.pendingStructs, doc.store.pendingDs];
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      const pending: [unknown, unknown] = [doc.store.pendingStructs, doc.store.pendingDs];
      if (!changes(transaction) && pending[0] === this.pending[0] && pending[1] === this.pending[1]) return;
      this.pending = pending;
      this.answers.clear();
    });
  }

  /** The sync step 2 message for a client with this state vector. */
  answer(stateVector: Uint8Array): Uint8Array {
    if (stateVector.byteLength > MAX_VECTOR_BYTES) return encodeSyncStep2(this.doc, stateVector);
    const key = Buffer.from(stateVector).toString('base64');
    let answer = this.answers.get(key);
    if (!answer) {
      answer = encodeSyncStep2(this.doc, stateVector);
      // the oldest answer makes room (Map keeps insertion order)
      if (this.answers.size >= MAX_ANSWERS) this.answers.delete(this.answers.keys().next().value!);
      this.answers.set(key, answer);
    }
    return answer;
  }
}
