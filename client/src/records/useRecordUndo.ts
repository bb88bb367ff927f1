import { RECORD_KINDS, recordsMap } from '@qe/shared';
import { useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';

/**
 * Undo/redo of this user's own record edits (table, inspector, cards). Only local changes are
 * tracked, so undo never takes back what someone else did.
 */
export interface RecordUndo {
  canUndo: boolean;
  canRedo: boolean;
  undo: () => void;
  redo: () => void;
}

export function useRecordUndo(doc: Y.Doc): RecordUndo {
  const manager = useMemo(
    () =>
      new Y.UndoManager(
        RECORD_KINDS.map((kind) => recordsMap(doc, kind)),
        { trackedOrigins: new Set([null]), captureTimeout: 500 },
      ),
    [doc],
  );
  const [state, setState] = useState({ canUndo: false, canRedo: false });
  useEffect(() => {
    const refresh = () => setState({ canUndo: manager.canUndo(), canRedo: manager.canRedo() });
    manager.on('stack-item-added', refresh);
    manager.on('stack-item-popped', refresh);
    manager.on('stack-cleared', refresh);
    return () => manager.destroy();
  }, [manager]);
  return { ...state, undo: () => void manager.undo(), redo: () => void manager.redo() };
}
