import { ExportDialog, type ExportDialogProps } from './ExportDialog';
import { InviteDialog } from './InviteDialog';

export type BoardDialog = 'invite' | 'export';

/** the export dialog's props (the invite dialog needs a subset), and which dialog is open */
interface BoardDialogsProps extends ExportDialogProps {
  open?: BoardDialog;
}

/** The board's dialogs, one at a time. */
export function BoardDialogs({ open, ...props }: BoardDialogsProps) {
  if (open === 'invite') return <InviteDialog boardId={props.boardId} token={props.token} onClose={props.onClose} />;
  if (open === 'export') return <ExportDialog {...props} />;
  return null;
}
