import { formatFuzzyDate, getRecord, type FuzzyDate, type RecordKind } from '@qe/shared';
import type { Editor } from 'tldraw';
import type * as Y from 'yjs';
import type { RecordCardShape } from './cardShape';

/** The board's doc for each canvas editor, so a card's image can show its record. */
const docs = new WeakMap<Editor, Y.Doc>();
export const registerCaseDoc = (editor: Editor, doc: Y.Doc) => docs.set(editor, doc);

const FILL: Partial<Record<RecordKind | 'label', string>> = {
  label: '#eef2f7',
  keySituations: '#fffbe8',
  factors: '#f3eefa',
  findings: '#eaf1fb',
};

/** The lines a card shows, read from its record: heading first, then the text. */
function cardLines(doc: Y.Doc | undefined, shape: RecordCardShape): { heading: string; body: string } {
  const { kind, recordId, label, view } = shape.props;
  if (kind === 'label') return { heading: label, body: '' };
  const record = doc ? (getRecord(doc, kind as RecordKind, recordId) as Record<string, unknown> | undefined) : undefined;
  if (!record) return { heading: '–', body: '' };
  switch (kind) {
    case 'events':
      return { heading: formatFuzzyDate(record.date as FuzzyDate), body: String(record.fact ?? '') };
    case 'keySituations':
      return view === 'success'
        ? { heading: String(record.title ?? ''), body: ((record.successFactors as string[]) ?? []).join(' · ') }
        : { heading: String(record.title ?? ''), body: String(record.whatHappened ?? '') };
    case 'factors':
      return { heading: String(record.level ?? ''), body: String(record.text ?? '') };
    case 'recommendations':
      return { heading: String(record.title ?? ''), body: String(record.intendedOutcome ?? '') };
    case 'findings':
      return { heading: 'Befund', body: String(record.text ?? '') };
    case 'indicators':
      return {
        heading: String(record.name ?? ''),
        body: [record.value, record.unit, record.comparison ? `(${String(record.comparison)})` : ''].filter(Boolean).join(' '),
      };
    case 'reviewedDocuments':
      return { heading: `${String(record.title ?? '')} – ${String(record.status ?? '')}`, body: String(record.finding ?? '') };
    case 'structuralFindings':
      return { heading: String(record.text ?? ''), body: '' };
    default:
      return { heading: String(record.title ?? record.name ?? record.text ?? ''), body: '' };
  }
}

/** Words wrapped to lines of about `chars` characters; the last line ends with "…" when cut. */
export function wrap(text: string, chars: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > chars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, Math.max(0, chars - 1))}…`;
  return kept;
}

/**
 * A card as SVG, for tldraw's image export and copy: the HTML card would export as an empty box.
 * Plain shapes and text (no foreignObject), so the image opens anywhere.
 */
export function CardSvg({ editor, shape }: { editor: Editor; shape: RecordCardShape }) {
  const { w, h, kind } = shape.props;
  const { heading, body } = cardLines(docs.get(editor), shape);
  const chars = Math.max(8, Math.floor((w - 16) / 7));
  const headingLines = wrap(heading, kind === 'label' ? Math.floor((w - 16) / 9) : chars, 2);
  const bodyLines = wrap(body, chars, Math.max(0, Math.floor((h - 24 - headingLines.length * 18) / 17)));
  const label = kind === 'label';
  return (
    <g>
      <rect width={w} height={h} rx={6} fill={FILL[kind] ?? '#ffffff'} stroke="#8a8a8a" strokeDasharray={label ? '6 4' : undefined} />
      <text
        x={label ? w / 2 : 8}
        y={label ? h / 2 - (headingLines.length - 1) * 9 + 5 : 20}
        fontFamily="sans-serif"
        fill="#1a1a1a"
        textAnchor={label ? 'middle' : 'start'}
      >
        {headingLines.map((line, index) => (
          <tspan key={`h${index}`} x={label ? w / 2 : 8} dy={index === 0 ? 0 : 18} fontSize={label ? 15 : 13} fontWeight={700}>
            {line}
          </tspan>
        ))}
        {bodyLines.map((line, index) => (
          <tspan key={`b${index}`} x={8} dy={index === 0 ? 22 : 17} fontSize={12}>
            {line}
          </tspan>
        ))}
      </text>
    </g>
  );
}
