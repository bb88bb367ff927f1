import { isShapeLocked } from '@qe/shared';
import { boardRuleContext } from '@qe/templates';
import type { Editor, TLShape, TLShapePartial } from 'tldraw';
import type * as Y from 'yjs';

/** Whether a lock holds this shape (or the shape the template layout would write) in place. */
export function shapeHeldByLock(doc: Y.Doc): (shape: TLShapePartial | TLShape) => boolean {
  const context = boardRuleContext(doc);
  return (shape) => isShapeLocked({ typeName: 'shape', ...shape }, context);
}

/**
 * For participants who do not moderate, the canvas does not offer to move, resize, re-parent or
 * delete a shape held by a lock (a locked record's card, or anything in a locked frame): the same
 * rule the server enforces (shared rules/boardRules), asked before the change reaches the doc.
 * Changes from others (a moderator re-arranging) still arrive.
 */
export function holdLockedShapes(editor: Editor, doc: Y.Doc): () => void {
  const context = boardRuleContext(doc);
  const stopChange = editor.sideEffects.registerBeforeChangeHandler('shape', (before, after, source) =>
    source === 'user' && isShapeLocked(before, context) ? before : after,
  );
  const stopDelete = editor.sideEffects.registerBeforeDeleteHandler('shape', (shape, source) =>
    source === 'user' && isShapeLocked(shape, context) ? false : undefined,
  );
  return () => {
    stopChange();
    stopDelete();
  };
}
