import type { Role } from '@qe/shared';
import type { Editor } from 'tldraw';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { ExportDialog } from './ExportDialog';
import { InviteDialog } from './InviteDialog';

export type BoardDialog = 'invite' | 'export';

interface BoardDialogsProps {
  open?: BoardDialog;
  boardId: string;
  token: string;
  role: Role;
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: { name: string; color: string };
  readOnly: boolean;
  /** the canvas, when shown: the export's pre-flight jumps to hits on it */
  editor?: Editor;
  onClose: () => void;
}

/** The board's dialogs, one at a time. */
export function BoardDialogs({ open, boardId, token, role, doc, provider, user, readOnly, editor, onClose }: BoardDialogsProps) {
  if (open === 'invite') return <InviteDialog boardId={boardId} token={token} onClose={onClose} />;
  if (open === 'export')
    return (
      <ExportDialog
        boardId={boardId}
        token={token}
        role={role}
        doc={doc}
        provider={provider}
        user={user}
        readOnly={readOnly}
        editor={editor}
        onClose={onClose}
      />
    );
  return null;
}
