import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useValue, type Editor } from 'tldraw';

/** The selection panel's width (20rem) with its margin: what it takes of the canvas on its side. */
export const SELECTION_PANEL_SPACE = 336;

/**
 * Which side of the canvas the selection panel takes (undefined: none shown): a card's panel
 * goes to the side with more room beside it, a drawn shape's to the left. Reactive in useValue.
 */
export function selectionPanelSide(editor: Editor): 'left' | 'right' | undefined {
  const selected = editor.getSelectedShapes();
  if (selected.length !== 1) return undefined;
  if (selected[0]!.type !== 'qe-card') return 'left';
  const bounds = editor.getSelectionScreenBounds();
  const viewport = editor.getViewportScreenBounds();
  if (!bounds) return 'right';
  return viewport.maxX - bounds.maxX >= bounds.minX - viewport.minX ? 'right' : 'left';
}

/**
 * The inspector and comments of the selection as a panel over the canvas, on the side away from
 * the selection so it stays in view: clicking a card shows its fields at once, without
 * scrolling a side bar. A drawn shape's panel goes left, as tldraw's style panel is on the right.
 */
export function SelectionPanel({ editor, children }: { editor: Editor; children: ReactNode }) {
  const { t } = useTranslation();
  const side = useValue('selection side', () => selectionPanelSide(editor), [editor]);
  if (!side) return null;
  return (
    <aside className={`selection-panel selection-panel-${side}`} aria-label={t('board.selectionPanel')}>
      <button type="button" className="small selection-panel-close" onClick={() => editor.selectNone()}>
        {t('board.closeSelection')}
      </button>
      {children}
    </aside>
  );
}

/** "Nicht mehr folgen" in the top bar while this view follows someone (also Esc). */
export function FollowingNotice({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const following = useValue('following', () => editor.getInstanceState().followingUserId !== null, [editor]);
  if (!following) return null;
  return (
    <button type="button" className="stop-following" onClick={() => editor.stopFollowingUser()}>
      {t('board.stopFollowing')}
    </button>
  );
}
