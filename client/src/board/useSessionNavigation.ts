import { sessionState, type FocusRequest } from '@qe/shared';
import { useEffect } from 'react';
import { createUserId, type Editor } from 'tldraw';
import type * as Y from 'yjs';
import { templateFrameId } from './templateSync';

/**
 * Follows the moderator's requests: bring everyone to a phase's frame, and presentation mode,
 * in which everyone's viewport follows the presenter until they step out (Esc or moving the view).
 */
export function useSessionNavigation(editor: Editor | undefined, doc: Y.Doc, self: string): void {
  useEffect(() => {
    if (!editor) return;
    const session = sessionState(doc);
    let lastSeq = session.focus()?.seq ?? 0;
    let following = false;
    const apply = () => {
      const focus: FocusRequest | undefined = session.focus();
      if (focus && focus.seq > lastSeq) {
        lastSeq = focus.seq;
        const bounds = editor.getShapePageBounds(templateFrameId(focus.frame));
        if (bounds) editor.zoomToBounds(bounds, { animation: { duration: 400 }, inset: 40 });
      }
      const presentation = session.presentation();
      const shouldFollow = Boolean(presentation?.active && presentation.presenter !== self);
      if (shouldFollow && !following) editor.startFollowingUser(createUserId(presentation!.presenter));
      if (!shouldFollow && following) editor.stopFollowingUser();
      following = shouldFollow;
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') editor.stopFollowingUser();
    };
    window.addEventListener('keydown', onKey);
    session.map.observe(apply);
    apply();
    return () => {
      window.removeEventListener('keydown', onKey);
      session.map.unobserve(apply);
    };
  }, [editor, doc, self]);
}
