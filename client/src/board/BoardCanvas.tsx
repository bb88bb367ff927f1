import type { Role } from '@qe/shared';
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { atom, createTLStore, defaultBindingUtils, defaultShapeUtils, Tldraw, type Editor, type TLUiOverrides, type TLUserPreferences } from 'tldraw';
import 'tldraw/tldraw.css';
import { getConfig } from '../api';
import { createBoardAssetStore } from './assetStore';
import { bindPresence, bindStoreToDoc, type PresenceUser } from './canvasBinding';
import { canvasComponents } from './canvasUi';
import { CardLens } from './cards/CardLens';
import { CaseContext } from './cards/caseContext';
import { registerCaseDoc } from './cards/cardSvg';
import { RecordCardShapeUtil } from './cards/RecordCardShapeUtil';
import { EmptyBoardGuide } from './EmptyBoardGuide';
import { FrameActions } from './FrameActions';
import { ImageExportDialog, type ImageExportRequest } from './ImageExportDialog';
import { StickyLaneLabels } from './StickyLaneLabels';
import { TemplateMenu } from './TemplateMenu';
import { keepTemplatesLaidOut, pinMovedCards } from './templateSync';
import { holdLockedShapes, shapeHeldByLock } from './shapeLocks';
import type { BoardConnection } from './useBoardConnection';

// fonts, icons and translations are bundled and served by our own server: no CDN
const assetUrls = getAssetUrlsByImport();
const customShapeUtils = [RecordCardShapeUtil];

interface BoardCanvasProps {
  connection: BoardConnection;
  boardId: string;
  token: string;
  user: PresenceUser;
  readOnly: boolean;
  /** the effective role: what the frames offer to add (shared rules) */
  role: Role;
  /** may lock frames */
  moderator?: boolean;
  onEditor?: (editor: Editor | undefined) => void;
  /** switches to the chronology table (the empty board's first step) */
  onShowTable?: () => void;
  /** may take images of the canvas out (the roles that may export the report) */
  mayExport?: boolean;
  /** the inspector and comments of the selection, drawn over the canvas beside it */
  selectionPanel?: (editor: Editor) => ReactNode;
}

/** Image export and copy leave the board with case content: only for roles that may export. */
const IMAGE_ACTIONS = [
  'export-as-svg',
  'export-as-png',
  'export-all-as-svg',
  'export-all-as-png',
  'copy-as-svg',
  'copy-as-png',
  'copy-as-json',
  'export-as',
  'export-all-as',
  'copy-as',
];
const withoutImageExport: TLUiOverrides = {
  actions(_editor, actions) {
    for (const id of IMAGE_ACTIONS) delete actions[id];
    return actions;
  },
};

/** tldraw's image exports, each asked first what the image is for (ImageExportDialog); copying as an image would pass that by, so it goes. */
const EXPORTS: { id: string; format: ImageExportRequest['format']; all: boolean }[] = [
  { id: 'export-as-svg', format: 'svg', all: false },
  { id: 'export-as-png', format: 'png', all: false },
  { id: 'export-all-as-svg', format: 'svg', all: true },
  { id: 'export-all-as-png', format: 'png', all: true },
];
const imageExportThroughDialog = (request: (next: ImageExportRequest) => void): TLUiOverrides => ({
  actions(editor, actions) {
    for (const id of ['copy-as-svg', 'copy-as-png', 'copy-as-json', 'copy-as']) delete actions[id];
    for (const { id, format, all } of EXPORTS) {
      const action = actions[id];
      if (!action) continue;
      actions[id] = {
        ...action,
        onSelect: () => {
          const selected = editor.getSelectedShapeIds();
          const ids = all || selected.length === 0 ? [...editor.getCurrentPageShapeIds()] : selected;
          if (ids.length > 0) request({ ids, format });
        },
      };
    }
    return actions;
  },
});

function useLicenseKey(): string | undefined {
  const [key, setKey] = useState<string>();
  useEffect(() => {
    getConfig()
      .then((config) => setKey(config.tldrawLicenseKey))
      .catch(() => setKey(''));
  }, []);
  return key;
}

/** The tldraw canvas, its records kept in the board's Y.Doc. */
export default function BoardCanvas({
  connection,
  boardId,
  token,
  user,
  readOnly,
  role,
  moderator = false,
  onEditor,
  selectionPanel,
  mayExport = false,
  onShowTable,
}: BoardCanvasProps) {
  const { t, i18n } = useTranslation();
  const licenseKey = useLicenseKey();
  const { doc, provider, synced } = connection;
  const online = connection.state === 'connected';

  const status = useMemo(() => atom<'online' | 'offline'>('connection status', 'offline'), []);
  const mode = useMemo(() => atom<'readonly' | 'readwrite'>('mode', readOnly ? 'readonly' : 'readwrite'), [readOnly]);
  const store = useMemo(
    () =>
      createTLStore({
        shapeUtils: [...defaultShapeUtils, ...customShapeUtils],
        bindingUtils: defaultBindingUtils,
        assets: createBoardAssetStore(boardId, token),
        collaboration: { status, mode },
      }),
    [boardId, token, status, mode],
  );
  useEffect(() => {
    status.set(online ? 'online' : 'offline');
  }, [status, online]);

  // bind once the server's state has arrived, so the first client never overwrites a board
  const [bound, setBound] = useState(false);
  useEffect(() => {
    if (!synced) return;
    const unbindDoc = bindStoreToDoc(store, doc, { readOnly });
    const unbindPresence = bindPresence(store, provider.awareness, user, { publish: !readOnly });
    setBound(true);
    return () => {
      unbindDoc();
      unbindPresence();
    };
  }, [synced, store, doc, provider, readOnly, user.id, user.name, user.color]); // eslint-disable-line react-hooks/exhaustive-deps

  const [editor, setEditor] = useState<Editor>();
  const [imageRequest, setImageRequest] = useState<ImageExportRequest>();
  const exportOverrides = useMemo(() => imageExportThroughDialog(setImageRequest), []);
  const caseContext = useMemo(() => ({ doc, readOnly, awareness: provider.awareness }), [doc, readOnly, provider]);
  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(undefined);
  }, [editor, onEditor]);
  useEffect(() => {
    // editing clients keep template frames laid out from the records; all compute the same shapes
    if (!editor || !bound || readOnly) return;
    const stopLayout = keepTemplatesLaidOut(editor, doc, provider.awareness, moderator ? undefined : shapeHeldByLock(doc));
    const stopPinning = pinMovedCards(editor);
    const stopHolding = moderator ? () => {} : holdLockedShapes(editor, doc);
    return () => {
      stopLayout();
      stopPinning();
      stopHolding();
    };
  }, [editor, bound, readOnly, moderator, doc, provider]);

  const tldrawUser = useMemo(() => {
    const preferences = atom<TLUserPreferences>('user preferences', {
      id: user.id,
      name: user.name,
      color: user.color,
      locale: i18n.language,
    });
    return { userPreferences: preferences, setUserPreferences: (next: TLUserPreferences) => preferences.set(next) };
  }, [user.id, user.name, user.color, i18n.language]);

  if (!bound || licenseKey === undefined) {
    return (
      <div className="canvas-area" aria-busy="true">
        <p>{t('board.loadingCanvas')}</p>
      </div>
    );
  }
  return (
    <div className="canvas-area" role="region" aria-label={t('board.canvasLabel')}>
      <CaseContext.Provider value={caseContext}>
        <Tldraw
          store={store}
          user={tldrawUser}
          shapeUtils={customShapeUtils}
          components={canvasComponents}
          assetUrls={assetUrls}
          licenseKey={licenseKey || undefined}
          overrides={mayExport ? exportOverrides : withoutImageExport}
          onMount={(mounted) => {
            registerCaseDoc(mounted, doc);
            mounted.updateInstanceState({ isReadonly: readOnly });
            setEditor(mounted);
          }}
        />
        {editor && selectionPanel ? selectionPanel(editor) : null}
        {editor ? <CardLens editor={editor} doc={doc} /> : null}
      </CaseContext.Provider>
      {editor ? <StickyLaneLabels editor={editor} /> : null}
      {editor ? <EmptyBoardGuide doc={doc} editor={editor} readOnly={readOnly} onShowTable={onShowTable} /> : null}
      {editor && imageRequest && mayExport ? (
        <ImageExportDialog editor={editor} boardId={boardId} token={token} request={imageRequest} onClose={() => setImageRequest(undefined)} />
      ) : null}
      {editor ? <FrameActions editor={editor} doc={doc} role={role} /> : null}
      {editor ? <TemplateMenu doc={doc} editor={editor} readOnly={readOnly} moderator={moderator} userName={user.name} /> : null}
    </div>
  );
}
