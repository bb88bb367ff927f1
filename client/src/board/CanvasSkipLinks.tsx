import { useTranslation } from 'react-i18next';

/**
 * Keyboard ways around the canvas (WCAG 2.1.1, 2.4.1): the first stops when tabbing towards it,
 * shown when focused. One leads past tldraw's many controls to the side panel, the other to the
 * chronology table, where every record can be edited with the keyboard alone.
 */
export function CanvasSkipLinks({ onShowTable, onSkipCanvas }: { onShowTable: () => void; onSkipCanvas: () => void }) {
  const { t } = useTranslation();
  return (
    <nav className="canvas-skip-links" aria-label={t('board.keyboardWays')}>
      <button type="button" className="skip-link" onClick={onShowTable}>
        {t('board.toTable')}
      </button>
      <button type="button" className="skip-link" onClick={onSkipCanvas}>
        {t('board.skipCanvas')}
      </button>
    </nav>
  );
}
