import {
  compareEvents,
  orderById,
  orderEvents,
  orderFindings,
  orderIndicators,
  orderKeySituations,
  orderRecommendations,
  orderReviewedDocuments,
} from '../records/numbering.js';
import type {
  CafeNote,
  CaseEvent,
  Factor,
  Finding,
  Indicator,
  KeySituation,
  Lane,
  MicroArticle,
  Recommendation,
  RecordKind,
  ReviewedDocument,
  StructuralFinding,
  SwotItem,
  Theme,
} from '../records/schemas.js';
import { tableNumber, type CafeTable } from '../session/worldCafe.js';
import type { TemplateDefinition } from './schema.js';

/** What a template frame shows, computed from records alone (no canvas library involved). */
export interface LayoutItem {
  /** stable across clients and runs, so every client writes the same shapes */
  id: string;
  kind: 'frame' | 'label' | 'record';
  /** frame: page coordinates; everything else: relative to its frame */
  x: number;
  y: number;
  w: number;
  h: number;
  parent?: string;
  text?: string;
  record?: { kind: RecordKind; id: string; view?: 'success' | 'story' | 'successLevel' };
}

export interface LayoutRecords {
  lanes: Lane[];
  events: CaseEvent[];
  keySituations: KeySituation[];
  factors: Factor[];
  themes: Theme[];
  recommendations: Recommendation[];
  /** shown in the reflection frame under the topics (absent: none) */
  findings?: Finding[];
  /** absent in callers from before SWOT: no cards */
  swotItems?: SwotItem[];
  microArticles?: MicroArticle[];
  /** the World Café's tables (session state) and the notes written at them */
  cafeTables?: CafeTable[];
  cafeNotes?: CafeNote[];
  /** the structure board's records (a case board has none) */
  indicators?: Indicator[];
  reviewedDocuments?: ReviewedDocument[];
  structuralFindings?: StructuralFinding[];
}

const PAD = 20;
const HEADER = 50;

export function layoutTemplate(template: TemplateDefinition, records: LayoutRecords): LayoutItem[] {
  const frameId = `${template.id}:frame`;
  const { items, w, h } = (() => {
    switch (template.layout.kind) {
      case 'swimlanes':
        return swimlanes(template.layout, records, frameId);
      case 'reflection':
        return reflection(template.layout, records, frameId);
      case 'recommendations':
        return recommendationGrid(template.layout, records, frameId);
      case 'fourField':
        return fourFields(template.layout, records, frameId);
      case 'success':
        return successStories(template.layout, records, frameId);
      case 'articles': {
        // one card per Mikroartikel, oldest first
        const articles = orderById(records.microArticles ?? []);
        const { columns, card } = template.layout;
        const items: LayoutItem[] = articles.map((article, index) => ({
          id: `${frameId}:article:${article.id}`,
          kind: 'record',
          x: PAD + (index % columns) * (card.w + PAD),
          y: HEADER + Math.floor(index / columns) * (card.h + PAD),
          ...card,
          record: { kind: 'microArticles', id: article.id },
        }));
        const rows = Math.max(1, Math.ceil(articles.length / columns));
        return { items, w: PAD + columns * (card.w + PAD), h: HEADER + rows * (card.h + PAD) + PAD };
      }
      case 'cafe':
        return cafeTables(template.layout, records, frameId);
      case 'house':
        return house(template.layout, records, frameId);
    }
  })();
  const frame: LayoutItem = { id: frameId, kind: 'frame', x: template.frame.x, y: template.frame.y, w, h, text: template.frame.title };
  return [frame, ...items.map((item) => ({ ...item, parent: item.parent ?? frameId }))];
}

type Sized = { items: LayoutItem[]; w: number; h: number };
type Layout<K extends TemplateDefinition['layout']['kind']> = Extract<TemplateDefinition['layout'], { kind: K }>;

const DAY_MS = 86_400_000;
const AXIS = 70;
const MONTHS = ['Jan', 'Feb', 'Mär', 'Apr', 'Mai', 'Jun', 'Jul', 'Aug', 'Sep', 'Okt', 'Nov', 'Dez'];

/** Days since 1970 of a sort key (YYYY-MM-DD). */
const dayOf = (sortKey: string) => Date.UTC(Number(sortKey.slice(0, 4)), Number(sortKey.slice(5, 7)) - 1, Number(sortKey.slice(8, 10))) / DAY_MS;
const dayOfMonth = (year: number, month: number) => Date.UTC(year, month, 1) / DAY_MS;

/**
 * The time axis of a chronology: x proportional to the date, one column width per month for a
 * case of up to three years, per quarter for a longer one. Ticks start at the first event's
 * quarter and end after the last one's.
 */
export function timeAxis(sortKeys: string[], columnWidth: number) {
  if (sortKeys.length === 0) return undefined;
  const days = sortKeys.map(dayOf);
  const [first, last] = [Math.min(...days), Math.max(...days)];
  const start = new Date(first * DAY_MS);
  const end = new Date(last * DAY_MS);
  const from = { year: start.getUTCFullYear(), month: start.getUTCMonth() - (start.getUTCMonth() % 3) };
  const until = { year: end.getUTCFullYear(), month: end.getUTCMonth() - (end.getUTCMonth() % 3) + 3 };
  const fromDay = dayOfMonth(from.year, from.month);
  const untilDay = dayOfMonth(until.year, until.month);
  const monthly = untilDay - fromDay <= 3 * 366;
  const pxPerDay = columnWidth / (monthly ? 365.25 / 12 : 365.25 / 4);
  const x = (sortKey: string) => (dayOf(sortKey) - fromDay) * pxPerDay;
  const ticks: { id: string; text: string; from: number; to: number; row: 0 | 1 }[] = [];
  for (let year = from.year; year <= until.year; year++) {
    const a = Math.max(fromDay, dayOfMonth(year, 0));
    const b = Math.min(untilDay, dayOfMonth(year + 1, 0));
    if (b > a) ticks.push({ id: `year:${year}`, text: String(year), from: (a - fromDay) * pxPerDay, to: (b - fromDay) * pxPerDay, row: 0 });
  }
  const step = monthly ? 1 : 3;
  for (let m = from.year * 12 + from.month; m < until.year * 12 + until.month; m += step) {
    const [year, month] = [Math.floor(m / 12), m % 12];
    const a = dayOfMonth(year, month);
    const b = dayOfMonth(year, month + step);
    const text = monthly ? MONTHS[month]! : `Q${month / 3 + 1}`;
    ticks.push({ id: `${monthly ? 'month' : 'quarter'}:${year}-${month + 1}`, text, from: (a - fromDay) * pxPerDay, to: (b - fromDay) * pxPerDay, row: 1 });
  }
  return { x, width: (untilDay - fromDay) * pxPerDay, ticks };
}

function swimlanes(layout: Layout<'swimlanes'>, records: LayoutRecords, frameId: string): Sized {
  const lanes = [...records.lanes].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name, 'de'));
  const laneIndex = new Map(lanes.map((lane, index) => [lane.id, index]));
  // chronology order from records/numbering, so the cards follow the numbers in table and report
  const dated = records.events.filter((e) => e.date.sortKey !== null && laneIndex.has(e.laneId)).sort(compareEvents);
  const undated = records.events.filter((e) => e.date.sortKey === null || !laneIndex.has(e.laneId)).sort(compareEvents);
  const axis = timeAxis(
    dated.map((event) => event.date.sortKey!),
    layout.columnWidth,
  );
  const items: LayoutItem[] = [];
  const top = HEADER + (axis ? AXIS : 0);

  // x is the date; events of one lane that would overlap go to the next row of their lane
  const placed = new Map<string, { x: number; row: number }>();
  const rowsOf = lanes.map(() => [] as number[]);
  for (const event of dated) {
    const x = layout.labelWidth + axis!.x(event.date.sortKey!);
    const rows = rowsOf[laneIndex.get(event.laneId)!]!;
    let row = rows.findIndex((rightEdge) => rightEdge + PAD / 2 <= x);
    if (row < 0) row = rows.push(0) - 1;
    rows[row] = x + layout.card.w;
    placed.set(event.id, { x, row });
  }
  const rowHeight = layout.card.h + PAD / 2;
  const laneHeights = rowsOf.map((rows) => Math.max(layout.laneHeight, rows.length * rowHeight + PAD));
  const laneTops = laneHeights.map((_, index) => top + laneHeights.slice(0, index).reduce((sum, h) => sum + h, 0));
  lanes.forEach((lane, index) =>
    items.push({
      id: `${frameId}:lane:${lane.id}`,
      kind: 'label',
      x: PAD,
      y: laneTops[index]! + PAD / 2,
      w: layout.labelWidth - 2 * PAD,
      h: laneHeights[index]! - PAD,
      text: lane.name,
    }),
  );
  for (const tick of axis?.ticks ?? []) {
    items.push({
      id: `${frameId}:axis:${tick.id}`,
      kind: 'label',
      x: layout.labelWidth + tick.from,
      y: HEADER + tick.row * (AXIS / 2),
      w: Math.max(1, tick.to - tick.from - 4),
      h: AXIS / 2 - 4,
      text: tick.text,
    });
  }
  for (const event of dated) {
    const { x, row } = placed.get(event.id)!;
    const lane = laneIndex.get(event.laneId)!;
    const rows = rowsOf[lane]!.length;
    const offset = rows === 1 ? (laneHeights[lane]! - layout.card.h) / 2 : PAD / 2 + row * rowHeight;
    items.push({
      id: `${frameId}:event:${event.id}`,
      kind: 'record',
      x,
      y: laneTops[lane]! + offset,
      w: layout.card.w,
      h: layout.card.h,
      record: { kind: 'events', id: event.id },
    });
  }

  const axisWidth = axis ? axis.width + layout.card.w : 0;
  const trayTop = top + laneHeights.reduce((sum, h) => sum + h, 0) + PAD;
  const perRow = Math.max(6, Math.floor(axisWidth / layout.columnWidth));
  items.push({ id: `${frameId}:undated`, kind: 'label', x: PAD, y: trayTop, w: layout.labelWidth - 2 * PAD, h: layout.card.h, text: layout.undatedTitle });
  undated.forEach((event, index) => {
    items.push({
      id: `${frameId}:event:${event.id}`,
      kind: 'record',
      x: layout.labelWidth + (index % perRow) * layout.columnWidth,
      y: trayTop + Math.floor(index / perRow) * (layout.card.h + PAD),
      w: layout.card.w,
      h: layout.card.h,
      record: { kind: 'events', id: event.id },
    });
  });
  const trayRows = Math.max(1, Math.ceil(undated.length / perRow));
  return {
    items,
    w: layout.labelWidth + Math.max(perRow * layout.columnWidth, axisWidth) + PAD,
    h: trayTop + trayRows * (layout.card.h + PAD) + PAD,
  };
}

function reflection(layout: Layout<'reflection'>, records: LayoutRecords, frameId: string): Sized {
  // rows in the numbering order of records/numbering: row n is Schlüsselsituation n
  // cases that went well have their own frame (Lernen vom Erfolg)
  const situations = orderKeySituations(
    records.keySituations.filter((ks) => !ks.success),
    orderEvents(records.events),
  );
  // factors and topics in one order on every client (records/numbering)
  const allFactors = orderById(records.factors);
  const allThemes = orderById(records.themes);
  const levels = layout.factorLevels;
  const columnX = (index: number) => PAD + layout.situationCard.w + PAD + index * (layout.factorCard.w + PAD);
  const successX = columnX(levels.length);
  const items: LayoutItem[] = [
    ...levels.map((level, index) => ({
      id: `${frameId}:level:${level}`,
      kind: 'label' as const,
      x: columnX(index),
      y: PAD,
      w: layout.factorCard.w,
      h: 30,
      text: level,
    })),
    { id: `${frameId}:success`, kind: 'label', x: successX, y: PAD, w: layout.factorCard.w, h: 30, text: layout.successTitle },
  ];
  const stackHeight = (count: number) => count * (layout.factorCard.h + PAD / 2);
  let top = HEADER + PAD;
  const rows: { id: string; situation?: KeySituation; factors: Factor[] }[] = situations.map((ks) => ({
    id: ks.id,
    situation: ks,
    factors: allFactors.filter((factor) => factor.keySituationIds.includes(ks.id)),
  }));
  const known = new Set(situations.map((ks) => ks.id));
  const loose = allFactors.filter((factor) => !factor.keySituationIds.some((id) => known.has(id)));
  if (loose.length > 0) rows.push({ id: 'none', factors: loose });

  for (const row of rows) {
    if (row.situation) {
      items.push({ id: `${frameId}:ks:${row.id}`, kind: 'record', x: PAD, y: top, ...layout.situationCard, record: { kind: 'keySituations', id: row.id } });
      items.push({
        id: `${frameId}:ks-success:${row.id}`,
        kind: 'record',
        x: successX,
        y: top,
        ...layout.factorCard,
        record: { kind: 'keySituations', id: row.id, view: 'success' },
      });
    } else {
      items.push({ id: `${frameId}:ks:none`, kind: 'label', x: PAD, y: top, w: layout.situationCard.w, h: 40, text: '–' });
    }
    let tallest = row.situation ? layout.situationCard.h : 40;
    levels.forEach((level, index) => {
      const factors = row.factors.filter((factor) => factor.level === level);
      factors.forEach((factor, k) => {
        items.push({
          id: `${frameId}:factor:${row.id}:${factor.id}`,
          kind: 'record',
          x: columnX(index),
          y: top + stackHeight(k),
          ...layout.factorCard,
          record: { kind: 'factors', id: factor.id },
        });
      });
      tallest = Math.max(tallest, stackHeight(factors.length));
    });
    top += tallest + PAD * 2;
  }

  // theme clustering: every factor under each theme it is tagged with
  items.push({ id: `${frameId}:themes`, kind: 'label', x: PAD, y: top, w: layout.situationCard.w, h: 30, text: layout.themesTitle });
  top += 30 + PAD;
  const themed = allThemes.filter((theme) => allFactors.some((factor) => factor.themeIds.includes(theme.id)));
  let clusterHeight = 0;
  themed.forEach((theme, index) => {
    const x = PAD + index * (layout.factorCard.w + PAD);
    items.push({ id: `${frameId}:theme:${theme.id}`, kind: 'label', x, y: top, w: layout.factorCard.w, h: 40, text: theme.name });
    const factors = allFactors.filter((factor) => factor.themeIds.includes(theme.id));
    factors.forEach((factor, k) => {
      items.push({
        id: `${frameId}:theme:${theme.id}:${factor.id}`,
        kind: 'record',
        x,
        y: top + 50 + stackHeight(k),
        ...layout.factorCard,
        record: { kind: 'factors', id: factor.id },
      });
    });
    clusterHeight = Math.max(clusterHeight, 50 + stackHeight(factors.length));
  });
  top += clusterHeight + PAD;

  // findings drawn from the reflection, in their numbering order (records/numbering), a row at a time
  const findings = orderFindings(records.findings ?? []);
  const perRow = levels.length + 1;
  items.push({ id: `${frameId}:findings`, kind: 'label', x: PAD, y: top, w: layout.situationCard.w, h: 30, text: layout.findingsTitle });
  top += 30 + PAD;
  findings.forEach((finding, index) => {
    items.push({
      id: `${frameId}:finding:${finding.id}`,
      kind: 'record',
      x: PAD + (index % perRow) * (layout.factorCard.w + PAD),
      y: top + Math.floor(index / perRow) * (layout.factorCard.h + PAD),
      ...layout.factorCard,
      record: { kind: 'findings', id: finding.id },
    });
  });
  top += Math.ceil(findings.length / perRow) * (layout.factorCard.h + PAD);
  const width = Math.max(successX + layout.factorCard.w, themed.length * (layout.factorCard.w + PAD)) + PAD;
  return { items, w: width, h: top + PAD };
}

function recommendationGrid(layout: Layout<'recommendations'>, records: LayoutRecords, frameId: string): Sized {
  // card n is Empfehlung n (records/numbering)
  const sorted = orderRecommendations(records.recommendations);
  const items: LayoutItem[] = sorted.map((rec, index) => ({
    id: `${frameId}:rec:${rec.id}`,
    kind: 'record',
    x: PAD + (index % layout.columns) * (layout.card.w + PAD),
    y: HEADER + Math.floor(index / layout.columns) * (layout.card.h + PAD),
    ...layout.card,
    record: { kind: 'recommendations', id: rec.id },
  }));
  const rows = Math.max(1, Math.ceil(sorted.length / layout.columns));
  return { items, w: PAD + layout.columns * (layout.card.w + PAD), h: HEADER + rows * (layout.card.h + PAD) + PAD };
}

/**
 * Four fields in a 2×2 grid (SWOT: Stärken | Schwächen above Chancen | Risiken), each with its
 * title and its cards in creation order (ids are time-ordered, see records/numbering orderById).
 * Both fields of a row are as tall as the fuller one, so the grid stays a grid.
 */
function fourFields(layout: Layout<'fourField'>, records: LayoutRecords, frameId: string): Sized {
  const items = orderById(records.swotItems ?? []);
  const fieldWidth = layout.perRow * (layout.card.w + PAD) + PAD;
  const rowsOf = (count: number) => Math.max(1, Math.ceil(count / layout.perRow));
  const fieldHeight = (count: number) => 70 + rowsOf(count) * (layout.card.h + PAD) + PAD;
  const cards = layout.fields.map((spec) => items.filter((item) => item.field === spec.field));
  const rowHeights = [
    Math.max(fieldHeight(cards[0]!.length), fieldHeight(cards[1]!.length)),
    Math.max(fieldHeight(cards[2]!.length), fieldHeight(cards[3]!.length)),
  ];
  const out: LayoutItem[] = [];
  layout.fields.forEach((spec, index) => {
    const x = PAD + (index % 2) * (fieldWidth + PAD);
    const y = HEADER + (index < 2 ? 0 : rowHeights[0]! + PAD);
    out.push({
      id: `${frameId}:field:${spec.field}`,
      kind: 'label',
      x,
      y,
      w: fieldWidth,
      h: 60,
      text: spec.hint ? `${spec.title} – ${spec.hint}` : spec.title,
    });
    cards[index]!.forEach((item, k) => {
      out.push({
        id: `${frameId}:swot:${item.id}`,
        kind: 'record',
        x: x + PAD + (k % layout.perRow) * (layout.card.w + PAD),
        y: y + 70 + Math.floor(k / layout.perRow) * (layout.card.h + PAD),
        ...layout.card,
        record: { kind: 'swotItems', id: item.id },
      });
    });
  });
  return { items: out, w: 2 * fieldWidth + 3 * PAD, h: HEADER + rowHeights[0]! + rowHeights[1]! + 2 * PAD };
}

/**
 * World Café: a frame per table in rows of `columns`, titled with its number and question, holding
 * the notes written at it in creation order. The notes' frame is the table's, so a table can be
 * shown (and its people taken to it) on its own. Tables of one row are as tall as the fullest.
 */
function cafeTables(layout: Layout<'cafe'>, records: LayoutRecords, frameId: string): Sized {
  const tables = records.cafeTables ?? [];
  if (tables.length === 0) {
    const hint: LayoutItem = { id: `${frameId}:empty`, kind: 'label', x: PAD, y: HEADER, w: 700, h: 80, text: layout.emptyHint };
    return { items: [hint], w: 740, h: HEADER + 80 + 2 * PAD };
  }
  const notes = orderById(records.cafeNotes ?? []);
  const tableWidth = PAD + layout.perRow * (layout.card.w + PAD);
  const tableHeight = (count: number) => HEADER + Math.max(1, Math.ceil(count / layout.perRow)) * (layout.card.h + PAD) + PAD;
  const notesAt = tables.map((table) => notes.filter((note) => note.tableId === table.id));
  const rowCount = Math.ceil(tables.length / layout.columns);
  const rowHeights = Array.from({ length: rowCount }, (_, row) =>
    Math.max(...notesAt.slice(row * layout.columns, (row + 1) * layout.columns).map((n) => tableHeight(n.length))),
  );
  const out: LayoutItem[] = [];
  tables.forEach((table, index) => {
    const row = Math.floor(index / layout.columns);
    const tableId = cafeTableItemId(frameId, table.id);
    out.push({
      id: tableId,
      kind: 'frame',
      x: PAD + (index % layout.columns) * (tableWidth + PAD),
      y: HEADER + rowHeights.slice(0, row).reduce((sum, h) => sum + h + PAD, 0),
      w: tableWidth,
      h: rowHeights[row]!,
      text: `${layout.tableTitle} ${tableNumber(tables, index)}: ${table.question}`,
    });
    notesAt[index]!.forEach((note, k) => {
      out.push({
        id: `${frameId}:note:${note.id}`,
        kind: 'record',
        parent: tableId,
        x: PAD + (k % layout.perRow) * (layout.card.w + PAD),
        y: HEADER + Math.floor(k / layout.perRow) * (layout.card.h + PAD),
        ...layout.card,
        record: { kind: 'cafeNotes', id: note.id },
      });
    });
  });
  const columns = Math.min(layout.columns, tables.length);
  return { items: out, w: PAD + columns * (tableWidth + PAD), h: HEADER + rowHeights.reduce((sum, h) => sum + h + PAD, 0) + PAD };
}

/** The layout id of a World Café table's frame (its people are taken there). */
export function cafeTableItemId(frameId: string, tableId: string): string {
  return `${frameId}:table:${tableId}`;
}

/**
 * Lernen vom Erfolg, the mirror of the reflection frame: one row per case that went well (key
 * situations marked success, in numbering order): its story, per level what made it succeed (the
 * key situation's success factors of that level), and the recommendations that make it repeatable
 * (those citing the situation as evidence).
 */
function successStories(layout: Layout<'success'>, records: LayoutRecords, frameId: string): Sized {
  const stories = orderKeySituations(
    records.keySituations.filter((ks) => ks.success),
    orderEvents(records.events),
  );
  const recommendations = orderRecommendations(records.recommendations);
  const columnX = (index: number) => PAD + layout.storyCard.w + PAD + index * (layout.factorCard.w + PAD);
  const repeatX = columnX(layout.levels.length);
  const items: LayoutItem[] = [
    { id: `${frameId}:story`, kind: 'label', x: PAD, y: PAD, w: layout.storyCard.w, h: 30, text: layout.storyTitle },
    ...layout.levels.map((level, index) => ({
      id: `${frameId}:level:${level}`,
      kind: 'label' as const,
      x: columnX(index),
      y: PAD,
      w: layout.factorCard.w,
      h: 30,
      text: level,
    })),
    { id: `${frameId}:repeat`, kind: 'label', x: repeatX, y: PAD, w: layout.factorCard.w, h: 30, text: layout.repeatTitle },
  ];
  let top = HEADER + PAD;
  for (const ks of stories) {
    items.push({
      id: `${frameId}:story:${ks.id}`,
      kind: 'record',
      x: PAD,
      y: top,
      ...layout.storyCard,
      record: { kind: 'keySituations', id: ks.id, view: 'story' },
    });
    layout.levels.forEach((level, index) =>
      items.push({
        id: `${frameId}:factors:${ks.id}:${level}`,
        kind: 'record',
        x: columnX(index),
        y: top,
        ...layout.storyCard,
        w: layout.factorCard.w,
        text: level,
        record: { kind: 'keySituations', id: ks.id, view: 'successLevel' },
      }),
    );
    const repeat = recommendations.filter((rec) => rec.evidence.keySituationIds.includes(ks.id));
    repeat.forEach((rec, k) =>
      items.push({
        id: `${frameId}:rec:${ks.id}:${rec.id}`,
        kind: 'record',
        x: repeatX,
        y: top + k * (layout.factorCard.h + PAD / 2),
        ...layout.factorCard,
        record: { kind: 'recommendations', id: rec.id },
      }),
    );
    top += Math.max(layout.storyCard.h, repeat.length * (layout.factorCard.h + PAD / 2)) + PAD * 2;
  }
  if (stories.length === 0) top += 60;
  return { items, w: repeatX + layout.factorCard.w + PAD, h: top + PAD };
}

/**
 * "Das Jugendamt als Haus": per part (Bau, Lage, Umfeld) a title with its question over a column
 * per area, each column its indicators then its reviewed documents (in their numbering order);
 * the structural findings, which open the windows into the cases, in a column at the right.
 */
function house(layout: Layout<'house'>, records: LayoutRecords, frameId: string): Sized {
  const items: LayoutItem[] = [];
  const { card } = layout;
  const indicators = orderIndicators(records.indicators ?? []);
  const documents = orderReviewedDocuments(records.reviewedDocuments ?? []);
  let x = PAD;
  let bottom = HEADER;
  for (const [partIndex, part] of layout.parts.entries()) {
    const width = part.areas.length * (card.w + PAD) - PAD;
    items.push({ id: `${frameId}:part:${partIndex}`, kind: 'label', x, y: HEADER, w: width, h: 60, text: `${part.title}: ${part.question}` });
    for (const area of part.areas) {
      items.push({ id: `${frameId}:area:${area}`, kind: 'label', x, y: HEADER + 70, w: card.w, h: 40, text: area });
      let y = HEADER + 120;
      const inArea = [
        ...indicators.filter((indicator) => indicator.area === area).map((record) => ({ kind: 'indicators' as const, id: record.id })),
        ...documents.filter((document) => document.area === area).map((record) => ({ kind: 'reviewedDocuments' as const, id: record.id })),
      ];
      for (const record of inArea) {
        items.push({ id: `${frameId}:${record.kind}:${record.id}`, kind: 'record', x, y, ...card, record });
        y += card.h + PAD;
      }
      bottom = Math.max(bottom, y);
      x += card.w + PAD;
    }
    x += PAD;
  }
  items.push({ id: `${frameId}:findings`, kind: 'label', x, y: HEADER, w: card.w, h: 60, text: layout.findingsTitle });
  let y = HEADER + 120;
  for (const finding of orderById(records.structuralFindings ?? [])) {
    items.push({ id: `${frameId}:structuralFindings:${finding.id}`, kind: 'record', x, y, ...card, record: { kind: 'structuralFindings', id: finding.id } });
    y += card.h + PAD;
  }
  bottom = Math.max(bottom, y, HEADER + 120 + card.h);
  return { items, w: x + card.w + PAD, h: bottom + PAD };
}
