import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  applyImport,
  createRecord,
  decodeCsvBytes,
  guessMapping,
  importPersons,
  listRecords,
  migrateCaseModel,
  parseCsv,
  previewImport,
  type FactorLevel,
} from '@qe/shared';
import * as Y from 'yjs';

/** ../shared/fixtures beside the checkout: a fictional, pseudonymised case. */
export const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures');

interface Reflection {
  schluesselsituationen: {
    titel: string;
    datum: string;
    was_ist_passiert: string;
    wissensstand_damals: string;
    warum_sinnvoll_damals: string;
    einflussfaktoren: { ebene: FactorLevel; text: string }[];
    gelingensfaktoren: string[];
  }[];
  themen: string[];
  empfehlungen: {
    titel: string;
    befund: string;
    empfehlung: string;
    verantwortlich: string;
    prioritaet: 'hoch' | 'mittel' | 'niedrig';
    zeitrahmen: string;
    belege: string[];
  }[];
}

/** A board Y.Doc holding the fixture case: chronology, persons and the workshop's reflection. */
export function fixtureBoard(): Y.Doc {
  const doc = new Y.Doc();
  migrateCaseModel(doc);
  const table = parseCsv(decodeCsvBytes(readFileSync(path.join(FIXTURES, 'fall-beispiel-chronologie.csv'))).text);
  applyImport(doc, previewImport(doc, table, guessMapping(table.headers)));

  importPersons(doc, readFileSync(path.join(FIXTURES, 'fall-beispiel-personen.csv')));

  const reflection = JSON.parse(readFileSync(path.join(FIXTURES, 'fall-beispiel-reflexion.json'), 'utf8')) as Reflection;
  const events = listRecords(doc, 'events').records;
  const eventsOn = (date: string) => events.filter((event) => event.date.text === date).map((event) => event.id);
  const themeIds = reflection.themen.map((name) => createRecord(doc, 'themes', { name }).id);
  reflection.schluesselsituationen.forEach((situation, index) => {
    const ks = createRecord(doc, 'keySituations', {
      title: situation.titel,
      eventIds: eventsOn(situation.datum),
      whatHappened: situation.was_ist_passiert,
      knownAtTheTime: situation.wissensstand_damals,
      whyItMadeSense: situation.warum_sinnvoll_damals,
      successFactors: situation.gelingensfaktoren,
    });
    situation.einflussfaktoren.forEach((factor, k) => {
      createRecord(doc, 'factors', {
        level: factor.ebene,
        text: factor.text,
        keySituationIds: [ks.id],
        themeIds: [themeIds[(index + k) % themeIds.length]!],
      });
    });
  });
  for (const rec of reflection.empfehlungen) {
    const evidence = { eventIds: rec.belege.flatMap(eventsOn), keySituationIds: [], factorIds: [] };
    const finding = createRecord(doc, 'findings', { text: rec.befund, evidence });
    createRecord(doc, 'recommendations', {
      title: rec.titel,
      findingIds: [finding.id],
      evidence,
      addressee: rec.verantwortlich,
      actions: [rec.empfehlung],
      timeframe: rec.zeitrahmen,
      priority: rec.prioritaet,
    });
  }
  return doc;
}
