import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useTranslation } from 'react-i18next';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';

export interface RichTextEditorProps {
  fragment: Y.XmlFragment;
  provider: WebsocketProvider;
  user: { name: string; color: string };
  readOnly: boolean;
  label: string;
}

/** tiptap bound to a Y.XmlFragment of the board's doc, with the carets of everyone else. */
export function RichTextEditor({ fragment, provider, user, readOnly, label }: RichTextEditorProps) {
  const { t } = useTranslation();
  const editor = useEditor(
    {
      editable: !readOnly,
      extensions: [
        // undo/redo comes from the collaboration extension: it only undoes the user's own changes
        StarterKit.configure({ undoRedo: false }),
        Collaboration.configure({ fragment }),
        CollaborationCaret.configure({ provider, user }),
      ],
      editorProps: {
        // a textbox role lets the label and read-only state reach assistive technology
        attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-label': label, 'aria-readonly': String(readOnly), class: 'notes-editor' },
      },
    },
    [fragment, provider, readOnly],
  );

  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e?.isActive('bold') ?? false,
      italic: e?.isActive('italic') ?? false,
      heading: e?.isActive('heading', { level: 2 }) ?? false,
      bulletList: e?.isActive('bulletList') ?? false,
    }),
  });

  const tools = [
    { key: 'bold', label: t('notes.bold'), run: () => editor?.chain().focus().toggleBold().run() },
    { key: 'italic', label: t('notes.italic'), run: () => editor?.chain().focus().toggleItalic().run() },
    { key: 'heading', label: t('notes.heading'), run: () => editor?.chain().focus().toggleHeading({ level: 2 }).run() },
    { key: 'bulletList', label: t('notes.bulletList'), run: () => editor?.chain().focus().toggleBulletList().run() },
  ] as const;

  return (
    <>
      {readOnly ? null : (
        <div role="toolbar" aria-label={t('notes.toolbar')} className="toolbar">
          {tools.map((tool) => (
            <button key={tool.key} type="button" aria-pressed={active?.[tool.key] ?? false} onClick={tool.run}>
              {tool.label}
            </button>
          ))}
        </div>
      )}
      <EditorContent editor={editor} />
    </>
  );
}
