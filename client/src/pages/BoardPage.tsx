import { canEditBoard, canExportReport, canModerate, type BoardDetail, type CommentTarget, type Role } from '@qe/shared';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { createUserId, type Editor } from 'tldraw';
import * as Y from 'yjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { setParticipantRole } from '../api';
import type { BoardAccess } from '../board/boardAccess';
import { BoardDialogs, type BoardDialog } from '../board/BoardDialogs';
import { useBoardAccess } from '../board/useBoardAccess';
import { useSession } from '../session';
import { CanvasSkipLinks } from '../board/CanvasSkipLinks';
import { RecordInspector } from '../board/RecordInspector';
import { CommentsPanel, showCommentTarget } from '../board/CommentsPanel';
import { CommentsDrawer } from '../board/CommentsDrawer';
import { useSessionNavigation } from '../board/useSessionNavigation';
import { useCafeSeatNavigation } from '../board/WorldCafePanel';
import { useBoardConnection } from '../board/useBoardConnection';
import { BoardTopBar } from '../board/BoardTopBar';
import { SelectionPanel } from '../board/SelectionPanel';
import { SidePanel } from '../board/SidePanel';
import { useBoardTokenRenewal } from '../board/useBoardTokenRenewal';
import { useBoardView } from '../board/useBoardView';
import { useCaseModelUpkeep } from '../board/useCaseModelUpkeep';
import { useEffectiveRole } from '../board/useEffectiveRole';
import { useParticipants } from '../board/useParticipants';
import { usePrivateWritingRequests } from '../board/privateWriting';
import { useRemoteAnnouncements } from '../board/useRemoteAnnouncements';
import { colorFor } from '../board/userColor';
import { ErrorMessage } from '../components/ErrorMessage';
import { ChronologyTable } from '../records/ChronologyTable';

// stands in until the board's doc exists, so hooks run in a fixed order
const FALLBACK_DOC = new Y.Doc();

// the canvas is the largest part of the app: load it only on the board page
const BoardCanvas = lazy(() => import('../board/BoardCanvas'));

export function BoardPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { access, board, error } = useBoardAccess(id);

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

function BoardView({ board, access }: { board: BoardDetail; access: BoardAccess }) {
  const { t } = useTranslation();
  const { session } = useSession();
  // the procedure's evidence opens to its members' tokens and to accounts, never to a board token
  const procedureToken = access.claims.proc !== undefined ? access.token : session?.token;
  const procedureAccess = useMemo(
    () => (board.procedure && procedureToken ? { procedureId: board.procedure.id, boardId: board.id, token: procedureToken } : undefined),
    [board.procedure, board.id, procedureToken],
  );
  const connection = useBoardConnection(board.id, access.token);
  useBoardTokenRenewal(board.id, access.token);
  const role = useEffectiveRole(board.id, access, connection);
  const readOnly = !canEditBoard(role);
  const user = useMemo(
    () => ({ id: access.claims.sub, name: access.claims.name, color: colorFor(access.claims.sub) }),
    [access.claims.sub, access.claims.name],
  );
  useRemoteAnnouncements(connection, user.id);
  useCaseModelUpkeep(connection, role, readOnly);

  useEffect(() => {
    document.title = `${board.name} – QE-Werkstatt`;
  }, [board.name]);

  const { view, setView, showTableWithFocus, panelOpen, setPanelOpen } = useBoardView();
  const [editor, setEditor] = useState<Editor>();
  const [dialog, setDialog] = useState<BoardDialog>();
  const [commentsOpen, setCommentsOpen] = useState(false);
  // an "add" that is written privately now (a private phase runs): the panel with its writing field is shown
  usePrivateWritingRequests(
    useCallback(() => {
      setCommentsOpen(false);
      setPanelOpen(true);
    }, [setPanelOpen]),
  );
  // a thread chosen in the drawer while the table is shown: its card is selected once the canvas is there
  const [pendingTarget, setPendingTarget] = useState<CommentTarget>();
  useEffect(() => {
    if (!editor || !pendingTarget) return;
    setPendingTarget(undefined);
    void showCommentTarget(editor, pendingTarget);
  }, [editor, pendingTarget]);
  useSessionNavigation(editor, connection?.doc ?? FALLBACK_DOC, user.id);
  useCafeSeatNavigation(editor, connection?.doc ?? FALLBACK_DOC, user.id);

  const self = useMemo(() => ({ ...user, role }), [user, role]);
  const { people, inRoom, setInRoom } = useParticipants(connection?.provider, self);
  const eligibleVoters = new Set(people.filter((person) => canEditBoard((person.role ?? 'observer') as Role)).map((person) => person.id)).size;

  if (!connection)
    return (
      <p aria-busy="true" className="page">
        {t('common.loading')}
      </p>
    );
  // access has ended (link revoked, removed, board deleted): nothing of the case stays on screen
  if (connection.state === 'refused') return <AccessEnded code={connection.refusedCode} />;
  const canvas = view === 'canvas';
  return (
    <main className="board-page">
      <BoardTopBar
        board={board}
        role={role}
        connection={connection}
        doc={connection.doc}
        editor={editor}
        people={people}
        inRoom={inRoom}
        setInRoom={setInRoom}
        view={view}
        setView={setView}
        // the comments drawer takes the facilitator panel's place while open
        panelOpen={panelOpen && !commentsOpen}
        setPanelOpen={(open) => {
          setCommentsOpen(false);
          setPanelOpen(open);
        }}
        onInvite={() => setDialog('invite')}
        onExport={() => setDialog('export')}
        commentsOpen={commentsOpen}
        onToggleComments={() => setCommentsOpen(!commentsOpen)}
        onFollow={editor && canvas ? (sub) => editor.startFollowingUser(createUserId(sub)) : undefined}
        onChangeRole={
          canModerate(role)
            ? async (sub, newRole) => {
                await setParticipantRole(access.token, board.id, sub, { role: newRole });
              }
            : undefined
        }
      />
      <BoardDialogs
        open={dialog}
        boardId={board.id}
        token={access.token}
        role={role}
        doc={connection.doc}
        provider={connection.provider}
        user={user}
        readOnly={readOnly}
        editor={canvas ? editor : undefined}
        onClose={() => setDialog(undefined)}
      />
      <div className="board-layout">
        {canvas ? (
          <CanvasSkipLinks
            onShowTable={showTableWithFocus}
            onSkipCanvas={() => {
              const panel = document.getElementById('side-panel');
              if (panel && !panel.hidden) return panel.focus();
              // a folded panel (or one the comments drawer took the place of) opens first and takes the focus once shown
              setCommentsOpen(false);
              setPanelOpen(true);
              requestAnimationFrame(() => document.getElementById('side-panel')?.focus());
            }}
          />
        ) : null}
        {canvas ? (
          <Suspense fallback={<p aria-busy="true">{t('board.loadingCanvas')}</p>}>
            <BoardCanvas
              connection={connection}
              boardId={board.id}
              token={access.token}
              user={user}
              readOnly={readOnly}
              role={role}
              moderator={canModerate(role)}
              mayExport={canExportReport(role)}
              onShowTable={() => setView('chronology')}
              onEditor={setEditor}
              selectionPanel={(shown) => (
                <SelectionPanel editor={shown}>
                  <RecordInspector
                    role={role}
                    editor={shown}
                    doc={connection.doc}
                    provider={connection.provider}
                    user={user}
                    readOnly={readOnly}
                    exportAccess={{ boardId: board.id, token: access.token }}
                    procedureAccess={procedureAccess}
                  />
                  <CommentsPanel editor={shown} doc={connection.doc} provider={connection.provider} user={user} readOnly={readOnly} />
                </SelectionPanel>
              )}
            />
          </Suspense>
        ) : (
          <ChronologyTable
            doc={connection.doc}
            role={role}
            boardId={board.id}
            token={access.token}
            procedureAccess={procedureAccess}
            onShowCanvas={() => setView('canvas')}
          />
        )}
        {commentsOpen ? (
          <CommentsDrawer
            doc={connection.doc}
            readOnly={readOnly}
            onShow={(target) => {
              if (editor && canvas) void showCommentTarget(editor, target);
              else {
                setView('canvas');
                setPendingTarget(target);
              }
            }}
            onClose={() => {
              setCommentsOpen(false);
              document.getElementById('comments-toggle')?.focus();
            }}
          />
        ) : null}
        <SidePanel
          boardId={board.id}
          token={access.token}
          role={role}
          doc={connection.doc}
          provider={connection.provider}
          user={user}
          eligibleVoters={eligibleVoters}
          people={people}
          open={panelOpen && !commentsOpen}
          editor={canvas ? editor : undefined}
        />
      </div>
    </main>
  );
}

/** What is left on screen when access has ended: why, and the way back. */
function AccessEnded({ code }: { code?: number }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = 'QE-Werkstatt';
  }, []);
  return (
    <main className="page access-ended">
      <p className="error" role="alert">
        {t(`board.refused.${code}`, { defaultValue: t('board.refused.other') })}
      </p>
      <Link href="/">{t('board.backToList')}</Link>
    </main>
  );
}
