import { appliedTemplateIds, appliedTemplatesMap, applyTemplate, createRecord } from '@qe/shared';
import { TEMPLATES } from '@qe/templates';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Editor } from 'tldraw';
import type * as Y from 'yjs';
import { templateFrameId } from './templateSync';

/** Shows a template's frame: selects it and zooms to it once its shapes exist. */
function showFrame(editor: Editor, templateId: string) {
  const frame = templateFrameId(templateId);
  const deadline = Date.now() + 3000;
  const attempt = () => {
    if (editor.getShape(frame)) {
      editor.select(frame);
      editor.zoomToSelection({ animation: { duration: 300 } });
    } else if (Date.now() < deadline) setTimeout(attempt, 50);
  };
  attempt();
}

/** Workshop templates: apply one, or jump to one already on the board. */
export function TemplateMenu({ doc, editor, readOnly }: { doc: Y.Doc; editor: Editor; readOnly: boolean }) {
  const { t } = useTranslation();
  const [applied, setApplied] = useState(() => appliedTemplateIds(doc));
  const [status, setStatus] = useState('');
  const menu = useRef<HTMLDetailsElement>(null);
  const go = (templateId: string) => {
    if (menu.current) menu.current.open = false;
    showFrame(editor, templateId);
  };
  useEffect(() => {
    const map = appliedTemplatesMap(doc);
    const refresh = () => setApplied(appliedTemplateIds(doc));
    map.observe(refresh);
    return () => map.unobserve(refresh);
  }, [doc]);

  const addRecommendation = () => {
    const rec = createRecord(doc, 'recommendations', { title: t('templates.newRecommendation') });
    setStatus(t('templates.recommendationAdded'));
    go('empfehlungen');
    return rec;
  };

  return (
    <>
    <p className="visually-hidden" role="status">
      {status}
    </p>
    <details className="template-menu" ref={menu}>
      <summary>{t('templates.title')}</summary>
      <ul>
        {TEMPLATES.map((template) => {
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
              {isApplied && template.layout.kind === 'recommendations' && !readOnly ? (
                <button type="button" onClick={addRecommendation}>
                  {t('templates.addRecommendation')}
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
