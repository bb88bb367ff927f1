import type { AuditEvent } from '@qe/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { auditCsvPath, listAuditEvents } from '../api';
import { downloadFromApi } from '../download';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { useSession } from '../session';

/** The audit log for admins: who did what to which board, never content; filter and CSV download. */
export function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const token = session?.token ?? '';
  const [boardId, setBoardId] = useState('');
  const [events, setEvents] = useState<AuditEvent[]>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    setEvents(undefined);
    setError(undefined);
    listAuditEvents(token, { boardId: boardId || undefined })
      .then((answer) => setEvents(answer.events))
      .catch(setError);
  }, [token, boardId]);

  function filter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBoardId(String(new FormData(event.currentTarget).get('boardId') ?? '').trim());
  }

  const dateFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' });
  // the server records plain keys and values; they are shown in words, not as "draft: false"
  const value = (key: string, raw: unknown): string => {
    if (typeof raw === 'boolean') return t(raw ? 'audit.yes' : 'audit.no');
    if (raw === null) return key === 'maxUses' ? t('audit.unlimited') : '–';
    if (key === 'role') return t(`roles.${String(raw)}`, { defaultValue: String(raw) });
    if (key === 'format') return String(raw).toUpperCase();
    if (key === 'purpose') return t(`imageExport.${String(raw)}`, { defaultValue: String(raw) });
    if (typeof raw === 'string' && /^\d{4}-\d\d-\d\dT/.test(raw)) return dateFormat.format(new Date(raw));
    return String(raw);
  };
  const details = (detail: AuditEvent['detail']) =>
    Object.entries(detail)
      .map(([key, raw]) => `${t(`audit.detail.${key}`, { defaultValue: key })}: ${value(key, raw)}`)
      .join(', ');

  return (
    <main className="page">
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <form className="inline-form" onSubmit={filter} aria-label={t('audit.filterLabel')}>
        <Field label={t('audit.boardId')} name="boardId" defaultValue={boardId} maxLength={64} />
        <button type="submit">{t('audit.filter')}</button>
        <button type="button" onClick={() => void downloadFromApi(auditCsvPath({ boardId: boardId || undefined }), token, 'audit-log.csv').catch(setError)}>
          {t('audit.download')}
        </button>
      </form>
      <ErrorMessage error={error} />
      {events === undefined && !error ? <p aria-busy="true">{t('common.loading')}</p> : null}
      {events?.length === 0 ? <p className="empty">{t('audit.empty')}</p> : null}
      {events && events.length > 0 ? (
        <table className="audit-table">
          <caption className="visually-hidden">{t('audit.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.board')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>{dateFormat.format(new Date(event.at))}</td>
                <td>{event.actorName}</td>
                <td>{t(`audit.actions.${event.action}`, { defaultValue: event.action })}</td>
                <td>{event.boardId ?? '–'}</td>
                <td>{details(event.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </main>
  );
}
