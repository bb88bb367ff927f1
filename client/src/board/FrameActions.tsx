import { appliedTemplateIds, appliedTemplatesMap, createRecord, kindLockKey, locksMap, mayEditRecord, type Role } from '@qe/shared';
import { templateById } from '@qe/templates';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useValue, type Editor, type TLShapeId } from 'tldraw';
import type * as Y from 'yjs';
import { CARD_TYPE } from './cards/cardShape';
import { SELECTION_PANEL_SPACE, selectionPanelSide } from './SelectionPanel';
import { goToPrivateWriting, usePrivateKind, writesPrivately } from './privateWriting';
import { shapeHeldByLock } from './shapeLocks';
import { templateFrameId } from './templateSync';

/** The record kind a frame's button adds, by the frame's layout. */
const ADDS = { reflection: 'findings', recommendations: 'recommendations' } as const;
type Adds = (typeof ADDS)[keyof typeof ADDS];
/** about the widest button's width, so a button kept clear of the left side fits */
const BUTTON_WIDTH = 200;
/** the closed template menu's width at the top left */
const TEMPLATE_MENU_WIDTH = 130;

interface FrameButton {
  templateId: string;
  kind: Adds;
  /** a private phase runs for this kind: the button leads to the private writing field instead */
  privately: boolean;
  /** the frame's top right corner on screen, kept inside the canvas */
  x: number;
  y: number;
}

/** Re-renders when templates are applied or locks change (both live in the doc, not the canvas). */
function useDocVersion(doc: Y.Doc): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    appliedTemplatesMap(doc).observe(bump);
    locksMap(doc).observe(bump);
    return () => {
      appliedTemplatesMap(doc).unobserve(bump);
      locksMap(doc).unobserve(bump);
    };
  }, [doc]);
  return version;
}

/** Selects the card of a new record once the layout has placed it in its frame (on whichever client writes the layout). */
function selectWhenPlaced(editor: Editor, recordId: string) {
  const deadline = Date.now() + 5000;
  const attempt = () => {
    const card = editor.getCurrentPageShapes().find((shape) => shape.type === CARD_TYPE && (shape.props as { recordId: string }).recordId === recordId);
    if (card) {
      editor.select(card.id as TLShapeId);
      editor.zoomToSelectionIfOffscreen(64, { animation: { duration: 300 } });
    } else if (Date.now() < deadline) setTimeout(attempt, 50);
  };
  attempt();
}

/**
 * "Befund hinzufügen" on the reflection frame and "Empfehlung hinzufügen" on the recommendations
 * frame, at the frame's top right corner: the new record's card is laid out inside that frame and
 * selected, so its text can be written in the inspector at once. Offered only to those who may
 * add such a record there now (shared rules: mayEditRecord; a locked frame or kind counts as
 * locked), so never to observers. While a private phase runs for the kind, a participant's button
 * leads to the private writing field instead (shared rules: mayCreateRecord): no public card.
 */
export function FrameActions({ editor, doc, role }: { editor: Editor; doc: Y.Doc; role: Role }) {
  const { t } = useTranslation();
  const version = useDocVersion(doc);
  const privateKind = usePrivateKind(doc);
  const [status, setStatus] = useState('');
  const buttons = useValue(
    'frame buttons',
    () => {
      void version;
      const held = shapeHeldByLock(doc);
      const viewport = editor.getViewportScreenBounds();
      // the buttons stay clear of the selection panel (their right edge is their place)
      const panel = selectionPanelSide(editor);
      const maxX = viewport.width - 8 - (panel === 'right' ? SELECTION_PANEL_SPACE : 0);
      // and clear of the template menu at the top left
      const minX = (panel === 'left' ? SELECTION_PANEL_SPACE : TEMPLATE_MENU_WIDTH) + BUTTON_WIDTH;
      const shown: FrameButton[] = [];
      for (const templateId of appliedTemplateIds(doc)) {
        const layout = templateById(templateId)?.layout.kind;
        if (layout !== 'reflection' && layout !== 'recommendations') continue;
        const kind = ADDS[layout];
        const frame = editor.getShape(templateFrameId(templateId));
        const bounds = frame && editor.getShapePageBounds(frame);
        if (!frame || !bounds) continue;
        const locked = held(frame) || locksMap(doc).has(kindLockKey(kind));
        if (!mayEditRecord(role, locked)) continue;
        const topLeft = editor.pageToViewport({ x: bounds.minX, y: bounds.minY });
        const bottomRight = editor.pageToViewport({ x: bounds.maxX, y: bounds.maxY });
        // the frame is out of view: nothing to offer
        if (bottomRight.x < 0 || topLeft.x > viewport.width || bottomRight.y < 0 || topLeft.y > viewport.height) continue;
        // no room beside the selection panel: back once the selection is closed
        if (maxX < minX) continue;
        shown.push({
          templateId,
          kind,
          privately: writesPrivately(role, kind, privateKind),
          x: Math.round(Math.max(minX, Math.min(bottomRight.x, maxX))),
          y: Math.round(Math.min(Math.max(topLeft.y, 48), bottomRight.y)),
        });
      }
      return shown;
    },
    [editor, doc, role, version, privateKind],
  );
  const add = (kind: Adds) => {
    const record =
      kind === 'findings'
        ? createRecord(doc, 'findings', { text: t('frameActions.newFinding') })
        : createRecord(doc, 'recommendations', { title: t('templates.newRecommendation') });
    setStatus(t(`frameActions.added.${kind}`));
    selectWhenPlaced(editor, record.id);
  };
  return (
    <>
      <p className="visually-hidden" role="status">
        {status}
      </p>
      {buttons.map((button) => (
        <button
          key={button.templateId}
          type="button"
          className="frame-action"
          style={{ left: button.x, top: button.y }}
          onPointerDown={(event) => event.stopPropagation()}
          onClick={() => (button.privately ? goToPrivateWriting() : add(button.kind))}
        >
          {t(button.privately ? `frameActions.addPrivately.${button.kind}` : `frameActions.add.${button.kind}`)}
        </button>
      ))}
    </>
  );
}
