import type * as Y from 'yjs';

/**
 * The workshop's phases (Ablauf) as data in the board's doc, the current phase, and the
 * moderator's requests that bring everyone to a frame or to the presenter's view.
 */
export interface Phase {
  id: string;
  title: string;
  /** template whose frame belongs to this phase, if any */
  frame?: string;
}

export const AGENDA = 'session.agenda';
export const SESSION_STATE = 'session.state';

export const DEFAULT_PHASES: Phase[] = [
  { id: 'ankommen', title: 'Ankommen und Auftrag' },
  { id: 'chronologie', title: 'Fallvorstellung und Chronologie', frame: 'fallchronologie' },
  { id: 'schluesselsituationen', title: 'Schlüsselsituationen', frame: 'wie-konnte-es-dazu-kommen' },
  { id: 'reflexion', title: 'Wie konnte es dazu kommen?', frame: 'wie-konnte-es-dazu-kommen' },
  { id: 'themen', title: 'Themen und Gewichtung', frame: 'wie-konnte-es-dazu-kommen' },
  { id: 'empfehlungen', title: 'Empfehlungen', frame: 'empfehlungen' },
  { id: 'abschluss', title: 'Abschluss' },
];

/** The structural analysis' phases: a procedure's structure board starts with them instead. */
export const STRUCTURE_PHASES: Phase[] = [
  { id: 'auftrag', title: 'Auftrag und Vorgehen' },
  { id: 'bau', title: 'Bau des Hauses', frame: 'jugendamt-als-haus' },
  { id: 'lage-umfeld', title: 'Lage und Umfeld', frame: 'jugendamt-als-haus' },
  { id: 'fenster', title: 'Fenster in die Fälle', frame: 'jugendamt-als-haus' },
  { id: 'strukturbefunde', title: 'Strukturbefunde', frame: 'jugendamt-als-haus' },
  { id: 'abschluss', title: 'Abschluss' },
];

export function agendaArray(doc: Y.Doc): Y.Array<Phase> {
  return doc.getArray<Phase>(AGENDA);
}

/**
 * Seeds the default Fallwerkstatt agenda once. Two moderators seeding at the same moment both
 * push the phases; the ids are deterministic, so removeDuplicatePhases repairs that.
 */
export function ensureAgenda(doc: Y.Doc, phases: readonly Phase[] = DEFAULT_PHASES): void {
  const agenda = agendaArray(doc);
  const state = doc.getMap<unknown>(SESSION_STATE);
  if (agenda.length > 0 || state.get('agendaSeeded')) {
    removeDuplicatePhases(doc);
    return;
  }
  doc.transact(() => {
    agenda.push([...phases]);
    state.set('agendaSeeded', true);
  });
}

/**
 * Keeps the first phase of every id and deletes later ones. Every client sees the same merged
 * array, so every client deletes the same items, and deleting twice is harmless in Yjs.
 */
export function removeDuplicatePhases(doc: Y.Doc): number {
  const agenda = agendaArray(doc);
  const seen = new Set<string>();
  const duplicates: number[] = [];
  agenda.toArray().forEach((phase, index) => {
    if (seen.has(phase.id)) duplicates.push(index);
    seen.add(phase.id);
  });
  if (duplicates.length > 0) {
    doc.transact(() => {
      for (const index of duplicates.reverse()) agenda.delete(index, 1);
    });
  }
  return duplicates.length;
}

export interface FocusRequest {
  /** template id whose frame everyone is brought to */
  frame: string;
  /** increases with every request, so the same frame can be requested again */
  seq: number;
}

export interface Presentation {
  /** user id (token subject) of the presenter */
  presenter: string;
  active: boolean;
}

export function sessionState(doc: Y.Doc) {
  const state = doc.getMap<unknown>(SESSION_STATE);
  return {
    currentPhase: () => state.get('currentPhase') as string | undefined,
    setCurrentPhase: (id: string) => state.set('currentPhase', id),
    focus: () => state.get('focus') as FocusRequest | undefined,
    requestFocus: (frame: string) => state.set('focus', { frame, seq: ((state.get('focus') as FocusRequest | undefined)?.seq ?? 0) + 1 }),
    presentation: () => state.get('presentation') as Presentation | undefined,
    setPresentation: (presentation: Presentation) => state.set('presentation', presentation),
    map: state,
  };
}
