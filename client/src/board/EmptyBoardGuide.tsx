import { appliedTemplateIds, appliedTemplatesMap, applyTemplate } from '@qe/shared';
import { templateById } from '@qe/templates';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useValue, type Editor } from 'tldraw';
import type * as Y from 'yjs';
import { showFrame } from './TemplateMenu';

/** Whether the board has no template frame yet. */
function useNoTemplates(doc: Y.Doc): boolean {
  const [none, setNone] = useState(() => appliedTemplateIds(doc).length === 0);
  useEffect(() => {
    const map = appliedTemplatesMap(doc);
    const refresh = () => setNone(appliedTemplateIds(doc).length === 0);
    refresh();
    map.observe(refresh);
    return () => map.unobserve(refresh);
  }, [doc]);
  return none;
}

/**
 * On an empty board: the three steps of a Fallwerkstatt, each with the way to do it. Goes away
 * once the first frame is on the board or anything is drawn, while a drawing tool is picked, or
 * when closed.
 */
export function EmptyBoardGuide({ doc, editor, readOnly, onShowTable }: { doc: Y.Doc; editor: Editor; readOnly: boolean; onShowTable?: () => void }) {
  const { t } = useTranslation();
  const noTemplates = useNoTemplates(doc);
  const empty = useValue('empty canvas', () => editor.getCurrentPageShapeIds().size === 0, [editor]);
  // out of the way as soon as someone picks a tool to draw with, or closes it
  const selecting = useValue('select tool', () => editor.getCurrentToolId() === 'select', [editor]);
  const [closed, setClosed] = useState(false);
  if (!noTemplates || !empty || !selecting || closed) return null;
  const create = () => {
    applyTemplate(doc, templateById('fallchronologie')!);
    showFrame(editor, 'fallchronologie');
  };
  return (
    <section className="empty-guide" aria-labelledby="empty-guide-heading">
      <div className="section-head">
        <h2 id="empty-guide-heading">{t('guide.title')}</h2>
        <button type="button" className="small" onClick={() => setClosed(true)}>
          {t('guide.close')}
        </button>
      </div>
      <ol>
        <li>
          <strong>{t('guide.step1')}</strong> {t('guide.step1Text')}{' '}
          {onShowTable ? (
            <button type="button" className="small" onClick={onShowTable}>
              {t('guide.toTable')}
            </button>
          ) : null}
        </li>
        <li>
          <strong>{t('guide.step2')}</strong> {t('guide.step2Text')}{' '}
          {readOnly ? null : (
            <button type="button" className="small" onClick={create}>
              {t('guide.createChronology')}
            </button>
          )}
        </li>
        <li>
          <strong>{t('guide.step3')}</strong> {t('guide.step3Text')}
        </li>
      </ol>
    </section>
  );
}
