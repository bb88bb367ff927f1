import { agendaArray, sessionState, type Phase } from '@qe/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { EditableCell } from '../records/EditableCell';

/** The Ablauf: phases everyone sees, the current one marked; moderators run and edit it. */
export function AgendaPanel({ doc, canRun, self }: { doc: Y.Doc; canRun: boolean; self: string }) {
  const { t } = useTranslation();
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
  const presenting = view.presentation?.active;

  return (
    <section className="agenda" aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">{t('agenda.title')}</h2>
      <ol>
        {view.phases.map((phase, index) => {
          const current = phase.id === view.current;
          return (
            <li key={phase.id} className={current ? 'agenda-current' : undefined} aria-current={current ? 'step' : undefined}>
              {canRun ? (
                <EditableCell
                  label={t('agenda.phaseTitle', { number: index + 1 })}
                  value={phase.title}
                  readOnly={false}
                  onCommit={(title) => rename(index, phase, title)}
                />
              ) : (
                <span>{phase.title}</span>
              )}
              {canRun && !current ? (
                <button type="button" onClick={() => session.setCurrentPhase(phase.id)} aria-label={t('agenda.makeCurrent', { title: phase.title })}>
                  {t('agenda.start')}
                </button>
              ) : null}
              {canRun && phase.frame ? (
                <button type="button" onClick={() => session.requestFocus(phase.frame!)} aria-label={t('agenda.bringAll', { title: phase.title })}>
                  {t('agenda.bring')}
                </button>
              ) : null}
              {canRun ? (
                <button
                  type="button"
                  className="danger"
                  onClick={() => agendaArray(doc).delete(index, 1)}
                  aria-label={t('agenda.remove', { title: phase.title })}
                >
                  ×
                </button>
              ) : null}
            </li>
          );
        })}
      </ol>
      {canRun ? (
        <>
          <form className="inline-form" onSubmit={add}>
            <label className="card-field">
              <span>{t('agenda.newPhase')}</span>
              <input name="title" />
            </label>
            <button type="submit">{t('registers.add')}</button>
          </form>
          <button type="button" onClick={() => session.setPresentation({ presenter: self, active: !presenting })}>
            {presenting ? t('agenda.stopPresenting') : t('agenda.present')}
          </button>
        </>
      ) : null}
    </section>
  );
}

/** The current phase for the board header, shown to everyone. */
export function CurrentPhase({ doc }: { doc: Y.Doc }) {
  const { t } = useTranslation();
  const session = sessionState(doc);
  const read = () =>
    agendaArray(doc)
      .toArray()
      .find((phase) => phase.id === session.currentPhase())?.title;
  const [title, setTitle] = useState(read);
  useEffect(() => {
    const refresh = () => setTitle(read());
    agendaArray(doc).observe(refresh);
    session.map.observe(refresh);
    return () => {
      agendaArray(doc).unobserve(refresh);
      session.map.unobserve(refresh);
    };
  }, [doc]); // eslint-disable-line react-hooks/exhaustive-deps
  return title ? (
    <p className="current-phase" role="status">
      {t('agenda.currentPhase', { title })}
    </p>
  ) : null;
}
