import { agendaArray, sessionState, type Phase } from '@qe/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { EditableCell } from '../records/EditableCell';

function useAgenda(doc: Y.Doc) {
  const session = sessionState(doc);
  const read = () => ({ phases: agendaArray(doc).toArray(), current: session.currentPhase(), presentation: session.presentation() });
  const [view, setView] = useState(read);
  useEffect(() => {
    const refresh = () => setView(read());
    refresh();
    agendaArray(doc).observe(refresh);
    session.map.observe(refresh);
    return () => {
      agendaArray(doc).unobserve(refresh);
      session.map.unobserve(refresh);
    };
  }, [doc]); // eslint-disable-line react-hooks/exhaustive-deps
  return { ...view, session };
}

/**
 * The Ablauf: phases everyone sees, the current one marked. Moderators start a phase and show
 * its frame to everyone from one short row each; renaming, removing and adding phases is a
 * separate mode, so the rows stay one line in a narrow panel.
 */
export function AgendaPanel({ doc, canRun }: { doc: Y.Doc; canRun: boolean }) {
  const { t } = useTranslation();
  const { phases, current, session } = useAgenda(doc);
  const [editing, setEditing] = useState(false);

  const rename = (index: number, phase: Phase, title: string) => {
    if (!title.trim()) return t('agenda.titleMissing');
    doc.transact(() => {
      agendaArray(doc).delete(index, 1);
      agendaArray(doc).insert(index, [{ ...phase, title: title.trim() }]);
    });
    return undefined;
  };
  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const title = String(new FormData(form).get('title') ?? '').trim();
    if (!title) return;
    agendaArray(doc).push([{ id: `phase-${Date.now().toString(36)}`, title }]);
    form.reset();
  };

  return (
    <section className="agenda" aria-labelledby="agenda-heading">
      <div className="section-head">
        <h2 id="agenda-heading">{t('agenda.title')}</h2>
        {canRun ? (
          <button type="button" className="small" aria-pressed={editing} onClick={() => setEditing(!editing)}>
            {t('agenda.edit')}
          </button>
        ) : null}
      </div>
      <ol>
        {phases.map((phase, index) => {
          const isCurrent = phase.id === current;
          return (
            <li key={phase.id} className={isCurrent ? 'agenda-current' : undefined} aria-current={isCurrent ? 'step' : undefined}>
              {canRun && editing ? (
                <>
                  <EditableCell
                    label={t('agenda.phaseTitle', { number: index + 1 })}
                    value={phase.title}
                    readOnly={false}
                    onCommit={(title) => rename(index, phase, title)}
                  />
                  <button
                    type="button"
                    className="danger small"
                    onClick={() => agendaArray(doc).delete(index, 1)}
                    aria-label={t('agenda.remove', { title: phase.title })}
                  >
                    ×
                  </button>
                </>
              ) : (
                <>
                  <span className="agenda-title" title={phase.title}>
                    {phase.title}
                  </span>
                  {canRun && !isCurrent ? (
                    <button
                      type="button"
                      className="small"
                      onClick={() => session.setCurrentPhase(phase.id)}
                      aria-label={t('agenda.makeCurrent', { title: phase.title })}
                    >
                      {t('agenda.start')}
                    </button>
                  ) : null}
                  {canRun && isCurrent ? <span className="agenda-now">{t('agenda.now')}</span> : null}
                  {canRun && phase.frame ? (
                    <button
                      type="button"
                      className="small"
                      onClick={() => session.requestFocus(phase.frame!)}
                      aria-label={t('agenda.bringAll', { title: phase.title })}
                    >
                      {t('agenda.bring')}
                    </button>
                  ) : null}
                </>
              )}
            </li>
          );
        })}
      </ol>
      {canRun && editing ? (
        <form className="inline-form" onSubmit={add}>
          <label className="card-field">
            <span>{t('agenda.newPhase')}</span>
            <input name="title" />
          </label>
          <button type="submit">{t('registers.add')}</button>
        </form>
      ) : null}
    </section>
  );
}

/** Presentation mode: everyone's view follows the moderator until they step out. */
export function PresentationToggle({ doc, self }: { doc: Y.Doc; self: string }) {
  const { t } = useTranslation();
  const { presentation, session } = useAgenda(doc);
  const presenting = Boolean(presentation?.active);
  return (
    <button type="button" onClick={() => session.setPresentation({ presenter: self, active: !presenting })}>
      {presenting ? t('agenda.stopPresenting') : t('agenda.present')}
    </button>
  );
}

/** The current phase for the board header, shown to everyone. */
export function CurrentPhase({ doc }: { doc: Y.Doc }) {
  const { t } = useTranslation();
  const { phases, current } = useAgenda(doc);
  const title = phases.find((phase) => phase.id === current)?.title;
  return (
    <p className="current-phase" role="status" title={title ? t('agenda.currentPhase', { title }) : undefined}>
      {title ? t('agenda.currentPhase', { title }) : ''}
    </p>
  );
}
