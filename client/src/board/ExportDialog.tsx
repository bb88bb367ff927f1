import {
  canModerate,
  missingReportTexts,
  procedureMetaMap,
  REPORT_TEXTS,
  reportText,
  readProcedureMeta,
  schutzlisteProblems,
  writeProcedureMeta,
  type Preflight,
  type PreflightHit,
  type ProcedureMeta,
  type ReportFormat,
  type ReportText,
  type Role,
} from '@qe/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFromApi } from '../download';
import type { Editor } from 'tldraw';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { RichTextEditor } from './RichTextEditor';
import { dismissHit, exportPath, getPreflight, getSchutzliste, putSchutzliste } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import i18n from '../i18n';
import schutzlisteDe from '../i18n/schutzliste.de.json';
import schutzlisteEn from '../i18n/schutzliste.en.json';
import { useModalDialog } from '../components/useModalDialog';

// the Schutzliste's error texts come with the board page, not with every page
i18n.addResourceBundle('de', 'translation', schutzlisteDe, true, false);
i18n.addResourceBundle('en', 'translation', schutzlisteEn, true, false);

export interface ExportDialogProps {
  boardId: string;
  token: string;
  role: Role;
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: { name: string; color: string };
  readOnly: boolean;
  /** the canvas, when shown: the pre-flight jumps to hits on it */
  editor?: Editor;
  onClose: () => void;
}

/** "ASD-Fachkräfte: 5" per line → participants by role; lines without a count are ignored. */
const parseParticipants = (text: string): ProcedureMeta['participants'] =>
  text
    .split('\n')
    .map((line) => /^(.+?):\s*(\d+)\s*$/.exec(line.trim()))
    .filter((match) => match !== null)
    .map((match) => ({ role: match[1]!.trim(), count: Number(match[2]) }));
const participantsText = (participants: ProcedureMeta['participants']) => participants.map((p) => `${p.role}: ${p.count}`).join('\n');

/** Which of the report's own texts are still empty, kept current while people write. */
function useMissingTexts(doc: Y.Doc): ReportText[] {
  const [missing, setMissing] = useState(() => missingReportTexts(doc));
  useEffect(() => {
    const refresh = () => setMissing(missingReportTexts(doc));
    const fragments = REPORT_TEXTS.map((which) => reportText(doc, which));
    fragments.forEach((fragment) => fragment.observeDeep(refresh));
    return () => fragments.forEach((fragment) => fragment.unobserveDeep(refresh));
  }, [doc]);
  return missing;
}

const FORMATS: readonly ReportFormat[] = ['docx', 'pdf', 'md'];

/** The record a hit stands in, if it stands in one (not free text on the canvas). */
const recordOf = (hit: PreflightHit) => ('id' in hit.location ? hit.location.id : undefined);

/**
 * The procedure report: metadata, Schutzliste (moderators), pre-flight check with every hit where
 * it stands, dismissing false positives (moderators), then the anonymised download.
 */
export function ExportDialog({ boardId, token, role, doc, provider, user, readOnly, editor, onClose }: ExportDialogProps) {
  const { t } = useTranslation();
  const dialog = useModalDialog();
  const moderator = canModerate(role);
  const [meta, setMeta] = useState<ProcedureMeta>(() => readProcedureMeta(doc, new Intl.DateTimeFormat('de-DE').format(new Date())));
  const [terms, setTerms] = useState<string>();
  const [result, setResult] = useState<Preflight>();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [termError, setTermError] = useState('');
  const [status, setStatus] = useState('');
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const missing = useMissingTexts(doc);
  const [participants, setParticipants] = useState(() => participantsText(meta.participants));

  useEffect(() => {
    const map = procedureMetaMap(doc);
    const refresh = () => setMeta((current) => ({ ...current, ...(map.toJSON() as Partial<ProcedureMeta>) }));
    map.observe(refresh);
    return () => map.unobserve(refresh);
  }, [doc]);
  useEffect(() => {
    if (!moderator) return;
    getSchutzliste(token, boardId)
      .then((answer) => setTerms(answer.terms.join('\n')))
      .catch(setError);
  }, [boardId, token, moderator]);

  const run = async (label: string, work: () => Promise<void>) => {
    setBusy(label);
    setError(undefined);
    try {
      await work();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  };
  const check = () =>
    run(t('export.checking'), async () => {
      const answer = await getPreflight(token, boardId);
      setResult(answer);
      setStatus(answer.hits.length ? t('export.hitsFound', { count: answer.hits.length }) : t('export.clean'));
    });
  const saveTerms = () =>
    run(t('export.saving'), async () => {
      const list = (terms ?? '')
        .split('\n')
        .map((term) => term.trim())
        .filter((term) => term.length >= 2);
      // the server checks the same rule; said here in German, with the term, before anything is sent
      const problems = schutzlisteProblems(list);
      setTermError(problems.map(({ term, problem }) => t(`export.termProblem.${problem}`, { term })).join(' '));
      if (problems.length > 0) return;
      await putSchutzliste(token, boardId, { terms: list });
      setStatus(t('export.termsSaved', { count: list.length }));
      await check();
    });
  const dismiss = (hit: PreflightHit) =>
    run(t('export.saving'), async () => {
      await dismissHit(token, boardId, { hitId: hit.id, reason: reasons[hit.id] ?? '' });
      await check();
    });
  const exportAs = (format: ReportFormat, draft = false) =>
    run(t('export.creating'), async () => {
      await downloadFromApi(exportPath(boardId, { format, ...(draft ? { draft: '1' } : {}) }), token, 'bericht');
      setStatus(t('export.downloaded'));
    });
  const jumpTo = (hit: PreflightHit) => {
    const shape = editor?.getCurrentPageShapes().find((s) => s.type === 'qe-card' && (s.props as { recordId: string }).recordId === recordOf(hit));
    if (!editor || !shape) return;
    dialog.current?.close();
    onClose();
    editor.select(shape.id);
    editor.zoomToSelection({ animation: { duration: 300 } });
  };
  const metaField = (key: 'office' | 'procedure' | 'period' | 'version', label: string, hint?: string) => (
    <label className="card-field">
      <span>{label}</span>
      {hint ? <span className="hint">{hint}</span> : null}
      <input
        value={String(meta[key] ?? '')}
        onChange={(e) => setMeta({ ...meta, [key]: e.target.value })}
        onBlur={() => writeProcedureMeta(doc, { [key]: meta[key] })}
      />
    </label>
  );

  return (
    <dialog ref={dialog} className="import-dialog export-dialog" aria-labelledby="export-title" onCancel={onClose}>
      <h2 id="export-title">{t('export.title')}</h2>
      <fieldset>
        <legend>{t('export.meta')}</legend>
        <div className="mapping">
          {metaField('office', t('export.office'))}
          {metaField('procedure', t('export.procedure'))}
          {metaField('period', t('export.period'), t('export.periodHint'))}
          {metaField('version', t('export.version'))}
          <label className="card-field">
            <span>{t('export.selection')}</span>
            <select value={meta.selection} onChange={(e) => writeProcedureMeta(doc, { selection: e.target.value as ProcedureMeta['selection'] })}>
              <option value="gezielt">{t('export.targeted')}</option>
              <option value="zufällig">{t('export.random')}</option>
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={meta.final} onChange={(e) => writeProcedureMeta(doc, { final: e.target.checked })} />
            {t('export.final')}
          </label>
          <label className="card-field">
            <span>{t('export.participants')}</span>
            <textarea
              rows={3}
              value={participants}
              readOnly={readOnly}
              placeholder={t('export.participantsExample')}
              onChange={(e) => setParticipants(e.target.value)}
              onBlur={() => writeProcedureMeta(doc, { participants: parseParticipants(participants) })}
            />
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('export.texts')}</legend>
        {REPORT_TEXTS.map((which) => (
          <div key={which} className="card-field">
            <span>{t(`export.text.${which}`)}</span>
            {missing.includes(which) ? (
              <p className="error" role="note">
                {t(`export.missing.${which}`)}
              </p>
            ) : null}
            <RichTextEditor fragment={reportText(doc, which)} provider={provider} user={user} readOnly={readOnly} label={t(`export.text.${which}`)} />
          </div>
        ))}
      </fieldset>
      {moderator ? (
        <fieldset>
          <legend>{t('export.schutzliste')}</legend>
          <p className="hint">{t('export.schutzlisteHint')}</p>
          <label className="card-field">
            <span>{t('export.terms')}</span>
            <textarea
              rows={4}
              value={terms ?? ''}
              disabled={terms === undefined}
              aria-invalid={termError ? true : undefined}
              aria-describedby={termError ? 'schutzliste-error' : undefined}
              onChange={(e) => setTerms(e.target.value)}
            />
          </label>
          {termError ? (
            <p id="schutzliste-error" className="error" role="alert">
              {termError}
            </p>
          ) : null}
          <button type="button" onClick={saveTerms} disabled={Boolean(busy) || terms === undefined}>
            {t('export.saveTerms')}
          </button>
        </fieldset>
      ) : null}
      <div className="dialog-actions">
        <button type="button" onClick={check} disabled={Boolean(busy)}>
          {t('export.check')}
        </button>
      </div>
      {busy ? (
        <p role="status" aria-busy="true" className="progress">
          {busy}
        </p>
      ) : (
        <p role="status">{status}</p>
      )}
      <ErrorMessage error={error} />
      {result && result.hits.length > 0 ? (
        <ol className="hits" aria-label={t('export.hitList')}>
          {result.hits.map((hit) => (
            <li key={hit.id}>
              <strong>{t(`export.kinds.${hit.kind}`, { defaultValue: hit.kind })}:</strong> „{hit.text}“ – <span className="excerpt">{hit.excerpt}</span>
              <div className="meta">{hit.location.label}</div>
              {editor && recordOf(hit) ? (
                <button type="button" onClick={() => jumpTo(hit)}>
                  {t('export.jump')}
                </button>
              ) : null}
              {moderator ? (
                <span className="inline-form">
                  <input
                    aria-label={t('export.reasonFor', { text: hit.text })}
                    placeholder={t('export.reason')}
                    value={reasons[hit.id] ?? ''}
                    onChange={(e) => setReasons({ ...reasons, [hit.id]: e.target.value })}
                  />
                  <button type="button" onClick={() => dismiss(hit)} disabled={(reasons[hit.id] ?? '').trim().length < 3}>
                    {t('export.dismiss')}
                  </button>
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {result && result.dismissed.length > 0 ? <p className="hint">{t('export.dismissedCount', { count: result.dismissed.length })}</p> : null}
      <div className="dialog-actions">
        {FORMATS.map((format) => (
          <button key={format} type="button" onClick={() => exportAs(format)} disabled={Boolean(busy) || !result || result.hits.length > 0}>
            {t(`export.download.${format}`)}
          </button>
        ))}
        {moderator ? (
          <button type="button" className="danger" onClick={() => exportAs('docx', true)} disabled={Boolean(busy)}>
            {t('export.draft')}
          </button>
        ) : null}
        <button type="button" onClick={onClose}>
          {t('export.close')}
        </button>
      </div>
    </dialog>
  );
}
