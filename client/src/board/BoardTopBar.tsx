import { canEditBoard, canExportReport, canModerate, type Board, type Role } from '@qe/shared';
import { useTranslation } from 'react-i18next';
import type { Editor } from 'tldraw';
import type * as Y from 'yjs';
import { CurrentPhase } from './AgendaPanel';
import { ConnectionBadge } from './ConnectionBadge';
import { useAllThreads } from './CommentsDrawer';
import { ParticipantsSummary } from './ParticipantsSummary';
import type { ParticipantActions } from './ParticipantsDialog';
import { FollowingNotice } from './SelectionPanel';
import { TimerDisplay } from './TimerPanel';
import type { BoardConnection } from './useBoardConnection';
import type { BoardViewName } from './useBoardView';
import type { Participant } from './useParticipants';

interface BoardTopBarProps extends ParticipantActions {
  board: Board;
  role: Role;
  connection: BoardConnection;
  doc: Y.Doc;
  editor?: Editor;
  people: Participant[];
  inRoom: boolean;
  setInRoom: (value: boolean) => void;
  view: BoardViewName;
  setView: (view: BoardViewName) => void;
  panelOpen: boolean;
  setPanelOpen: (open: boolean) => void;
  onInvite: () => void;
  onExport: () => void;
  commentsOpen: boolean;
  onToggleComments: () => void;
}

/**
 * One line that never wraps: what is shrinks (board name and phase are cut with "…", the full
 * text in their tooltip) before anything moves to a second line.
 */
export function BoardTopBar(props: BoardTopBarProps) {
  const { t } = useTranslation();
  const { board, role, connection, doc, editor, view, setView, panelOpen, setPanelOpen } = props;
  // an administrator on a board acts as its moderator; the badge says what they do here
  const badgeRole = role === 'admin' ? 'moderator' : role;
  const openComments = useAllThreads(doc).filter((thread) => !thread.root.resolved).length;
  return (
    <header className="board-header">
      <h1 title={board.name}>{board.name}</h1>
      {canEditBoard(role) ? (
        <span className="role-badge">{t(`roles.${badgeRole}`)}</span>
      ) : (
        // read-only says so in the bar (a banner row cost the canvas a line at 720 px)
        <span className="role-badge role-badge-readonly" role="note" title={t('board.readOnly')}>
          {t('board.readOnlyShort')}
          <span className="visually-hidden">: {t('board.readOnly')}</span>
        </span>
      )}
      <CurrentPhase doc={doc} />
      <TimerDisplay doc={doc} />
      <ConnectionBadge connection={connection} />
      {editor && view === 'canvas' ? <FollowingNotice editor={editor} /> : null}
      <ParticipantsSummary
        people={props.people}
        inRoom={props.inRoom}
        setInRoom={props.setInRoom}
        onChangeRole={props.onChangeRole}
        onFollow={props.onFollow}
      />
      <span className="board-actions">
        {canModerate(role) ? (
          <button type="button" onClick={props.onInvite}>
            {t('invites.open')}
          </button>
        ) : null}
        <button type="button" id="comments-toggle" aria-expanded={props.commentsOpen} aria-controls="comments-drawer" onClick={props.onToggleComments}>
          {t('commentsDrawer.open')}
          {openComments > 0 ? (
            <>
              {' '}
              <span className="count-badge">{openComments}</span>
              <span className="visually-hidden"> {t('commentsDrawer.openSuffix')}</span>
            </>
          ) : null}
        </button>
        {canExportReport(role) ? (
          <button type="button" onClick={props.onExport} aria-label={t('export.open')}>
            {t('export.openShort')}
          </button>
        ) : null}
        <span role="group" aria-label={t('board.views.label')} className="view-switch">
          {(['canvas', 'chronology'] as const).map((name) => (
            <button key={name} type="button" aria-pressed={view === name} onClick={() => setView(name)} aria-label={t(`board.views.${name}`)}>
              {t(`board.views.${name}Short`)}
            </button>
          ))}
        </span>
        <button type="button" aria-expanded={panelOpen} aria-controls="side-panel" onClick={() => setPanelOpen(!panelOpen)}>
          {t(canModerate(role) ? 'board.panel.moderation' : 'board.panel.session')}
        </button>
      </span>
    </header>
  );
}
