import { compareEvents, orderById, orderEvents, orderKeySituations, orderRecommendations } from '../records/numbering.js';
import type { CaseEvent, Factor, KeySituation, Lane, Recommendation, RecordKind, Theme } from '../records/schemas.js';
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
  record?: { kind: RecordKind; id: string; view?: 'success' };
}

export interface LayoutRecords {
  lanes: Lane[];
  events: CaseEvent[];
  keySituations: KeySituation[];
  factors: Factor[];
  themes: Theme[];
  recommendations: Recommendation[];
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
    }
  })();
  const frame: LayoutItem = { id: frameId, kind: 'frame', x: template.frame.x, y: template.frame.y, w, h, text: template.frame.title };
  return [frame, ...items.map((item) => ({ ...item, parent: frameId }))];
}

type Sized = { items: LayoutItem[]; w: number; h: number };
type Layout<K extends TemplateDefinition['layout']['kind']> = Extract<TemplateDefinition['layout'], { kind: K }>;

function swimlanes(layout: Layout<'swimlanes'>, records: LayoutRecords, frameId: string): Sized {
  const lanes = [...records.lanes].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name, 'de'));
  const laneIndex = new Map(lanes.map((lane, index) => [lane.id, index]));
  // chronology order from records/numbering, so columns follow the numbers in table and report
  const dated = records.events.filter((e) => e.date.sortKey !== null && laneIndex.has(e.laneId)).sort(compareEvents);
  const undated = records.events.filter((e) => e.date.sortKey === null || !laneIndex.has(e.laneId)).sort(compareEvents);
  const items: LayoutItem[] = lanes.map((lane, index) => ({
    id: `${frameId}:lane:${lane.id}`,
    kind: 'label',
    x: PAD,
    y: HEADER + index * layout.laneHeight + PAD / 2,
    w: layout.labelWidth - 2 * PAD,
    h: layout.laneHeight - PAD,
    text: lane.name,
  }));

  // columns are packed: the next event joins the current column unless its lane is taken
  // there, so time runs left to right and the chronology stays compact
  let column = -1;
  let lanesInColumn = new Set<string>();
  for (const event of dated) {
    if (column < 0 || lanesInColumn.has(event.laneId)) {
      column++;
      lanesInColumn = new Set();
    }
    lanesInColumn.add(event.laneId);
    items.push({
      id: `${frameId}:event:${event.id}`,
      kind: 'record',
      x: layout.labelWidth + column * layout.columnWidth,
      y: HEADER + laneIndex.get(event.laneId)! * layout.laneHeight + (layout.laneHeight - layout.card.h) / 2,
      w: layout.card.w,
      h: layout.card.h,
      record: { kind: 'events', id: event.id },
    });
  }

  const trayTop = HEADER + lanes.length * layout.laneHeight + PAD;
  const perRow = Math.max(1, column + 1, 6);
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
    w: layout.labelWidth + Math.max(perRow, column + 1) * layout.columnWidth + PAD,
    h: trayTop + trayRows * (layout.card.h + PAD) + PAD,
  };
}

function reflection(layout: Layout<'reflection'>, records: LayoutRecords, frameId: string): Sized {
  // rows in the numbering order of records/numbering: row n is Schlüsselsituation n
  const situations = orderKeySituations(records.keySituations, orderEvents(records.events));
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
  const width = Math.max(successX + layout.factorCard.w, themed.length * (layout.factorCard.w + PAD)) + PAD;
  return { items, w: width, h: top + clusterHeight + PAD * 2 };
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
