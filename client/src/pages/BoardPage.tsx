import {
  agendaArray,
  canEditBoard,
  canExportReport,
  canModerate,
  ensureAgenda,
  migrateCaseModel,
  removeDuplicatePhases,
  SYNC_CLOSE,
  type Board,
  type Role,
} from '@qe/shared';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { createUserId, type Editor } from 'tldraw';
import * as Y from 'yjs';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { getBoard, getEffectiveAccess, setParticipantRole } from '../api';
import { keepBoardTokenIfKept, obtainBoardAccess, type BoardAccess } from '../board/boardAccess';
import { CanvasSkipLinks } from '../board/CanvasSkipLinks';
import { ConnectionBadge } from '../board/ConnectionBadge';
import { ExportDialog } from '../board/ExportDialog';
import { InviteDialog } from '../board/InviteDialog';
import { NotesPanel } from '../board/NotesPanel';
import { RecordInspector } from '../board/RecordInspector';
import { CommentsPanel } from '../board/CommentsPanel';
import { TimerPanel } from '../board/TimerPanel';
import { ParticipantsPanel } from '../board/ParticipantsPanel';
import { VotePanel } from '../board/VotePanel';
import { AgendaPanel, CurrentPhase } from '../board/AgendaPanel';
import { useSessionNavigation } from '../board/useSessionNavigation';
import { useBoardConnection } from '../board/useBoardConnection';
import { useRemoteAnnouncements } from '../board/useRemoteAnnouncements';
import { colorFor } from '../board/userColor';
import { ErrorMessage } from '../components/ErrorMessage';
import { ChronologyTable } from '../records/ChronologyTable';
import { useSession } from '../session';
import { useTokenRenewal } from '../tokenRenewal';

// stands in until the board's doc exists, so hooks run in a fixed order
const FALLBACK_DOC = new Y.Doc();

// the canvas is the largest part of the app: load it only on the board page
const BoardCanvas = lazy(() => import('../board/BoardCanvas'));

export function BoardPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const [, navigate] = useLocation();
  const [access, setAccess] = useState<BoardAccess>();
  const [board, setBoard] = useState<Board>();
  const [error, setError] = useState<unknown>();

  // the session's token is renewed every few minutes; that must not fetch a new board token
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const loggedIn = session !== undefined;

  useEffect(() => {
    let cancelled = false;
    obtainBoardAccess(id, sessionRef.current)
      .then(async (found) => {
        if (cancelled) return;
        if (!found) {
          navigate(`/login?next=${encodeURIComponent(`/boards/${id}`)}`);
          return;
        }
        const loaded = await getBoard(found.token, id);
        if (cancelled) return;
        setAccess(found);
        setBoard(loaded);
      })
      .catch((caught) => !cancelled && setError(caught));
    return () => {
      cancelled = true;
    };
  }, [id, loggedIn, navigate]);

  if (error) {
    return (
      <main className="page">
        <ErrorMessage error={error} />
        <Link href="/">{t('board.backToList')}</Link>
      </main>
    );
  }
  if (!access || !board)
    return (
      <p aria-busy="true" className="page">
        {t('common.loading')}
      </p>
    );
  return <BoardView board={board} access={access} />;
}

/**
 * The role a moderator gave this participant; asked again whenever the server says it changed
 * (the connection then closes with "role changed" and reconnects).
 */
function useEffectiveRole(boardId: string, access: BoardAccess, connection: ReturnType<typeof useBoardConnection>): Role {
  const [role, setRole] = useState<Role>(access.claims.role);
  const provider = connection?.provider;
  useEffect(() => {
    const refresh = () =>
      getEffectiveAccess(access.token, boardId)
        .then((answer) => setRole(answer.role))
        .catch(() => {});
    refresh();
    const onClose = (event: CloseEvent | null) => {
      if (event?.code === SYNC_CLOSE.roleChanged) refresh();
    };
    provider?.on('connection-close', onClose);
    return () => provider?.off('connection-close', onClose);
  }, [boardId, access.token, provider]);
  return role;
}

/**
 * Keeps the board token fresh: a reload of the tab finds it, and API calls (sync tickets
 * included, so every reconnect) look up the newest one (see latestToken); nothing is remounted.
 */
function useBoardTokenRenewal(boardId: string, initialToken: string): void {
  const [token, setToken] = useState(initialToken);
  useTokenRenewal(
    token,
    (renewed) => {
      keepBoardTokenIfKept(boardId, renewed);
      setToken(renewed);
    },
    // refused (link revoked, removed): the connection shows why when it is closed
    () => {},
  );
}

function BoardView({ board, access }: { board: Board; access: BoardAccess }) {
  const { t } = useTranslation();
  const connection = useBoardConnection(board.id, access.token);
  useBoardTokenRenewal(board.id, access.token);
  const role = useEffectiveRole(board.id, access, connection);
  const readOnly = !canEditBoard(role);
  const user = { id: access.claims.sub, name: access.claims.name, color: colorFor(access.claims.sub) };
  useRemoteAnnouncements(connection, user.id);

  useEffect(() => {
    document.title = `${board.name} – QE-Werkstatt`;
  }, [board.name]);

  const [view, setView] = useState<'canvas' | 'chronology'>('canvas');
  // switching with the skip link takes the focus along to the table
  const [focusTable, setFocusTable] = useState(false);
  useEffect(() => {
    if (view !== 'chronology' || !focusTable) return;
    document.getElementById('chronology-heading')?.focus();
    setFocusTable(false);
  }, [view, focusTable]);
  const [editor, setEditor] = useState<Editor>();
  const [exporting, setExporting] = useState(false);
  useSessionNavigation(editor, connection?.doc ?? FALLBACK_DOC, user.id);
  const [inviting, setInviting] = useState(false);
  const synced = connection?.synced ?? false;
  useEffect(() => {
    // bring the board's record model up to date once the server's state is here
    if (synced && !readOnly && connection) migrateCaseModel(connection.doc);
    // only after the sync: seeding into a still empty copy would add the phases a second time
    if (synced && canModerate(role) && connection) ensureAgenda(connection.doc);
  }, [synced, readOnly, role, connection]);

  // two moderators seeding at the same moment double the phases; whoever sees that repairs it
  useEffect(() => {
    if (!synced || !connection || !canModerate(role)) return;
    const doc = connection.doc;
    const repair = () => removeDuplicatePhases(doc);
    agendaArray(doc).observe(repair);
    return () => agendaArray(doc).unobserve(repair);
  }, [synced, role, connection]);

  const self = useMemo(() => ({ ...user, role: role }), [user.id, user.name, user.color, role]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!connection)
    return (
      <p aria-busy="true" className="page">
        {t('common.loading')}
      </p>
    );
  return (
    <main className="board-page">
      <header className="board-header">
        <h1>{board.name}</h1>
        <span className="role-badge">{t(`roles.${role}`)}</span>
        <ConnectionBadge connection={connection} />
        <TimerPanel doc={connection.doc} canRun={canModerate(role)} />
        <CurrentPhase doc={connection.doc} />
        {canModerate(role) ? (
          <button type="button" className="export-button" onClick={() => setInviting(true)}>
            {t('invites.open')}
          </button>
        ) : null}
        {canExportReport(role) ? (
          <button type="button" className="export-button" onClick={() => setExporting(true)}>
            {t('export.open')}
          </button>
        ) : null}
        <div role="group" aria-label={t('board.views.label')} className="view-switch">
          {(['canvas', 'chronology'] as const).map((name) => (
            <button key={name} type="button" aria-pressed={view === name} onClick={() => setView(name)}>
              {t(`board.views.${name}`)}
            </button>
          ))}
        </div>
      </header>
      {readOnly ? (
        <p className="readonly-banner" role="note">
          {t('board.readOnly')}
        </p>
      ) : null}
      {connection.state === 'refused' ? (
        <p className="error" role="alert">
          {t(`board.refused.${connection.refusedCode}`, { defaultValue: t('board.refused.other') })}
        </p>
      ) : null}
      {inviting ? <InviteDialog boardId={board.id} token={access.token} onClose={() => setInviting(false)} /> : null}
      {exporting ? (
        <ExportDialog
          boardId={board.id}
          token={access.token}
          role={role}
          doc={connection.doc}
          provider={connection.provider}
          user={user}
          readOnly={readOnly}
          editor={view === 'canvas' ? editor : undefined}
          onClose={() => setExporting(false)}
        />
      ) : null}
      <div className="board-layout">
        {view === 'canvas' ? (
          <CanvasSkipLinks
            onShowTable={() => {
              setView('chronology');
              setFocusTable(true);
            }}
          />
        ) : null}
        {view === 'canvas' ? (
          <Suspense fallback={<p aria-busy="true">{t('board.loadingCanvas')}</p>}>
            <BoardCanvas
              connection={connection}
              boardId={board.id}
              token={access.token}
              user={user}
              readOnly={readOnly}
              moderator={canModerate(role)}
              onEditor={setEditor}
            />
          </Suspense>
        ) : (
          <ChronologyTable doc={connection.doc} role={role} boardId={board.id} token={access.token} />
        )}
        <aside id="side-panel" tabIndex={-1} className="side-panel" aria-label={t('board.sidePanel')}>
          <ParticipantsPanel
            provider={connection.provider}
            self={self}
            onFollow={editor && view === 'canvas' ? (sub) => editor.startFollowingUser(createUserId(sub)) : undefined}
            onChangeRole={
              canModerate(role)
                ? async (sub, newRole) => {
                    await setParticipantRole(access.token, board.id, sub, { role: newRole });
                  }
                : undefined
            }
          />
          <AgendaPanel doc={connection.doc} canRun={canModerate(role)} self={user.id} />
          <VotePanel doc={connection.doc} boardId={board.id} token={access.token} userId={user.id} canVote={!readOnly} canRun={canModerate(role)} />
          {editor && view === 'canvas' ? (
            <RecordInspector role={role} editor={editor} doc={connection.doc} provider={connection.provider} user={user} readOnly={readOnly} />
          ) : null}
          {editor && view === 'canvas' ? (
            <CommentsPanel editor={editor} doc={connection.doc} provider={connection.provider} user={user} readOnly={readOnly} />
          ) : null}
          <NotesPanel doc={connection.doc} provider={connection.provider} user={user} readOnly={readOnly} />
        </aside>
      </div>
    </main>
  );
}
