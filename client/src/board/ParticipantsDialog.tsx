import type { ParticipantRole } from '@qe/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalDialog } from '../components/useModalDialog';
import { IDLE_AFTER_MS, type Participant } from './useParticipants';

const ASSIGNABLE = ['moderator', 'editor', 'analyst', 'observer'] as const satisfies readonly ParticipantRole[];
/** the order of the role groups: who runs the workshop first, who only watches last */
const ROLE_ORDER = ['admin', 'moderator', 'editor', 'analyst', 'observer'];

export interface ParticipantActions {
  /** moderators: change someone's role or remove them (takes effect live) */
  onChangeRole?: (sub: string, role: ParticipantRole) => Promise<void>;
  /** follow someone's viewport on the canvas */
  onFollow?: (sub: string) => void;
}

interface ParticipantsDialogProps extends ParticipantActions {
  people: Participant[];
  inRoom: boolean;
  setInRoom: (value: boolean) => void;
  onClose: () => void;
}

/** Everyone connected, searchable, grouped by where they are (im Raum / zugeschaltet) and by role. */
export function ParticipantsDialog({ people, inRoom, setInRoom, onClose, onChangeRole, onFollow }: ParticipantsDialogProps) {
  const { t } = useTranslation();
  const dialog = useModalDialog();
  const [query, setQuery] = useState('');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(tick);
  }, []);

  const needle = query.trim().toLocaleLowerCase('de');
  const found = needle ? people.filter((person) => person.name.toLocaleLowerCase('de').includes(needle)) : people;
  const places = [
    { key: 'inRoom', people: found.filter((person) => person.inRoom) },
    { key: 'remote', people: found.filter((person) => !person.inRoom) },
  ] as const;

  return (
    <dialog ref={dialog} className="participants-dialog" aria-labelledby="participants-heading" onCancel={onClose}>
      <div className="dialog-head">
        <h2 id="participants-heading">{t('participants.title', { count: people.length })}</h2>
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <div className="participants-tools">
        <label className="card-field">
          <span>{t('participants.search')}</span>
          <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={inRoom} onChange={(event) => setInRoom(event.target.checked)} />
          {t('participants.iAmInRoom')}
        </label>
      </div>
      <p className="visually-hidden" role="status">
        {needle ? t('participants.found', { count: found.length }) : ''}
      </p>
      <div className="participants">
        {places.map((place) =>
          place.people.length === 0 ? null : (
            <section key={place.key} aria-labelledby={`participants-${place.key}`}>
              <h3 id={`participants-${place.key}`}>{t(`participants.group.${place.key}`, { count: place.people.length })}</h3>
              {ROLE_ORDER.map((role) => {
                const inRole = place.people.filter((person) => (person.role ?? 'observer') === role);
                if (inRole.length === 0) return null;
                return (
                  <div key={role} className="participant-group">
                    <h4>
                      {t(`roles.${role === 'admin' ? 'moderator' : role}`)} ({inRole.length})
                    </h4>
                    <ul>
                      {inRole.map((person) => (
                        <ParticipantRow key={person.clientId} person={person} now={now} onChangeRole={onChangeRole} onFollow={onFollow} />
                      ))}
                    </ul>
                  </div>
                );
              })}
            </section>
          ),
        )}
        {found.length === 0 ? <p className="empty">{t('participants.noneFound')}</p> : null}
      </div>
    </dialog>
  );
}

function ParticipantRow({ person, now, onChangeRole, onFollow }: { person: Participant; now: number } & ParticipantActions) {
  const { t } = useTranslation();
  const idle = person.activeAt !== undefined && now - person.activeAt > IDLE_AFTER_MS;
  return (
    <li data-participant={person.name}>
      <span className="dot" style={{ background: person.color }} aria-hidden="true" />
      <span className="participant-name">
        {person.name}
        {person.me ? ` (${t('participants.me')})` : ''}
      </span>
      <span className="meta">
        {person.role ? t(`roles.${person.role}`) : ''} · {t(person.inRoom ? 'participants.inRoom' : 'participants.remote')}
        {idle ? ` · ${t('participants.idle')}` : ''}
      </span>
      <span className="participant-actions">
        {onFollow && !person.me ? (
          <button type="button" className="follow" onClick={() => onFollow(person.id)} aria-label={t('participants.followLabel', { name: person.name })}>
            {t('participants.follow')}
          </button>
        ) : null}
        {onChangeRole && !person.me && person.role !== 'admin' ? (
          <>
            <select
              aria-label={t('participants.roleOf', { name: person.name })}
              value={person.role ?? ''}
              onChange={(event) => void onChangeRole(person.id, event.target.value as ParticipantRole)}
            >
              {ASSIGNABLE.map((role) => (
                <option key={role} value={role}>
                  {t(`roles.${role}`)}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="danger"
              onClick={() => window.confirm(t('participants.confirmRemove', { name: person.name })) && void onChangeRole(person.id, 'removed')}
            >
              {t('participants.remove')}
            </button>
          </>
        ) : null}
      </span>
    </li>
  );
}
