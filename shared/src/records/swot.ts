import type * as Y from 'yjs';
import { createRecord, getRecord, RecordValidationError, updateRecord } from './caseModel.js';

/** What a SWOT card can become in the procedure. */
export type SwotTarget = 'findings' | 'recommendations';

/**
 * Takes a SWOT card over as a finding (its text) or a recommendation (its text as title), in one
 * transaction, and keeps the new record's id on the card: a card is taken over once per target.
 * Answers the id of the finding or recommendation (the existing one when taken over before).
 */
export function takeOverSwotItem(doc: Y.Doc, swotId: string, target: SwotTarget): string {
  const item = getRecord(doc, 'swotItems', swotId);
  if (!item) throw new RecordValidationError('swotItems', [`swotItems: kein Eintrag mit der Kennung ${swotId}`]);
  const linked = target === 'findings' ? item.findingId : item.recommendationId;
  if (linked && getRecord(doc, target, linked)) return linked;
  let created = '';
  doc.transact(() => {
    if (target === 'findings') {
      created = createRecord(doc, 'findings', { text: item.text }).id;
      updateRecord(doc, 'swotItems', swotId, { findingId: created });
    } else {
      created = createRecord(doc, 'recommendations', { title: item.text.slice(0, 300) }).id;
      updateRecord(doc, 'swotItems', swotId, { recommendationId: created });
    }
  });
  return created;
}
