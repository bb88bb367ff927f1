import { useEffect, useState } from 'react';

export type BoardViewName = 'canvas' | 'chronology';
const PANEL_KEY = 'qe.side-panel-open';

/**
 * What this person looks at: canvas or table, and whether the side panel is open (kept per
 * browser: a moderator who closed it on a small screen wants it closed next time too).
 */
export function useBoardView() {
  const [view, setView] = useState<BoardViewName>('canvas');
  const [panelOpen, setPanelOpenState] = useState(() => localStorage.getItem(PANEL_KEY) !== '0');
  // switching with the skip link takes the focus along to the table
  const [focusTable, setFocusTable] = useState(false);
  useEffect(() => {
    if (view !== 'chronology' || !focusTable) return;
    document.getElementById('chronology-heading')?.focus();
    setFocusTable(false);
  }, [view, focusTable]);
  return {
    view,
    setView,
    showTableWithFocus: () => {
      setView('chronology');
      setFocusTable(true);
    },
    panelOpen,
    setPanelOpen: (open: boolean) => {
      localStorage.setItem(PANEL_KEY, open ? '1' : '0');
      setPanelOpenState(open);
    },
  };
}
