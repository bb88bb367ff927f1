import type { PreflightHit } from '@qe/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportAs, type Editor, type TLShapeId } from 'tldraw';
import { checkImageExport } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { useModalDialog } from '../components/useModalDialog';

export interface ImageExportRequest {
  ids: TLShapeId[];
  format: 'svg' | 'png';
}

type Purpose = 'intern' | 'extern';

/**
 * Before tldraw's image export: what the image is for. "Zur Weitergabe" runs the report's
 * pre-flight (on the server, with the board's Schutzliste and dismissals) over what the image
 * shows and refuses while a hit there is unresolved, listing the hits; "Nur intern" is made at
 * once. The server records either in the audit log.
 */
export function ImageExportDialog({
  editor,
  boardId,
  token,
  request,
  onClose,
}: {
  editor: Editor;
  boardId: string;
  token: string;
  request: ImageExportRequest;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const dialog = useModalDialog();
  const [purpose, setPurpose] = useState<Purpose>();
  const [hits, setHits] = useState<PreflightHit[]>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const create = async () => {
    if (!purpose) return;
    setBusy(true);
    setError(undefined);
    setHits(undefined);
    try {
      const answer = await checkImageExport(token, boardId, { shapeIds: request.ids, format: request.format, purpose });
      if (answer.hits.length > 0) {
        setHits(answer.hits);
        return;
      }
      await exportAs(editor, request.ids, { format: request.format, name: t('imageExport.fileName') });
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} className="import-dialog image-export-dialog" aria-labelledby="image-export-title" onCancel={onClose}>
      <h2 id="image-export-title">{t('imageExport.title', { format: request.format.toUpperCase() })}</h2>
      <p>{t('imageExport.shapes', { count: request.ids.length })}</p>
      <fieldset>
        <legend>{t('imageExport.purpose')}</legend>
        {(['intern', 'extern'] as const).map((value) => (
          <label key={value} className="check image-export-purpose">
            <input
              type="radio"
              name="image-export-purpose"
              value={value}
              checked={purpose === value}
              onChange={() => {
                setPurpose(value);
                setHits(undefined);
              }}
              aria-describedby={`image-export-${value}-hint`}
            />
            <span>
              {t(`imageExport.${value}`)}
              <span className="hint" id={`image-export-${value}-hint`}>
                {t(`imageExport.${value}Hint`)}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      {busy ? (
        <p role="status" aria-busy="true" className="progress">
          {t(purpose === 'extern' ? 'imageExport.checking' : 'imageExport.creating')}
        </p>
      ) : (
        <p role="status">{hits ? t('imageExport.refused', { count: hits.length }) : ''}</p>
      )}
      <ErrorMessage error={error} />
      {hits && hits.length > 0 ? (
        <>
          <ol className="hits" aria-label={t('imageExport.hitList')}>
            {hits.map((hit) => (
              <li key={hit.id}>
                <strong>{t(`export.kinds.${hit.kind}`, { defaultValue: hit.kind })}:</strong> „{hit.text}“ – <span className="excerpt">{hit.excerpt}</span>
                <div className="meta">{hit.location.label}</div>
              </li>
            ))}
          </ol>
          <p className="hint">{t('imageExport.resolveHint')}</p>
        </>
      ) : null}
      <div className="dialog-actions">
        <button type="button" onClick={create} disabled={!purpose || busy}>
          {t('imageExport.create')}
        </button>
        <button type="button" onClick={onClose}>
          {t('imageExport.cancel')}
        </button>
      </div>
    </dialog>
  );
}
