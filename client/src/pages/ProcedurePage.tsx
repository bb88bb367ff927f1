import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import {
  canManageBoards,
  CASE_SELECTIONS,
  MEMBER_ROLES,
  PROCEDURE_BOARD_KINDS,
  PROCEDURE_PHASES,
  REPORT_FORMATS,
  type OpenRecommendation,
  type Procedure,
  type ProcedureMember,
  type ProcedureBoardKind,
  type ReportFormat,
} from '@qe/shared';
import {
  addProcedureBoard,
  addProcedureMember,
  getOpenRecommendations,
  getProcedure,
  issueProcedureMemberToken,
  procedureExportPath,
  removeProcedureMember,
  updateProcedure,
} from '../api';
import { decodeClaims } from '../board/boardAccess';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { useSubmit } from '../components/useSubmit';
import { downloadFromApi } from '../download';
import { useProcedureToken } from './procedureAccess';

/**
 * The procedure (Verfahren): its phases, its boards (a case board per case, one structure board),
 * the open recommendations across them, who takes part, and the one report of the procedure.
 */
export function ProcedurePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { token, fromLink } = useProcedureToken(id);
  // who may hand out and end members' access (the server decides; this only keeps the buttons away from others)
  const manages = token !== undefined && canManageBoards(decodeClaims(token).role);
  const [procedure, setProcedure] = useState<Procedure>();
  const [open, setOpen] = useState<OpenRecommendation[]>();
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');

  const reload = useCallback(async () => {
    try {
      const [loaded, recommendations] = await Promise.all([getProcedure(token, id), getOpenRecommendations(token, id)]);
      setProcedure(loaded);
      setOpen(recommendations.recommendations);
    } catch (caught) {
      setError(caught);
    }
  }, [token, id]);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (!procedure)
    return (
      <main className="page">
        <ErrorMessage error={error} />
        {error ? null : <p aria-busy="true">{t('common.loading')}</p>}
      </main>
    );

  const changePhase = async (phase: string) => {
    setError(undefined);
    try {
      setProcedure(await updateProcedure(token, id, { phase: phase as Procedure['phase'] }));
      setStatus(t('procedures.phaseChanged', { phase }));
    } catch (caught) {
      setError(caught);
    }
  };
  const current = PROCEDURE_PHASES.indexOf(procedure.phase);

  return (
    <main className="page procedure-page">
      <p className="meta">
        <Link href="/">{t('procedures.back')}</Link>
      </p>
      <h1>{procedure.title}</h1>
      <p className="meta">
        {procedure.office}
        {procedure.period ? ` · ${t('procedures.period', { period: procedure.period })}` : ''}
      </p>
      <ErrorMessage error={error} />
      <p className="visually-hidden" role="status">
        {status}
      </p>

      <section aria-labelledby="phases-heading">
        <h2 id="phases-heading">{t('procedures.phases')}</h2>
        <ol className="phase-steps">
          {PROCEDURE_PHASES.map((phase, index) => (
            <li key={phase} aria-current={index === current ? 'step' : undefined} className={index < current ? 'done' : index === current ? 'current' : ''}>
              {phase}
              {index < current ? <span className="visually-hidden"> ({t('procedures.phaseDone')})</span> : null}
            </li>
          ))}
        </ol>
        <label className="field phase-select">
          <span>{t('procedures.changePhase')}</span>
          <select value={procedure.phase} onChange={(event) => void changePhase(event.target.value)}>
            {PROCEDURE_PHASES.map((phase) => (
              <option key={phase}>{phase}</option>
            ))}
          </select>
        </label>
      </section>

      <section aria-labelledby="boards-heading">
        <h2 id="boards-heading">{t('procedures.boards')}</h2>
        {procedure.boards.length === 0 ? (
          <p className="empty">{t('procedures.noBoards')}</p>
        ) : (
          <table className="procedure-table">
            <caption className="visually-hidden">{t('procedures.boards')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('procedures.label')}</th>
                <th scope="col">{t('procedures.board')}</th>
                <th scope="col">{t('procedures.kind')}</th>
                <th scope="col">{t('procedures.selection')}</th>
              </tr>
            </thead>
            <tbody>
              {procedure.boards.map((board) => (
                <tr key={board.id}>
                  <th scope="row">{board.label}</th>
                  <td>
                    {/* a member who came by link carries their token on to the boards */}
                    <Link href={`/boards/${board.id}${fromLink && token ? `#token=${token}` : ''}`}>{board.name}</Link>
                  </td>
                  <td>{t(`procedures.kinds.${board.kind}`)}</td>
                  <td>{board.selection ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <AddBoardForm
          procedureId={id}
          hasStructure={procedure.boards.some((board) => board.kind === 'structure')}
          onAdded={async (name) => {
            setStatus(t('procedures.boardAdded', { name }));
            await reload();
          }}
        />
      </section>

      <section aria-labelledby="recommendations-heading">
        <h2 id="recommendations-heading">{t('procedures.openRecommendations')}</h2>
        {open && open.length > 0 ? (
          <ul className="open-recommendations">
            {open.map((rec, index) => (
              <li key={`${rec.boardId}-${index}`}>
                <strong>{rec.title}</strong>{' '}
                <span className="meta">
                  {rec.label} · {t('procedures.priority', { priority: rec.priority })} · {rec.status}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t('procedures.noOpenRecommendations')}</p>
        )}
      </section>

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t('procedures.members')}</h2>
        {procedure.members.length === 0 ? (
          <p className="empty">{t('procedures.noMembers')}</p>
        ) : (
          <ul className="member-list">
            {procedure.members.map((member) => (
              <li key={member.id}>
                {member.name} <span className="meta">– {t(`procedures.roles.${member.role}`)}</span>
                {member.organisation ? <span className="meta"> ({member.organisation})</span> : null}
                {manages ? (
                  <MemberAccess
                    procedureId={id}
                    member={member}
                    onRemoved={async () => {
                      setStatus(t('procedures.memberRemoved', { name: member.name }));
                      await reload();
                    }}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <AddMemberForm
          procedureId={id}
          onAdded={async (name) => {
            setStatus(t('procedures.memberAdded', { name }));
            await reload();
          }}
        />
      </section>

      <section aria-labelledby="themes-heading">
        <h2 id="themes-heading">{t('procedures.themes')}</h2>
        <p className="hint">{t('procedures.themesHint')}</p>
        <ul className="theme-list">
          {procedure.themes.map((theme) => (
            <li key={theme}>{theme}</li>
          ))}
        </ul>
        <ThemesForm
          procedureId={id}
          themes={procedure.themes}
          onSaved={(updated) => {
            setProcedure(updated);
            setStatus(t('procedures.themesSaved'));
          }}
        />
      </section>

      <ReportSection procedureId={id} title={procedure.title} disabled={procedure.boards.length === 0} />
    </main>
  );
}

function AddBoardForm({ procedureId, hasStructure, onAdded }: { procedureId: string; hasStructure: boolean; onAdded: (name: string) => Promise<void> }) {
  const { t } = useTranslation();
  const { token } = useProcedureToken(procedureId);
  const { busy, error, handle } = useSubmit();
  const [kind, setKind] = useState<ProcedureBoardKind>('case');
  const ids = { kind: useId(), selection: useId() };
  return (
    <form
      className="inline-form"
      aria-label={t('procedures.addBoard')}
      onSubmit={handle(async (data) => {
        const name = String(data.get('name') ?? '');
        const selection = data.get('selection');
        await addProcedureBoard(token, procedureId, {
          name,
          kind,
          ...(kind === 'case' && selection ? { selection: selection as (typeof CASE_SELECTIONS)[number] } : {}),
        });
        await onAdded(name);
      })}
    >
      <Field label={t('procedures.boardName')} name="name" required maxLength={200} />
      <div className="field">
        <label htmlFor={ids.kind}>{t('procedures.kind')}</label>
        <select id={ids.kind} value={kind} onChange={(event) => setKind(event.target.value as ProcedureBoardKind)}>
          {PROCEDURE_BOARD_KINDS.map((option) => (
            <option key={option} value={option} disabled={option === 'structure' && hasStructure}>
              {t(`procedures.kinds.${option}`)}
            </option>
          ))}
        </select>
      </div>
      {kind === 'case' ? (
        <div className="field">
          <label htmlFor={ids.selection}>{t('procedures.selection')}</label>
          <select id={ids.selection} name="selection" defaultValue="gezielt">
            {CASE_SELECTIONS.map((option) => (
              <option key={option}>{option}</option>
            ))}
          </select>
        </div>
      ) : null}
      <button type="submit" disabled={busy}>
        {t('procedures.addBoard')}
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}

/**
 * A member's access: a link that opens the procedure (and, by the member's role, its boards)
 * without an account, to be passed on by the lead; and removing the member, which ends it at once.
 */
function MemberAccess({ procedureId, member, onRemoved }: { procedureId: string; member: ProcedureMember; onRemoved: () => Promise<void> }) {
  const { t } = useTranslation();
  const { token } = useProcedureToken(procedureId);
  const [link, setLink] = useState<string>();
  const [copied, setCopied] = useState(false);
  const { busy, error, run } = useSubmit();
  const issue = () =>
    run(async () => {
      const issued = await issueProcedureMemberToken(token, procedureId, member.id);
      setLink(`${window.location.origin}/procedures/${procedureId}#token=${issued.token}`);
      setCopied(false);
    });
  const remove = () =>
    run(async () => {
      if (!window.confirm(t('procedures.confirmRemoveMember', { name: member.name }))) return;
      await removeProcedureMember(token, procedureId, member.id);
      await onRemoved();
    });
  return (
    <span className="member-access">
      <button type="button" disabled={busy} onClick={() => void issue()} aria-label={t('procedures.issueLink', { name: member.name })}>
        {t('procedures.issueLinkShort')}
      </button>
      <button type="button" disabled={busy} onClick={() => void remove()} aria-label={t('procedures.removeMember', { name: member.name })}>
        {t('procedures.removeMemberShort')}
      </button>
      {link ? (
        <span className="inline-form">
          <input readOnly value={link} aria-label={t('procedures.linkFor', { name: member.name })} onFocus={(e) => e.target.select()} />
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard
                .writeText(link)
                .then(() => setCopied(true))
                .catch(() => setCopied(false))
            }
          >
            {t('procedures.copyLink')}
          </button>
          <span role="status">{copied ? t('procedures.copied') : t('procedures.linkHint')}</span>
        </span>
      ) : null}
      <ErrorMessage error={error} />
    </span>
  );
}

function AddMemberForm({ procedureId, onAdded }: { procedureId: string; onAdded: (name: string) => Promise<void> }) {
  const { t } = useTranslation();
  const { token } = useProcedureToken(procedureId);
  const { busy, error, handle } = useSubmit();
  const roleId = useId();
  return (
    <form
      className="inline-form"
      aria-label={t('procedures.addMember')}
      onSubmit={handle(async (data) => {
        const name = String(data.get('name') ?? '');
        await addProcedureMember(token, procedureId, {
          name,
          role: String(data.get('role')) as (typeof MEMBER_ROLES)[number],
          organisation: String(data.get('organisation') ?? ''),
        });
        await onAdded(name);
      })}
    >
      <Field label={t('procedures.memberName')} name="name" required maxLength={200} />
      <div className="field">
        <label htmlFor={roleId}>{t('procedures.memberRole')}</label>
        <select id={roleId} name="role" defaultValue="analyseteam">
          {MEMBER_ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`procedures.roles.${role}`)}
            </option>
          ))}
        </select>
      </div>
      <Field label={t('procedures.organisation')} name="organisation" maxLength={200} />
      <button type="submit" disabled={busy}>
        {t('procedures.addMember')}
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}

/** The procedure's quality topics, one per line: new ones are added to every board of the procedure. */
function ThemesForm({ procedureId, themes, onSaved }: { procedureId: string; themes: string[]; onSaved: (procedure: Procedure) => void }) {
  const { t } = useTranslation();
  const { token } = useProcedureToken(procedureId);
  const { busy, error, handle } = useSubmit();
  const id = useId();
  return (
    <details className="themes-edit">
      <summary>{t('procedures.editThemes')}</summary>
      <form
        onSubmit={handle(async (data) => {
          const lines = String(data.get('themes') ?? '')
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean);
          onSaved(await updateProcedure(token, procedureId, { themes: lines }));
        })}
      >
        <div className="field">
          <label htmlFor={id}>{t('procedures.themesField')}</label>
          <textarea id={id} name="themes" rows={Math.max(4, themes.length + 1)} defaultValue={themes.join('\n')} />
        </div>
        <button type="submit" disabled={busy}>
          {t('procedures.saveThemes')}
        </button>
        <ErrorMessage error={error} />
      </form>
    </details>
  );
}

/** The procedure's one report: pre-flight over all its boards, then the file. */
function ReportSection({ procedureId, title, disabled }: { procedureId: string; title: string; disabled: boolean }) {
  const { t } = useTranslation();
  const { token } = useProcedureToken(procedureId);
  const [busy, setBusy] = useState<ReportFormat>();
  const [error, setError] = useState<unknown>();
  const download = async (format: ReportFormat) => {
    setBusy(format);
    setError(undefined);
    try {
      await downloadFromApi(procedureExportPath(procedureId, { format }), token ?? '', `QE-Bericht-${title}.${format}`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">{t('procedures.report')}</h2>
      <p className="hint">{t('procedures.reportHint')}</p>
      <div className="inline-form">
        {REPORT_FORMATS.map((format) => (
          <button key={format} type="button" disabled={disabled || busy !== undefined} aria-busy={busy === format} onClick={() => void download(format)}>
            {t('procedures.download', { format: format.toUpperCase() })}
          </button>
        ))}
      </div>
      <ErrorMessage error={error} />
    </section>
  );
}
