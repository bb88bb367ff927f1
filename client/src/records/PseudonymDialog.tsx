import { applyPseudonyms, findNames, type NameCandidate } from '@qe/shared/pseudonyms';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { savePseudonyms } from '../api';
import i18n from '../i18n';
import pseudonymsDe from '../i18n/pseudonyms.de.json';
import pseudonymsEn from '../i18n/pseudonyms.en.json';
import { ErrorMessage } from '../components/ErrorMessage';
import { useModalDialog } from '../components/useModalDialog';

// the dialog's texts come with it, not with every page (the entry pages have a tight budget)
i18n.addResourceBundle('de', 'translation', pseudonymsDe, true, false);
i18n.addResourceBundle('en', 'translation', pseudonymsEn, true, false);

/** Whether the assistant has anything to offer (asked after an import; lives here to load with the name lists). */
export const hasNames = (doc: Y.Doc) => findNames(doc).length > 0;

interface PseudonymDialogProps {
  doc: Y.Doc;
  boardId: string;
  token: string;
  /** transaction origin of the replacement, so it can be undone as one step */
  origin: object;
  onClose: (message?: string) => void;
}

/**
 * The pseudonymisation assistant: every name the pre-flight rules find in the board's records,
 * with every place it occurs and an editable pseudonym. Nothing changes until the moderator
 * replaces; then the mapping goes to the encrypted Schutzliste first (so a later re-occurrence is
 * caught) and all names are replaced in one undoable step.
 */
export function PseudonymDialog({ doc, boardId, token, origin, onClose }: PseudonymDialogProps) {
  const { t } = useTranslation();
  const dialog = useModalDialog();
  const candidates = useMemo<NameCandidate[]>(() => findNames(doc), [doc]);
  const [choices, setChoices] = useState(() => candidates.map((candidate) => ({ name: candidate.name, pseudonym: candidate.suggestion, use: true })));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const chosen = choices.filter((choice) => choice.use && choice.pseudonym.trim());
  const replace = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const pairs = chosen.map((choice) => ({ real: choice.name, pseudonym: choice.pseudonym.trim() }));
      const places = chosen.reduce((sum, choice) => sum + (candidates.find((c) => c.name === choice.name)?.occurrences.length ?? 0), 0);
      // the Schutzliste first: if it refuses, the board stays as it was
      await savePseudonyms(token, boardId, { pairs, replacements: places });
      const replaced = applyPseudonyms(doc, chosen, origin);
      onClose(t('pseudonyms.done', { names: pairs.length, count: replaced }));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} className="import-dialog pseudonym-dialog" aria-labelledby="pseudonyms-title" onCancel={() => onClose()}>
      <h2 id="pseudonyms-title">{t('pseudonyms.title')}</h2>
      <p>{t('pseudonyms.intro')}</p>
      {candidates.length === 0 ? (
        <p role="status">{t('pseudonyms.none')}</p>
      ) : (
        <ul className="pseudonym-list" aria-label={t('pseudonyms.list')}>
          {candidates.map((candidate, index) => {
            const choice = choices[index]!;
            const update = (patch: Partial<typeof choice>) => setChoices(choices.map((c, i) => (i === index ? { ...c, ...patch } : c)));
            return (
              <li key={candidate.name}>
                <label className="check">
                  <input type="checkbox" checked={choice.use} onChange={(event) => update({ use: event.target.checked })} />
                  {t('pseudonyms.replaceName', { name: candidate.name, count: candidate.occurrences.length })}
                </label>
                <label className="card-field">
                  <span>{t('pseudonyms.pseudonymFor', { name: candidate.name })}</span>
                  <input value={choice.pseudonym} disabled={!choice.use} onChange={(event) => update({ pseudonym: event.target.value })} />
                </label>
                <details>
                  <summary>{t('pseudonyms.places', { count: candidate.occurrences.length })}</summary>
                  <ul>
                    {candidate.occurrences.map((occurrence, place) => (
                      <li key={place}>
                        <span className="hint">{t(`pseudonyms.kinds.${occurrence.kind}`)}: </span>
                        {occurrence.excerpt}
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            );
          })}
        </ul>
      )}
      <ErrorMessage error={error} />
      <div className="dialog-actions">
        <button type="button" onClick={replace} disabled={busy || chosen.length === 0}>
          {t('pseudonyms.replace', { count: chosen.length })}
        </button>
        <button type="button" onClick={() => onClose()}>
          {t('pseudonyms.cancel')}
        </button>
      </div>
    </dialog>
  );
}
