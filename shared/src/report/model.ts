import type * as Y from 'yjs';
import { listRecords, richText } from '../records/caseModel.js';
import { formatFuzzyDate } from '../records/fuzzyDate.js';
import { boardEvidenceCitation, caseNumbering, orderById, procedureFindingNumbers, structureNumbering } from '../records/numbering.js';
import { FACTOR_LEVELS, HOUSE_PARTS } from '../records/schemas.js';
import { VOTE_RESULTS } from '../session/vote.js';
import { isEmptyRichText, reportText } from './reportTexts.js';
import { microArticleAnnex } from './microArticle.js';
import { richTextBlocks } from './richText.js';
import { plain, type Block, type ProcedureMeta, type ReportModel, type TextSource } from './types.js';

export interface ReportBoard {
  /** case name as shown in the report, e.g. "Fall A" */
  name: string;
  doc: Y.Doc;
  /** the board's id: evidence in another board of the procedure names it */
  id?: string;
  /** a procedure's structure board ("das Jugendamt als Haus"); case boards by default */
  kind?: 'case' | 'structure';
  /** how the case was chosen, when the procedure says so (else the meta's selection) */
  selection?: 'gezielt' | 'zufällig' | null;
}

const PART_NAMES = { Bau: 'Bau und Konstruktion', Lage: 'Lage (soziale Lage)', Umfeld: 'Umfeld (soziale Infrastruktur)' } as const;

/** Chronology numbers and key-situation numbers, as the report and the cross-references use them (records/numbering). */
export function referenceNumbers(doc: Y.Doc) {
  const numbering = caseNumbering(doc);
  return { ...numbering, situations: numbering.keySituations };
}

const collator = /* @__PURE__ */ new Intl.Collator('de');

/** Product roles as a committee reads them (participants by role, never names). */
const ROLE_NAMES: Record<string, string> = {
  moderator: 'Moderation',
  editor: 'Fachkräfte und Kooperationspartner',
  analyst: 'Analyseteam',
  observer: 'Beobachtende',
};

/** Saved dot votes of a board: title and counts, as the moderator saved them. */
interface SavedVote {
  title: string;
  savedAt: string;
  results: { target: { kind: string; id: string; label: string }; count: number }[];
}

/**
 * The report (§ 8 Abs. 5 LKSG NRW) computed from the records of one or more case boards and, for
 * a procedure, its structure board: Zusammenfassung, 1 Auftrag und Vorgehen, 2 Fallanalyse (per
 * case: Fallskizze, Personen, Schlüsselsituationen, Einflussfaktoren, Gelingensfaktoren,
 * Priorisierung), 3 Strukturanalyse (with a structure board: indicators as tables, reviewed
 * documents, structural findings), then Befunde und Qualitätsentwicklungsthemen (for several
 * boards also across the cases, by topic) and one list of Empfehlungen citing their evidence in
 * any board, Anhang A Fallchronologie, Anhang B Methode und Beteiligte. A pure function: the same
 * records give the same report.
 */
export function buildReport(allBoards: ReportBoard[], meta: ProcedureMeta): ReportModel {
  const boards = allBoards.filter((board) => board.kind !== 'structure');
  const structure = allBoards.find((board) => board.kind === 'structure');
  /** the procedure level: several boards or a structural analysis */
  const acrossBoards = allBoards.length > 1;
  const blocks: Block[] = [];
  const heading = (level: 1 | 2 | 3, text: string, newPage = false) => blocks.push({ type: 'heading', level, text, ...(newPage ? { newPage } : {}) });
  const paragraph = (text: string, source?: TextSource) => {
    if (text.trim()) blocks.push({ type: 'paragraph', inlines: plain(text), ...(source ? { source } : {}) });
  };
  /** An empty text the team still has to write stays visible (the export dialog flags it too). */
  const missing = (what: string) => blocks.push({ type: 'paragraph', inlines: [{ text: `${what} ist noch nicht geschrieben.`, italic: true }] });
  const numbered = boards.map((board) => ({ board, refs: referenceNumbers(board.doc) }));
  const participants = meta.participants.length > 0 ? meta.participants : (meta.joined ?? []);

  heading(1, 'Zusammenfassung');
  const summaryBoard = [...(structure ? [structure] : []), ...boards].find((board) => !isEmptyRichText(reportText(board.doc, 'summary')));
  if (summaryBoard) {
    blocks.push(
      ...richTextBlocks(reportText(summaryBoard.doc, 'summary'), {
        board: summaryBoard.name,
        kind: 'report',
        id: 'summary',
        field: 'summary',
        label: 'Zusammenfassung',
      }),
    );
  } else missing('Die Zusammenfassung');

  heading(1, '1 Auftrag und Vorgehen');
  paragraph(
    `${meta.office} hat${meta.period.trim() ? ` im Zeitraum ${meta.period}` : ''} ein Qualitätsentwicklungsverfahren nach § 8 Landeskinderschutzgesetz NRW durchgeführt (${meta.procedure}). ` +
      `Analysiert wurde${boards.length === 1 ? '' : 'n'} ${boards.length} abgeschlossene${boards.length === 1 ? 'r' : ''} Kinderschutzf${boards.length === 1 ? 'all' : 'älle'}, ${selectionText(boards, meta.selection)}. ` +
      'Die Fälle wurden in Fallwerkstätten rekonstruiert und mit der Frage „Wie konnte es dazu kommen?“ reflektiert; daraus wurden Befunde und Empfehlungen abgeleitet. ' +
      (structure
        ? 'Die Fallanalyse ist der Blick durch ein Fenster in das Haus des Jugendamts; die Strukturanalyse (Abschnitt 3) sieht auf das Haus selbst – seinen Bau (Dienstanweisungen und Vorlagen, Personal und Organisation, Verfahren, Befragungsergebnisse), seine Lage (soziale Lage) und sein Umfeld (soziale Infrastruktur). '
        : '') +
      'Die vollständige Fallchronologie steht in Anhang A, Methode und Beteiligte in Anhang B.',
  );

  heading(1, '2 Fallanalyse');
  numbered.forEach(({ board, refs }, caseIndex) => {
    const { doc } = board;
    const src = (kind: string, id: string, field: string, label: string): TextSource => ({ board: board.name, kind, id, field, label });
    const prefix = `2.${caseIndex + 1}`;
    heading(2, `${prefix} ${board.name}`);

    heading(3, `${prefix}.1 Fallskizze`);
    const sketch = reportText(doc, 'caseSketch');
    if (isEmptyRichText(sketch)) missing('Die Fallskizze');
    else blocks.push(...richTextBlocks(sketch, src('report', 'caseSketch', 'caseSketch', `Fallskizze ${board.name}`)));

    heading(3, `${prefix}.2 Personen`);
    const persons = [...listRecords(doc, 'persons').records].sort((a, b) => collator.compare(a.alias, b.alias) || (a.id < b.id ? -1 : 1));
    if (persons.length === 0) paragraph('Es wurden keine Personen erfasst.');
    else {
      paragraph('Alle Personen sind pseudonymisiert. Die Pseudonyme stehen im Text der Chronologie und der Schlüsselsituationen.');
      blocks.push({
        type: 'table',
        caption: `Personen ${board.name}`,
        header: ['Pseudonym', 'Rolle', 'Beschreibung'],
        widths: [3, 4, 6],
        rows: persons.map((person) => ({
          cells: [person.alias, person.role, person.description],
          sources: [
            undefined,
            src('persons', person.id, 'role', `Person ${person.alias} – Rolle`),
            src('persons', person.id, 'description', `Person ${person.alias} – Beschreibung`),
          ],
        })),
      });
    }

    heading(3, `${prefix}.3 Schlüsselsituationen`);
    if (refs.situations.length === 0) paragraph('Es wurden keine Schlüsselsituationen festgehalten.');
    refs.situations.forEach((ks, index) => {
      const label = `Schlüsselsituation ${index + 1}`;
      blocks.push({
        type: 'paragraph',
        inlines: [{ text: `${label}: ${ks.title}`, bold: true }],
        source: src('keySituations', ks.id, 'title', `${label} – Titel`),
      });
      const linked = ks.eventIds.map((id) => refs.eventNumber.get(id)).filter((n) => n !== undefined);
      if (linked.length > 0) paragraph(`vgl. Chronologie Nr. ${linked.sort((a, b) => a - b).join(', ')} (Anhang A)`);
      for (const [field, question] of [
        ['whatHappened', 'Was ist passiert?'],
        ['knownAtTheTime', 'Was wusste man damals?'],
        ['whyItMadeSense', 'Warum erschien das Handeln damals sinnvoll?'],
      ] as const) {
        if (ks[field].trim()) {
          blocks.push({
            type: 'paragraph',
            inlines: [{ text: `${question} `, italic: true }, { text: ks[field] }],
            source: src('keySituations', ks.id, field, `${label} – ${question}`),
          });
        }
      }
    });

    heading(3, `${prefix}.4 Einflussfaktoren`);
    const factors = orderById(listRecords(doc, 'factors').records);
    for (const level of FACTOR_LEVELS) {
      const onLevel = factors.filter((factor) => factor.level === level);
      if (onLevel.length === 0) continue;
      blocks.push({ type: 'paragraph', inlines: [{ text: `Ebene ${level}`, bold: true }] });
      blocks.push({
        type: 'list',
        ordered: false,
        items: onLevel.map((factor) => {
          const situations = factor.keySituationIds
            .map((id) => refs.situationNumber.get(id))
            .filter((n) => n !== undefined)
            .sort((a, b) => a - b);
          const ref = situations.length > 0 ? ` (Schlüsselsituation ${situations.join(', ')})` : '';
          return { inlines: plain(`${factor.text}${ref}`), source: src('factors', factor.id, 'text', `Einflussfaktor (${level})`) };
        }),
      });
    }
    if (factors.length === 0) paragraph('Es wurden keine Einflussfaktoren festgehalten.');

    heading(3, `${prefix}.5 Gelingensfaktoren`);
    const successes = refs.situations.flatMap((ks, index) =>
      ks.successFactors.map((text) => ({
        inlines: plain(`${text} (Schlüsselsituation ${index + 1})`),
        source: src('keySituations', ks.id, 'successFactors', `Schlüsselsituation ${index + 1} – Gelingensfaktoren`),
      })),
    );
    if (successes.length > 0) blocks.push({ type: 'list', ordered: false, items: successes });
    else paragraph('Es wurden keine Gelingensfaktoren festgehalten.');

    const votes = doc.getArray<SavedVote>(VOTE_RESULTS).toArray();
    if (votes.length > 0) {
      heading(3, `${prefix}.6 Priorisierung im Workshop`);
      for (const vote of votes) {
        blocks.push({ type: 'paragraph', inlines: [{ text: `Punktabfrage: ${vote.title}`, bold: true }] });
        blocks.push({
          type: 'list',
          ordered: false,
          items: [...vote.results]
            .sort((a, b) => b.count - a.count || collator.compare(a.target.label, b.target.label))
            .map((result) => ({ inlines: plain(`${targetName(result.target, refs)} – ${result.count} ${result.count === 1 ? 'Punkt' : 'Punkte'}`) })),
        });
      }
    }
  });

  const structureRefs = structure ? structureNumbering(structure.doc) : undefined;
  /** every case finding's number in this report (Befund 1, 2, … across the cases), by board and finding id */
  const findingNumbers = procedureFindingNumbers(numbered.map(({ board, refs }) => ({ key: board.id ?? board.name, findings: refs.findings })));
  const boardLabel = new Map(allBoards.map((board) => [board.id ?? board.name, board.name]));
  /** a finding in another board of the procedure, as the report names it ("Fall A, Befund 2", "Strukturbefund 1") */
  const boardEvidence = (evidence: { boardId: string; kind: 'findings' | 'structuralFindings'; id: string }): string | undefined => {
    if (evidence.kind === 'structuralFindings') {
      const n = structure?.id === evidence.boardId ? structureRefs?.findingNumber.get(evidence.id) : undefined;
      return n === undefined ? undefined : boardEvidenceCitation('structuralFindings', n, '');
    }
    const n = findingNumbers.get(`${evidence.boardId}|${evidence.id}`);
    return n === undefined ? undefined : boardEvidenceCitation('findings', n, boardLabel.get(evidence.boardId) ?? '');
  };

  let section = 3;
  if (structure && structureRefs) {
    structureSection(blocks, structure, structureRefs, section++, boardEvidence, paragraph);
  }

  heading(1, `${section} Befunde und Qualitätsentwicklungsthemen`);
  let findingNumber = 0;
  for (const { board, refs } of numbered) {
    const themes = new Map(orderById(listRecords(board.doc, 'themes').records).map((theme) => [theme.id, theme.name]));
    for (const finding of refs.findings) {
      findingNumber++;
      const topics = finding.themeIds.map((id) => themes.get(id)).filter(Boolean);
      blocks.push({
        type: 'paragraph',
        inlines: [{ text: `Befund ${findingNumber}: `, bold: true }, { text: finding.text }],
        source: { board: board.name, kind: 'findings', id: finding.id, field: 'text', label: `Befund ${findingNumber}` },
      });
      const refText = crossReference(finding.evidence, refs);
      if (topics.length > 0 || refText) paragraph([topics.length ? `Themen: ${topics.join(', ')}` : '', refText].filter(Boolean).join(' · '));
    }
    const tagged = listRecords(board.doc, 'factors').records.flatMap((factor) => factor.themeIds);
    const counts = [...themes].map(([id, name]) => ({ name, count: tagged.filter((t) => t === id).length })).filter((t) => t.count > 0);
    if (counts.length > 0) {
      blocks.push({ type: 'paragraph', inlines: [{ text: `Qualitätsthemen (${board.name})`, bold: true }] });
      blocks.push({
        type: 'list',
        ordered: false,
        items: counts.map((t) => ({ inlines: plain(`${t.name}: ${t.count} Einflussfaktor${t.count === 1 ? '' : 'en'}`) })),
      });
    }
  }
  if (findingNumber === 0) paragraph('Es wurden keine Befunde festgehalten.');
  if (acrossBoards) crossCaseFindings(blocks, numbered, structure, structureRefs, meta.themes ?? [], findingNumbers);
  section++;

  heading(1, `${section} Empfehlungen`);
  let recNumber = 0;
  const recommending = [...numbered, ...(structure ? [{ board: structure, refs: referenceNumbers(structure.doc) }] : [])];
  for (const { board, refs } of recommending) {
    const recs = refs.recommendations.filter((rec) => meta.includeDiscarded || rec.status !== 'verworfen');
    for (const rec of recs) {
      recNumber++;
      const label = `Empfehlung ${recNumber}`;
      const source = (field: string, name: string): TextSource => ({
        board: board.name,
        kind: 'recommendations',
        id: rec.id,
        field,
        label: `${label} – ${name}`,
      });
      heading(2, `${section}.${recNumber} ${rec.title}`);
      blocks.push({
        type: 'list',
        ordered: false,
        items: [
          { inlines: plain(`Adressat: ${rec.addressee || 'offen'}`), source: source('addressee', 'Adressat') },
          { inlines: plain(`Priorität: ${rec.priority}`) },
          { inlines: plain(`Zeitrahmen: ${rec.timeframe || 'offen'}`), source: source('timeframe', 'Zeitrahmen') },
          { inlines: plain(`Status: ${rec.status}${rec.status === 'verworfen' ? ` (${rec.discardReason})` : ''}`) },
        ],
      });
      if (rec.intendedOutcome.trim())
        paragraph(`Angestrebte Wirkung für Kinder und Familien: ${rec.intendedOutcome}`, source('intendedOutcome', 'Angestrebte Wirkung'));
      if (rec.actions.length > 0)
        blocks.push({ type: 'list', ordered: true, items: rec.actions.map((action) => ({ inlines: plain(action), source: source('actions', 'Schritte') })) });
      blocks.push(...richTextBlocks(richText(board.doc, 'recommendations', rec.id, 'rationale'), source('rationale', 'Begründung')));
      const own = crossReference(rec.evidence, refs);
      const elsewhere = acrossBoards ? evidenceAcrossBoards(board, rec, structureRefs, findingNumbers, boardEvidence) : [];
      const refText = [own, ...elsewhere].filter(Boolean).join('; ');
      if (refText) paragraph(acrossBoards ? `Belege: ${refText.replace(/^vgl\. /, '')}` : refText);
    }
  }
  if (recNumber === 0) paragraph('Es wurden keine Empfehlungen beschlossen.');

  heading(1, 'Anhang A: Fallchronologie', true);
  numbered.forEach(({ board, refs }, caseIndex) => {
    const lanes = new Map(listRecords(board.doc, 'lanes').records.map((lane) => [lane.id, lane.name]));
    heading(2, `A.${caseIndex + 1} ${board.name}`);
    if (refs.events.length === 0) return paragraph('Es wurden keine Ereignisse erfasst.');
    blocks.push({
      type: 'table',
      caption: `Fallchronologie ${board.name}`,
      header: ['Nr.', 'Datum', 'Akteur', 'Was ist passiert?', 'Was wusste man damals?', 'Einschätzung/Entscheidung', 'Quelle'],
      widths: [2.3, 6.6, 6.3, 14, 10, 10, 7.5],
      rows: refs.events.map((event, index) => {
        const label = (field: string) => `Chronologie Nr. ${index + 1} – ${field}`;
        const source = (field: string, name: string) => ({ board: board.name, kind: 'events', id: event.id, field, label: label(name) });
        return {
          cells: [
            String(index + 1),
            formatFuzzyDate(event.date),
            lanes.get(event.laneId) ?? '',
            event.fact,
            event.knownAtTheTime,
            event.assessment,
            event.source,
          ],
          sources: [
            undefined,
            undefined,
            undefined,
            source('fact', 'Was ist passiert?'),
            source('knownAtTheTime', 'Was wusste man damals?'),
            source('assessment', 'Einschätzung/Entscheidung'),
            source('source', 'Quelle'),
          ],
        };
      }),
    });
  });

  heading(1, 'Anhang B: Methode und Beteiligte', true);
  paragraph(
    'Methode: Rekonstruktion der Fallchronologie, Auswahl von Schlüsselsituationen, Reflexion mit der Frage „Wie konnte es dazu kommen?“, Einordnung der Einflussfaktoren auf den Ebenen Fachkraft, Team, Organisation, Kooperation und Rahmenbedingungen, Ableitung von Befunden und Empfehlungen.',
  );
  if (structure) {
    paragraph(
      'Strukturanalyse („das Jugendamt als Haus“): Auswertung von Indikatoren (amtliche Statistik, Personal, Befragungen, soziale Lage und Infrastruktur) mit Vergleichswerten, Sichtung von Dienstanweisungen, Vorlagen und Verfahrensbeschreibungen auf Aktualität, Strukturbefunde mit Bezug auf die Befunde der Fallwerkstätten.',
    );
  }
  blocks.push({ type: 'paragraph', inlines: [{ text: 'Beteiligte nach Rolle', bold: true }] });
  if (participants.length > 0) {
    blocks.push({
      type: 'list',
      ordered: false,
      items: participants.map((p) => ({ inlines: plain(`${ROLE_NAMES[p.role] ?? p.role}: ${p.count} ${p.count === 1 ? 'Person' : 'Personen'}`) })),
    });
  } else paragraph('Die Beteiligten wurden nicht erfasst.');

  // Mikroartikel, when the boards have any (report/microArticle)
  blocks.push(...microArticleAnnex(boards, 'Anhang C: Mikroartikel'));

  return {
    cover: {
      title: 'Bericht zum Qualitätsentwicklungsverfahren nach § 8 LKSG NRW',
      office: meta.office,
      procedure: meta.procedure,
      period: meta.period,
      date: meta.date,
      version: meta.version,
      status: meta.final ? 'Endfassung' : 'Entwurf',
    },
    blocks,
  };
}

/** A vote target by its current number where it has one ("Schlüsselsituation 2: …"), else the label saved with the vote. */
function targetName(target: SavedVote['results'][number]['target'], refs: ReturnType<typeof referenceNumbers>): string {
  const situation = target.kind === 'keySituations' ? refs.situationNumber.get(target.id) : undefined;
  if (situation) return `Schlüsselsituation ${situation} „${refs.situations[situation - 1]!.title}“`;
  const rec = target.kind === 'recommendations' ? refs.recommendations.find((r) => r.id === target.id) : undefined;
  if (rec) return `Empfehlung „${rec.title}“`;
  return target.label;
}

type BoardEvidence = (evidence: { boardId: string; kind: 'findings' | 'structuralFindings'; id: string }) => string | undefined;
type Refs = ReturnType<typeof referenceNumbers>;
type StructureRefs = ReturnType<typeof structureNumbering>;

/** "gezielt ausgewählt", "zufällig ausgewählt" or, for a procedure's cases, how many each way. */
function selectionText(boards: ReportBoard[], fallback: ProcedureMeta['selection']): string {
  const given = boards.map((board) => board.selection ?? null);
  if (given.every((selection) => selection === null)) return fallback === 'gezielt' ? 'gezielt ausgewählt' : 'zufällig ausgewählt';
  const count = (selection: string) => given.filter((g) => g === selection).length;
  const parts = [
    count('gezielt') ? `${count('gezielt')} gezielt` : '',
    count('zufällig') ? `${count('zufällig')} zufällig` : '',
    given.includes(null) ? `${given.filter((g) => g === null).length} ohne Angabe` : '',
  ].filter(Boolean);
  return `davon ${parts.join(', ')} ausgewählt`;
}

/** Section 3 of a procedure's report: the house, its location and surroundings, and the structural findings. */
function structureSection(
  blocks: Block[],
  board: ReportBoard,
  refs: StructureRefs,
  section: number,
  boardEvidence: BoardEvidence,
  paragraph: (text: string) => void,
): void {
  const src = (kind: string, id: string, field: string, label: string): TextSource => ({ board: board.name, kind, id, field, label });
  blocks.push({ type: 'heading', level: 1, text: `${section} Strukturanalyse: das Jugendamt als Haus` });
  blocks.push({ type: 'heading', level: 2, text: `${section}.1 Indikatoren` });
  if (refs.indicators.length === 0) paragraph('Es wurden keine Indikatoren erfasst.');
  for (const part of ['Bau', 'Lage', 'Umfeld'] as const) {
    const rows = refs.indicators.filter((indicator) => HOUSE_PARTS[indicator.area] === part);
    if (rows.length === 0) continue;
    blocks.push({ type: 'paragraph', inlines: [{ text: `Indikatoren – ${PART_NAMES[part]}`, bold: true }] });
    blocks.push({
      type: 'table',
      caption: `Indikatoren – ${PART_NAMES[part]}`,
      header: ['Nr.', 'Bereich', 'Indikator', 'Wert', 'Jahr', 'Vergleichswert', 'Quelle', 'Anmerkung'],
      widths: [2.3, 6, 9, 4.5, 3, 5, 6, 7],
      rows: rows.map((indicator) => {
        const n = refs.indicatorNumber.get(indicator.id)!;
        const label = (field: string) => `Indikator ${n} – ${field}`;
        return {
          cells: [
            String(n),
            indicator.area,
            indicator.name,
            [indicator.value, indicator.unit].filter(Boolean).join(' '),
            indicator.year === null ? '' : String(indicator.year),
            indicator.comparison,
            indicator.source,
            indicator.note,
          ],
          sources: [
            undefined,
            undefined,
            src('indicators', indicator.id, 'name', label('Name')),
            src('indicators', indicator.id, 'value', label('Wert')),
            undefined,
            src('indicators', indicator.id, 'comparison', label('Vergleichswert')),
            src('indicators', indicator.id, 'source', label('Quelle')),
            src('indicators', indicator.id, 'note', label('Anmerkung')),
          ],
        };
      }),
    });
  }
  blocks.push({ type: 'heading', level: 2, text: `${section}.2 Gesichtete Dokumente` });
  if (refs.documents.length === 0) paragraph('Es wurden keine Dokumente gesichtet.');
  else {
    blocks.push({
      type: 'table',
      caption: 'Gesichtete Dienstanweisungen, Vorlagen und Verfahrensbeschreibungen',
      header: ['Nr.', 'Bereich', 'Dokument', 'Stand', 'Status', 'Befund'],
      widths: [2.3, 6, 9, 4, 3.5, 12],
      rows: refs.documents.map((document) => {
        const n = refs.documentNumber.get(document.id)!;
        return {
          cells: [String(n), document.area, document.title, document.date ? formatFuzzyDate(document.date) : '', document.status, document.finding],
          sources: [
            undefined,
            undefined,
            src('reviewedDocuments', document.id, 'title', `Dokument ${n} – Titel`),
            undefined,
            undefined,
            src('reviewedDocuments', document.id, 'finding', `Dokument ${n} – Befund`),
          ],
        };
      }),
    });
  }
  blocks.push({ type: 'heading', level: 2, text: `${section}.3 Strukturbefunde` });
  if (refs.findings.length === 0) paragraph('Es wurden keine Strukturbefunde festgehalten.');
  const themes = new Map(listRecords(board.doc, 'themes').records.map((theme) => [theme.id, theme.name]));
  for (const finding of refs.findings) {
    const n = refs.findingNumber.get(finding.id)!;
    blocks.push({
      type: 'paragraph',
      inlines: [{ text: `Strukturbefund ${n}: `, bold: true }, { text: finding.text }],
      source: src('structuralFindings', finding.id, 'text', `Strukturbefund ${n}`),
    });
    const numbersOf = (ids: string[], numbers: Map<string, number>) =>
      ids
        .map((id) => numbers.get(id))
        .filter((x) => x !== undefined)
        .sort((a, b) => a - b);
    const indicators = numbersOf(finding.indicatorIds, refs.indicatorNumber);
    const documents = numbersOf(finding.documentIds, refs.documentNumber);
    const windows = finding.windows.map((window) => boardEvidence({ boardId: window.boardId, kind: 'findings', id: window.findingId })).filter(Boolean);
    const topics = finding.themeIds.map((id) => themes.get(id)).filter(Boolean);
    const parts = [
      topics.length ? `Themen: ${topics.join(', ')}` : '',
      indicators.length ? `Indikator ${indicators.join(', ')}` : '',
      documents.length ? `Dokument ${documents.join(', ')}` : '',
      windows.length ? `Fenster in die Fälle: ${windows.join('; ')}` : '',
    ].filter(Boolean);
    if (parts.length) paragraph(parts.join(' · '));
  }
}

/**
 * Across the cases, by quality topic (the procedure's topics, matched by name in every board):
 * which cases' findings and which structural findings support each topic.
 */
function crossCaseFindings(
  blocks: Block[],
  numbered: { board: ReportBoard; refs: Refs }[],
  structure: ReportBoard | undefined,
  structureRefs: StructureRefs | undefined,
  procedureThemes: string[],
  findingNumbers: Map<string, number>,
): void {
  const support = new Map<string, { key: string; cases: Set<string>; items: string[] }>();
  const order: string[] = procedureThemes.map((name) => name.toLowerCase());
  const add = (name: string, item: string, caseName?: string) => {
    const key = name.toLowerCase();
    if (!support.has(key)) support.set(key, { key: name, cases: new Set(), items: [] });
    if (!order.includes(key)) order.push(key);
    const entry = support.get(key)!;
    entry.items.push(item);
    if (caseName) entry.cases.add(caseName);
  };
  for (const { board, refs } of numbered) {
    const themes = new Map(listRecords(board.doc, 'themes').records.map((theme) => [theme.id, theme.name]));
    for (const finding of refs.findings) {
      const n = findingNumbers.get(`${board.id ?? board.name}|${finding.id}`)!;
      for (const id of finding.themeIds) {
        const name = themes.get(id);
        if (name) add(name, `Befund ${n} (${board.name})`, board.name);
      }
    }
  }
  if (structure && structureRefs) {
    const themes = new Map(listRecords(structure.doc, 'themes').records.map((theme) => [theme.id, theme.name]));
    for (const finding of structureRefs.findings) {
      for (const id of finding.themeIds) {
        const name = themes.get(id);
        if (name) add(name, `Strukturbefund ${structureRefs.findingNumber.get(finding.id)}`);
      }
    }
  }
  blocks.push({ type: 'heading', level: 2, text: 'Fallübergreifende Befunde nach Qualitätsthemen' });
  const rows = order.map((key) => support.get(key)).filter((entry) => entry !== undefined);
  if (rows.length === 0) {
    blocks.push({ type: 'paragraph', inlines: plain('Den Befunden wurden keine Qualitätsthemen zugeordnet.') });
    return;
  }
  blocks.push({
    type: 'table',
    caption: 'Qualitätsthemen und die Befunde, die sie stützen',
    header: ['Qualitätsthema', 'Fälle', 'Befunde und Strukturbefunde'],
    widths: [8, 4, 12],
    rows: rows.map((entry) => ({
      cells: [entry.key, entry.cases.size ? [...entry.cases].join(', ') : '–', entry.items.join('; ')],
      sources: [undefined, undefined, undefined],
    })),
  });
}

/** A recommendation's evidence beyond its own board's chronology and key situations: findings here and in the procedure's other boards. */
function evidenceAcrossBoards(
  board: ReportBoard,
  rec: {
    findingIds: string[];
    evidence: { structuralFindingIds: string[]; boards: { boardId: string; kind: 'findings' | 'structuralFindings'; id: string }[] };
  },
  structureRefs: StructureRefs | undefined,
  findingNumbers: Map<string, number>,
  boardEvidence: BoardEvidence,
): string[] {
  const key = board.id ?? board.name;
  const own = board.kind === 'structure' ? [] : rec.findingIds.map((id) => findingNumbers.get(`${key}|${id}`)).filter((n) => n !== undefined);
  const structural =
    board.kind === 'structure' && structureRefs
      ? rec.evidence.structuralFindingIds.map((id) => structureRefs.findingNumber.get(id)).filter((n) => n !== undefined)
      : [];
  return [
    own.length ? `${board.name}, Befund ${own.sort((a, b) => a - b).join(', ')}` : '',
    structural.length ? `Strukturbefund ${structural.sort((a, b) => a - b).join(', ')}` : '',
    ...rec.evidence.boards.map(boardEvidence).filter((text) => text !== undefined),
  ].filter(Boolean);
}

function crossReference(evidence: { eventIds: string[]; keySituationIds: string[] }, refs: ReturnType<typeof referenceNumbers>): string {
  const events = evidence.eventIds
    .map((id) => refs.eventNumber.get(id))
    .filter((n) => n !== undefined)
    .sort((a, b) => a - b);
  const situations = evidence.keySituationIds
    .map((id) => refs.situationNumber.get(id))
    .filter((n) => n !== undefined)
    .sort((a, b) => a - b);
  const parts = [events.length ? `Chronologie Nr. ${events.join(', ')}` : '', situations.length ? `Schlüsselsituation ${situations.join(', ')}` : ''].filter(
    Boolean,
  );
  return parts.length ? `vgl. ${parts.join('; ')}` : '';
}
