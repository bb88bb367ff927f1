import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * What a guarded write changed, to be stored and sent: the structs `doc` holds now beyond
 * `stateBefore` (a refused change's content already collected there, so its text goes to no one),
 * with the deletions of the write's `parts` (its updates as the document emitted them). The same
 * change as `Y.mergeUpdates(parts)`, without the refused content that merge would still carry.
 */
export function guardedUpdate(doc: Y.Doc, stateBefore: Uint8Array, parts: Uint8Array[]): Uint8Array {
  // an update of no structs is one byte (0) and the document's whole delete set: the structs of
  // the update since `stateBefore` are what comes before that same delete set
  const since = Y.encodeStateAsUpdate(doc, stateBefore);
  const wholeDeleteSet = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)).subarray(1);
  const structs = since.subarray(0, since.length - wholeDeleteSet.length);
  const { ds } = Y.decodeUpdate(Y.mergeUpdates(parts));
  const encoder = encoding.createEncoder();
  encoding.writeUint8Array(encoder, structs);
  // the delete set in the update format (v1): per client its ranges
  encoding.writeVarUint(encoder, ds.clients.size);
  for (const [client, ranges] of ds.clients) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, ranges.length);
    for (const range of ranges) {
      encoding.writeVarUint(encoder, range.clock);
      encoding.writeVarUint(encoder, range.len);
    }
  }
  return encoding.toUint8Array(encoder);
}
