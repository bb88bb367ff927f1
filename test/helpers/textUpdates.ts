import * as Y from 'yjs';

/** the update that appends `text` to the doc's text 't' */
export function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  let captured: Uint8Array | undefined;
  const capture = (update: Uint8Array) => (captured = update);
  doc.on('update', capture);
  doc.getText('t').insert(doc.getText('t').length, text);
  doc.off('update', capture);
  return captured!;
}

/** the text 't' of a doc made of these updates */
export function contentOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}
