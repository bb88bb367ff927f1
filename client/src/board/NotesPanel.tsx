import { DOC_LAYOUT } from '@qe/shared';
import { useTranslation } from 'react-i18next';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { RichTextEditor } from './RichTextEditor';

interface NotesPanelProps {
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: { name: string; color: string };
  readOnly: boolean;
}

/** The board's shared notes document. */
export function NotesPanel({ doc, provider, user, readOnly }: NotesPanelProps) {
  const { t } = useTranslation();
  return (
    <section className="notes-section" aria-labelledby="notes-heading">
      <h2 id="notes-heading">{t('notes.title')}</h2>
      <RichTextEditor fragment={doc.getXmlFragment(DOC_LAYOUT.notes)} provider={provider} user={user} readOnly={readOnly} label={t('notes.editorLabel')} />
    </section>
  );
}
