import type { ParticipantRole } from '@qe/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebsocketProvider } from 'y-websocket';

interface ParticipantState {
  participant?: { id: string; name: string; color: string; role?: string; inRoom?: boolean; activeAt?: number };
}

const IDLE_AFTER_MS = 5 * 60_000;
const ROOM_KEY = 'qe.in-room';

/**
 * Who is here: name, role, in the room or remote, idle. Each client publishes its own entry
 * through awareness (field `participant`; tiptap carets use `user`); the list is everyone connected.
 */
interface ParticipantsPanelProps {
  provider: WebsocketProvider;
  self: { id: string; name: string; color: string; role: string };
  /** moderators: change someone's role or remove them (takes effect live) */
  onChangeRole?: (sub: string, role: ParticipantRole) => Promise<void>;
  /** follow someone's viewport on the canvas */
  onFollow?: (sub: string) => void;
}

const ASSIGNABLE = ['moderator', 'editor', 'analyst', 'observer'] as const satisfies readonly ParticipantRole[];

export function ParticipantsPanel({ provider, self, onChangeRole, onFollow }: ParticipantsPanelProps) {
  const { t } = useTranslation();
  const [inRoom, setInRoom] = useState(() => localStorage.getItem(ROOM_KEY) === '1');
  const [states, setStates] = useState<[number, ParticipantState][]>([]);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const awareness = provider.awareness;
    let activeAt = Date.now();
    const publish = () => awareness.setLocalStateField('participant', { ...self, inRoom, activeAt });
    publish();
    // activity counts at most every 30 s, so awareness traffic stays small
    const onActivity = () => {
      if (Date.now() - activeAt < 30_000) return;
      activeAt = Date.now();
      publish();
    };
    window.addEventListener('pointerdown', onActivity);
    window.addEventListener('keydown', onActivity);
    const refresh = () => setStates([...(awareness.getStates() as Map<number, ParticipantState>)]);
    refresh();
    awareness.on('change', refresh);
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      window.removeEventListener('pointerdown', onActivity);
      window.removeEventListener('keydown', onActivity);
      awareness.off('change', refresh);
      clearInterval(tick);
    };
  }, [provider, self.id, self.name, self.color, self.role, inRoom]); // eslint-disable-line react-hooks/exhaustive-deps

  const people = states
    .filter(([, state]) => state.participant?.name)
    .map(([clientId, state]) => ({ clientId, ...state.participant!, me: clientId === provider.awareness.clientID }))
    .sort((a, b) => Number(b.me) - Number(a.me) || a.name.localeCompare(b.name, 'de'));

  return (
    <section className="participants" aria-labelledby="participants-heading">
      <h2 id="participants-heading">{t('participants.title', { count: people.length })}</h2>
      <label className="check">
        <input
          type="checkbox"
          checked={inRoom}
          onChange={(event) => {
            localStorage.setItem(ROOM_KEY, event.target.checked ? '1' : '0');
            setInRoom(event.target.checked);
          }}
        />
        {t('participants.iAmInRoom')}
      </label>
      <ul>
        {people.map((person) => {
          const idle = person.activeAt !== undefined && now - person.activeAt > IDLE_AFTER_MS;
          return (
            <li key={person.clientId} data-participant={person.name}>
              <span className="dot" style={{ background: person.color }} aria-hidden="true" />
              <span className="participant-name">
                {person.name}
                {person.me ? ` (${t('participants.me')})` : ''}
              </span>
              <span className="meta">
                {person.role ? t(`roles.${person.role}`) : ''} · {t(person.inRoom ? 'participants.inRoom' : 'participants.remote')}
                {idle ? ` · ${t('participants.idle')}` : ''}
              </span>
              {onFollow && !person.me ? (
                <button type="button" className="follow" onClick={() => onFollow(person.id)} aria-label={t('participants.followLabel', { name: person.name })}>
                  {t('participants.follow')}
                </button>
              ) : null}
              {onChangeRole && !person.me && person.role !== 'admin' ? (
                <span className="participant-actions">
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
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
