import { createRecord, migrateCaseModel } from '@qe/shared';
import type * as Y from 'yjs';

const STEMS = ['Schul', 'Berg', 'Hoff', 'Wald', 'Kess', 'Lind', 'Brand', 'Fisch', 'Kraem', 'Stein', 'Roth', 'Wink', 'Haas', 'Jaeg', 'Voss'];
const ENDINGS = [
  'mann',
  'er',
  'feld',
  'rich',
  'hagen',
  'meier',
  'dorf',
  'bach',
  'ke',
  'inger',
  'hold',
  'haus',
  'wig',
  'gruber',
  'stedt',
  'ow',
  'land',
  'berg',
  'kamp',
  'rath',
];

/** `count` surname-like Schutzliste terms, all different; "Bergmann" among them. */
export function schutzlisteTerms(count: number): string[] {
  const terms: string[] = [];
  for (let i = 0; terms.length < count; i++) {
    const stem = STEMS[i % STEMS.length]!;
    const ending = ENDINGS[Math.floor(i / STEMS.length) % ENDINGS.length]!;
    const round = Math.floor(i / (STEMS.length * ENDINGS.length));
    terms.push(`${stem}${ending}${round || ''}`);
  }
  return terms;
}

/**
 * A board with `events` chronology entries of realistic length. Every 200th event names the family
 * "Bergmann", so pre-flight has hits when the Schutzliste holds that name.
 */
export function seedLargeBoard(doc: Y.Doc, events: number): void {
  migrateCaseModel(doc); // seeds the default lanes, lane-1 among them
  doc.transact(() => {
    for (let i = 0; i < events; i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      const month = String((Math.floor(i / 28) % 12) + 1).padStart(2, '0');
      const year = 2010 + Math.floor(i / 336);
      createRecord(doc, 'events', {
        date: { text: `${day}.${month}.${year}`, precision: 'day', approximate: false, sortKey: `${year}-${month}-${day}` },
        laneId: 'lane-1',
        fact: `Hausbesuch Nr. ${i}: Mutter Frau K. berichtet über die Lage in der Familie${i % 200 === 0 ? ' Bergmann' : ''}; das Kind besucht die Kita unregelmäßig.`,
        knownAtTheTime: 'Die Kita meldet Fehlzeiten und ein verändertes Verhalten des Kindes seit dem Umzug.',
        assessment: 'Die Fachkraft schätzt die Lage als angespannt, aber ohne akute Gefährdung ein; Hilfen werden angeboten.',
        source: `Akte Bl. ${i}`,
        isKeySituation: false,
        personIds: [],
      });
    }
  });
}
