import type * as Y from 'yjs';
import { DOC_LAYOUT } from '../docLayout.js';
import { createRecord, listRecords, migrateCaseModel } from '../records/caseModel.js';
import { keySituationTitle } from '../records/titles.js';
import { worldCafe } from '../session/worldCafe.js';
import type { LayoutRecords } from './layout.js';
import type { TemplateDefinition } from './schema.js';

/** Which templates a board uses; their frames are kept laid out from the records. */
const APPLIED = DOC_LAYOUT.canvasTemplates;

export function appliedTemplateIds(doc: Y.Doc): string[] {
  return [...doc.getMap<string>(APPLIED).keys()].sort();
}

export function appliedTemplatesMap(doc: Y.Doc): Y.Map<string> {
  return doc.getMap<string>(APPLIED);
}

/**
 * Applies a template to a board: seeds its lanes and themes (those missing by name), creates
 * its records (e.g. a key situation per flagged event) and marks it applied, in one transaction.
 */
export function applyTemplate(doc: Y.Doc, template: TemplateDefinition): void {
  doc.transact(() => {
    migrateCaseModel(doc);
    const lanes = listRecords(doc, 'lanes').records;
    const laneNames = new Set(lanes.map((lane) => lane.name.toLowerCase()));
    let order = Math.max(0, ...lanes.map((lane) => lane.order + 1));
    for (const name of template.seed.lanes) {
      if (!laneNames.has(name.toLowerCase())) createRecord(doc, 'lanes', { name, order: order++ });
    }
    seedThemes(doc, template.seed.themes);
    if (template.layout.kind === 'reflection' && template.layout.keySituationsFromFlaggedEvents) {
      const covered = new Set(listRecords(doc, 'keySituations').records.flatMap((ks) => ks.eventIds));
      for (const event of listRecords(doc, 'events').records) {
        if (!event.isKeySituation || covered.has(event.id)) continue;
        createRecord(doc, 'keySituations', {
          title: keySituationTitle(event),
          eventIds: [event.id],
          whatHappened: event.fact,
          knownAtTheTime: event.knownAtTheTime,
        });
      }
    }
    appliedTemplatesMap(doc).set(template.id, new Date().toISOString());
  });
}

/**
 * Adds the quality topics the board does not have yet (by name, in any case): a template's, or the
 * procedure's topics shared by all its boards. Topics are never removed here: findings and
 * factors may point to them.
 */
export function seedThemes(doc: Y.Doc, names: readonly string[]): number {
  let added = 0;
  doc.transact(() => {
    migrateCaseModel(doc);
    const known = new Set(listRecords(doc, 'themes').records.map((theme) => theme.name.toLowerCase()));
    for (const name of names) {
      if (known.has(name.toLowerCase())) continue;
      createRecord(doc, 'themes', { name });
      known.add(name.toLowerCase());
      added++;
    }
  });
  return added;
}

export function layoutRecords(doc: Y.Doc): LayoutRecords {
  return {
    lanes: listRecords(doc, 'lanes').records,
    events: listRecords(doc, 'events').records,
    keySituations: listRecords(doc, 'keySituations').records,
    factors: listRecords(doc, 'factors').records,
    themes: listRecords(doc, 'themes').records,
    recommendations: listRecords(doc, 'recommendations').records,
    findings: listRecords(doc, 'findings').records,
    swotItems: listRecords(doc, 'swotItems').records,
    microArticles: listRecords(doc, 'microArticles').records,
    cafeTables: worldCafe(doc).tables,
    cafeNotes: listRecords(doc, 'cafeNotes').records,
    indicators: listRecords(doc, 'indicators').records,
    reviewedDocuments: listRecords(doc, 'reviewedDocuments').records,
    structuralFindings: listRecords(doc, 'structuralFindings').records,
  };
}
