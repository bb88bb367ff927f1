import type * as Y from 'yjs';
import { encodeSyncStep2 } from './messages.js';

/** answers kept per board; each is at most the whole document */
const MAX_ANSWERS = 4;
/** longer state vectors (boards edited by very many clients) are answered without the cache */
const MAX_VECTOR_BYTES = 4096;

/**
 * Answers to sync step 1 by state vector, kept while the document stays as it is. Encoding an
 * answer costs time in proportion to the whole board, so a client asking again and again (or many
 * clients reconnecting at once) would keep the server from everything else. Clients mostly ask
 * with the same few vectors: empty (a new tab) or the board's current one (up to date, e.g. all
 * reconnecting after a restart). Every transaction on the document drops the answers; the pending
 * updates Yjs holds back (which are part of an answer) change only within transactions, or are
 * put back as they were (pendingGuard).
 */
export class SyncAnswers {
  private readonly answers = new Map<string, Uint8Array>();

  constructor(private readonly doc: Y.Doc) {
    doc.on('afterTransaction', () => this.answers.clear());
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
