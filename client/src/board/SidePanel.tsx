import { canEditBoard, canModerate, type Role } from '@qe/shared';
import { useTranslation } from 'react-i18next';
import type { Editor } from 'tldraw';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { AgendaPanel, PresentationToggle } from './AgendaPanel';
import { MentionNotice } from './CommentsPanel';
import { NotesPanel } from './NotesPanel';
import { PrivatePhasePanel } from './PrivatePhasePanel';
import { TimerControls } from './TimerPanel';
import type { Participant } from './useParticipants';
import { VotePanel } from './VotePanel';
import { WorldCafePanel } from './WorldCafePanel';

interface SidePanelProps {
  boardId: string;
  token: string;
  role: Role;
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: { id: string; name: string; color: string };
  /** how many of those here may vote */
  eligibleVoters: number;
  /** who is here (the World Café seats them) */
  people: readonly Participant[];
  open: boolean;
  /** the canvas, when shown: mentions lead to their card */
  editor?: Editor;
}

/**
 * The facilitator panel: for moderators timer, presentation, agenda and vote at the top, in that
 * order, so all of it is in view at 1280×720; for everyone else the agenda and the vote. The
 * shared notes come last, open; they fold away when the panel is needed for the rest.
 */
export function SidePanel({ boardId, token, role, doc, provider, user, eligibleVoters, people, open, editor }: SidePanelProps) {
  const { t } = useTranslation();
  const moderator = canModerate(role);
  const readOnly = !canEditBoard(role);
  return (
    <aside id="side-panel" tabIndex={-1} className="side-panel" aria-label={t(moderator ? 'board.panel.moderation' : 'board.panel.session')} hidden={!open}>
      <MentionNotice doc={doc} userName={user.name} editor={editor} />
      {moderator ? (
        <section className="facilitation" aria-label={t('board.panel.tools')}>
          <TimerControls doc={doc} />
          <PresentationToggle doc={doc} self={user.id} />
        </section>
      ) : null}
      <PrivatePhasePanel doc={doc} boardId={boardId} token={token} userId={user.id} canWrite={!readOnly} canRun={moderator} editor={editor} slot="running" />
      <WorldCafePanel doc={doc} role={role} self={user.id} people={people} editor={editor} />
      <AgendaPanel doc={doc} canRun={moderator} />
      <VotePanel doc={doc} boardId={boardId} token={token} userId={user.id} canVote={!readOnly} canRun={moderator} eligible={eligibleVoters} />
      <PrivatePhasePanel doc={doc} boardId={boardId} token={token} userId={user.id} canWrite={!readOnly} canRun={moderator} editor={editor} slot="idle" />
      <details className="notes-details" open>
        <summary>{t('notes.title')}</summary>
        <NotesPanel doc={doc} provider={provider} user={user} readOnly={readOnly} />
      </details>
    </aside>
  );
}
