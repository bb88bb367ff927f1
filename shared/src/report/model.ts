import type * as Y from 'yjs';
import { listRecords, richText } from '../records/caseModel.js';
import { formatFuzzyDate } from '../records/fuzzyDate.js';
import { caseNumbering, orderById } from '../records/numbering.js';
import { FACTOR_LEVELS } from '../records/schemas.js';
import { VOTE_RESULTS } from '../session/vote.js';
import { isEmptyRichText, reportText } from './reportTexts.js';
import { microArticleAnnex } from './microArticle.js';
import { richTextBlocks } from './richText.js';
import { plain, type Block, type ProcedureMeta, type ReportModel, type TextSource } from './types.js';

export interface ReportBoard {
  /** case name as shown in the report, e.g. "Fall A" */
  name: string;
  doc: Y.Doc;
}

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
 * The report (§ 8 Abs. 5 LKSG NRW) computed from the records of one or more case boards:
 * Zusammenfassung, 1 Auftrag und Vorgehen, 2 Fallanalyse (per case: Fallskizze, Personen,
 * Schlüsselsituationen, Einflussfaktoren, Gelingensfaktoren, Priorisierung), 3 Befunde und
 * Qualitätsentwicklungsthemen, 4 Empfehlungen, Anhang A Fallchronologie, Anhang B Methode und
 * Beteiligte. A pure function: the same records give the same report.
 */
export function buildReport(boards: ReportBoard[], meta: ProcedureMeta): ReportModel {
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
  const summaryBoard = boards.find((board) => !isEmptyRichText(reportText(board.doc, 'summary')));
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
      `Analysiert wurde${boards.length === 1 ? '' : 'n'} ${boards.length} abgeschlossene${boards.length === 1 ? 'r' : ''} Kinderschutzfall${boards.length === 1 ? '' : 'fälle'}, ${meta.selection === 'gezielt' ? 'gezielt ausgewählt' : 'zufällig ausgewählt'}. ` +
      'Die Fälle wurden in Fallwerkstätten rekonstruiert und mit der Frage „Wie konnte es dazu kommen?“ reflektiert; daraus wurden Befunde und Empfehlungen abgeleitet. ' +
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

  heading(1, '3 Befunde und Qualitätsentwicklungsthemen');
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

  heading(1, '4 Empfehlungen');
  let recNumber = 0;
  for (const { board, refs } of numbered) {
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
      heading(2, `4.${recNumber} ${rec.title}`);
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
      const refText = crossReference(rec.evidence, refs);
      if (refText) paragraph(refText);
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
