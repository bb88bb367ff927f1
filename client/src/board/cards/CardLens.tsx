import { formatFuzzyDate } from '@qe/shared';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useValue, type Editor } from 'tldraw';
import type * as Y from 'yjs';
import { useCaseNumbering } from '../../records/useCaseNumbering';
import { SELECTION_PANEL_SPACE as PANEL_SPACE, selectionPanelSide } from '../SelectionPanel';
import { CARD_TYPE, type RecordCardShape } from './cardShape';
import { useRecord } from './useRecord';

/** Text on a card is 13 px at zoom 1: below this zoom it is smaller than 14 px on screen. */
export const LENS_BELOW_ZOOM = 14 / 13;
const GAP = 8;
/** the lens's width in px (22rem), kept in step with .card-lens in styles.css */
const LENS_WIDTH = 352;

interface LensPlace {
  shapeId: string;
  recordId: string;
  left: number;
  top?: number;
  bottom?: number;
}

/**
 * Where the lens goes for the one selected timeline card, while the zoom shows the card too small
 * to read: beside it in screen space (below, or above when there is no room), never over it,
 * and clear of the selection panel's side.
 */
function useLensPlace(editor: Editor): LensPlace | undefined {
  return useValue(
    'card lens place',
    () => {
      const selected = editor.getSelectedShapes();
      const shape = selected.length === 1 ? selected[0] : undefined;
      if (!shape || shape.type !== CARD_TYPE) return undefined;
      const { kind, recordId } = (shape as RecordCardShape).props;
      if (kind !== 'events' || editor.getZoomLevel() >= LENS_BELOW_ZOOM) return undefined;
      const bounds = editor.getSelectionScreenBounds();
      const viewport = editor.getViewportScreenBounds();
      if (!bounds) return undefined;
      // the card's box relative to the canvas, as the lens is placed in the canvas area
      const card = {
        minX: bounds.minX - viewport.minX,
        maxX: bounds.maxX - viewport.minX,
        minY: bounds.minY - viewport.minY,
        maxY: bounds.maxY - viewport.minY,
      };
      // clear of the selection panel's side
      const panelRight = selectionPanelSide(editor) === 'right';
      const minLeft = panelRight ? GAP : Math.min(PANEL_SPACE, viewport.width - LENS_WIDTH - GAP);
      const maxLeft = panelRight ? Math.max(GAP, viewport.width - PANEL_SPACE - LENS_WIDTH) : viewport.width - LENS_WIDTH - GAP;
      const left = Math.round(Math.max(minLeft, Math.min(maxLeft, (card.minX + card.maxX) / 2 - LENS_WIDTH / 2)));
      const roomBelow = viewport.height - card.maxY;
      const base = { shapeId: shape.id, recordId, left };
      return roomBelow >= card.minY ? { ...base, top: Math.round(card.maxY + GAP) } : { ...base, bottom: Math.round(viewport.height - card.minY + GAP) };
    },
    [editor],
  );
}

/**
 * A timeline card shown large beside itself while selected at a zoom too small to read it: its
 * whole text at 15 px, the date in the one normalised form and the lane. Esc (on the canvas or in
 * the lens) and deselecting close it; it takes the focus only when asked to (Tab into it).
 */
export function CardLens({ editor, doc }: { editor: Editor; doc: Y.Doc }) {
  const place = useLensPlace(editor);
  if (!place) return null;
  return <EventLens key={place.shapeId} editor={editor} doc={doc} place={place} />;
}

function EventLens({ editor, doc, place }: { editor: Editor; doc: Y.Doc; place: LensPlace }) {
  const { t } = useTranslation();
  const titleId = useId();
  const event = useRecord(doc, 'events', place.recordId);
  const lane = useRecord(doc, 'lanes', event?.laneId ?? '');
  const number = useCaseNumbering(doc).eventNumber.get(place.recordId);
  const ref = useRef<HTMLElement>(null);
  const close = () => {
    editor.selectNone();
    editor.getContainer().focus();
  };
  // Esc anywhere while the lens is open closes it, also when the focus is outside the canvas
  useEffect(() => {
    const onKey = (keyEvent: KeyboardEvent) => {
      if (keyEvent.key !== 'Escape' || keyEvent.defaultPrevented) return;
      if (ref.current?.contains(document.activeElement) || document.activeElement === document.body) editor.selectNone();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [editor]);
  if (!event) return null;
  const precision = event.date.approximate ? 'approximate' : event.date.precision;
  return (
    <section
      ref={ref}
      className="card-lens"
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      style={{ left: place.left, top: place.top, bottom: place.bottom }}
      onPointerDown={(pointer) => pointer.stopPropagation()}
      onKeyDown={(key) => {
        if (key.key !== 'Escape') return;
        key.preventDefault();
        close();
      }}
    >
      <header className="card-lens-head">
        <h2 id={titleId}>
          {t('lens.title', { number })}: {formatFuzzyDate(event.date)}
        </h2>
        <button type="button" className="small" onClick={close} aria-label={t('lens.close')}>
          ×
        </button>
      </header>
      <p className="card-lens-meta">
        {precision !== 'day' ? <span className="qe-badge">{t(`chronology.precision.${precision}`)}</span> : null}
        {event.isKeySituation ? <span className="qe-badge qe-badge-key">{t('chronology.keySituation')}</span> : null}
        <span>
          {t('lens.lane')}: {lane?.name ?? t('chronology.unknownLane')}
        </span>
      </p>
      <p className="card-lens-text">{event.fact}</p>
      {event.knownAtTheTime ? (
        <>
          <h3>{t('chronology.knownAtTheTime')}</h3>
          <p className="card-lens-text">{event.knownAtTheTime}</p>
        </>
      ) : null}
    </section>
  );
}
