import {
  appliedTemplateIds,
  appliedTemplatesMap,
  applyTemplate,
  createRecord,
  FRAME_KINDS,
  isFrameLocked,
  kindLockKey,
  locksMap,
  mayEditRecord,
  setLock,
  type RecordKind,
} from '@qe/shared';
import { STRUCTURE_TEMPLATE, TEMPLATES } from '@qe/templates';
import { useEffect, useRef, useState } from 'react';
import type { SwotField } from '@qe/shared';
import { useTranslation } from 'react-i18next';
import type { Editor, TLShapeId } from 'tldraw';
import type * as Y from 'yjs';
import { goToPrivateWriting, usePrivateKind, writesPrivately } from './privateWriting';
import { templateFrameId, unpinTemplateCards } from './templateSync';

/** Shows a template's frame: zooms to it once its shapes exist. */
export function showFrame(editor: Editor, templateId: string) {
  showShape(editor, templateFrameId(templateId));
}

/** Brings a shape into view once it is there (a frame the layout is about to write, say). */
export function showShape(editor: Editor, frame: TLShapeId) {
  const deadline = Date.now() + 3000;
  const attempt = () => {
    const bounds = editor.getShapePageBounds(frame);
    // zoomed to without selecting it: a selected frame would open the selection panel over it
    if (bounds) editor.zoomToBounds(bounds, { inset: 32, animation: { duration: 300 } });
    else if (Date.now() < deadline) setTimeout(attempt, 50);
  };
  attempt();
}

/** Workshop templates: apply one, or jump to one already on the board; moderators lock frames. */
export function TemplateMenu({
  doc,
  editor,
  readOnly,
  moderator = false,
  userName = '',
}: {
  doc: Y.Doc;
  editor: Editor;
  readOnly: boolean;
  moderator?: boolean;
  userName?: string;
}) {
  const { t } = useTranslation();
  const [applied, setApplied] = useState(() => appliedTemplateIds(doc));
  const [status, setStatus] = useState('');
  const menu = useRef<HTMLDetailsElement>(null);
  const go = (templateId: string) => {
    if (menu.current) menu.current.open = false;
    showFrame(editor, templateId);
  };
  // the shared rule (mayEditRecord): editors add unless the kind is locked, moderators always
  const role = moderator ? 'moderator' : readOnly ? 'observer' : 'editor';
  const mayAdd = (kind: RecordKind) => mayEditRecord(role, locksMap(doc).has(kindLockKey(kind)));
  // while a private phase runs for a kind, a participant's new card of it is written privately (mayCreateRecord)
  const privateKind = usePrivateKind(doc);
  const privately = (kind: RecordKind) => writesPrivately(role, kind, privateKind);
  const [, setLockVersion] = useState(0);
  // the open menu covers part of the canvas: it closes when working elsewhere, or with Esc
  useEffect(() => {
    const close = (event: Event) => {
      const details = menu.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !details.contains(event.target as Node)) details.open = false;
    };
    window.addEventListener('pointerdown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('pointerdown', close);
      window.removeEventListener('keydown', close);
    };
  }, []);
  useEffect(() => {
    const map = appliedTemplatesMap(doc);
    const refresh = () => setApplied(appliedTemplateIds(doc));
    const bump = () => setLockVersion((v) => v + 1);
    map.observe(refresh);
    locksMap(doc).observe(bump);
    return () => {
      map.unobserve(refresh);
      locksMap(doc).unobserve(bump);
    };
  }, [doc]);

  return (
    <>
      <p className="visually-hidden" role="status">
        {status}
      </p>
      <details className="template-menu" ref={menu}>
        <summary>{t('templates.title')}</summary>
        <ul>
          {/* the structure board's house is shown once applied (a procedure's structure board starts with it) */}
          {[...TEMPLATES, ...(applied.includes(STRUCTURE_TEMPLATE.id) ? [STRUCTURE_TEMPLATE] : [])].map((template) => {
            const isApplied = applied.includes(template.id);
            return (
              <li key={template.id}>
                <strong>{template.name}</strong>
                <p>{template.description}</p>
                {isApplied ? (
                  <button type="button" onClick={() => go(template.id)}>
                    {t('templates.show', { name: template.name })}
                  </button>
                ) : readOnly ? null : (
                  <button
                    type="button"
                    onClick={() => {
                      applyTemplate(doc, template);
                      setStatus(t('templates.applied', { name: template.name }));
                      go(template.id);
                    }}
                  >
                    {t('templates.apply', { name: template.name })}
                  </button>
                )}
                {isApplied && moderator
                  ? (() => {
                      const kinds = FRAME_KINDS[template.layout.kind];
                      const locked = isFrameLocked(locksMap(doc), kinds);
                      return (
                        <button type="button" onClick={() => doc.transact(() => kinds.forEach((kind) => setLock(doc, kindLockKey(kind), !locked, userName)))}>
                          {locked ? t('locks.unlockFrame') : t('locks.lockFrame')}
                        </button>
                      );
                    })()
                  : null}
                {isApplied && !readOnly ? (
                  <button
                    type="button"
                    onClick={() => {
                      const count = unpinTemplateCards(editor, doc, template.id);
                      setStatus(t('templates.relaidOut', { name: template.name, count }));
                    }}
                  >
                    {t('templates.relayout', { name: template.name })}
                  </button>
                ) : null}
                {isApplied && template.layout.kind === 'fourField' && mayAdd('swotItems') && privately('swotItems') ? (
                  <button
                    type="button"
                    onClick={() => {
                      if (menu.current) menu.current.open = false;
                      goToPrivateWriting();
                    }}
                  >
                    {t('swot.addPrivately')}
                  </button>
                ) : isApplied && template.layout.kind === 'fourField' && mayAdd('swotItems') ? (
                  <AddSwotCard
                    fields={template.layout.fields}
                    onAdd={(field) => {
                      createRecord(doc, 'swotItems', { field, text: t('swot.newCard') });
                      setStatus(t('swot.added', { field }));
                      go(template.id);
                    }}
                  />
                ) : null}
                {isApplied && template.layout.kind === 'articles' && mayAdd('microArticles') ? (
                  <button
                    type="button"
                    onClick={() => {
                      createRecord(doc, 'microArticles', { title: t('microArticle.newTitle') });
                      setStatus(t('microArticle.added'));
                      go(template.id);
                    }}
                  >
                    {t('microArticle.add')}
                  </button>
                ) : null}
                {isApplied && template.layout.kind === 'success' && mayAdd('keySituations') ? (
                  <button
                    type="button"
                    onClick={() => {
                      createRecord(doc, 'keySituations', { title: t('success.newStory'), success: true });
                      setStatus(t('success.storyAdded'));
                      go(template.id);
                    }}
                  >
                    {t('success.addStory')}
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      </details>
    </>
  );
}

/** A new card in one of the four fields of a SWOT frame. */
function AddSwotCard({ fields, onAdd }: { fields: readonly { field: SwotField; title: string }[]; onAdd: (field: SwotField) => void }) {
  const { t } = useTranslation();
  const [field, setField] = useState<SwotField>(fields[0]!.field);
  return (
    <span className="inline-form">
      <label>
        {t('swot.field')}{' '}
        <select value={field} onChange={(e) => setField(e.target.value as SwotField)}>
          {fields.map((spec) => (
            <option key={spec.field} value={spec.field}>
              {spec.title}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => onAdd(field)}>
        {t('swot.add')}
      </button>
    </span>
  );
}
