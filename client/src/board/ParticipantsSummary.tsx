import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ParticipantsDialog, type ParticipantActions } from './ParticipantsDialog';
import type { Participant } from './useParticipants';

/** how many faces the top bar shows before "+N": fewer on narrow screens, so the bar stays one line */
function useFacesShown(): number {
  const query = () => (window.matchMedia('(min-width: 1400px)').matches ? 5 : window.matchMedia('(min-width: 1150px)').matches ? 3 : 0);
  const [shown, setShown] = useState(query);
  useEffect(() => {
    const onResize = () => setShown(query());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return shown;
}

function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((word) => /^\p{L}/u.test(word));
  return ((words[0]?.[0] ?? name[0] ?? '') + (words.length > 1 ? (words.at(-1)?.[0] ?? '') : '')).toUpperCase();
}

interface ParticipantsSummaryProps extends ParticipantActions {
  people: Participant[];
  inRoom: boolean;
  setInRoom: (value: boolean) => void;
}

/** A few faces and "+N" in the top bar; the button opens the list of everyone. */
export function ParticipantsSummary({ people, ...rest }: ParticipantsSummaryProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const shown = people.slice(0, useFacesShown());
  const more = people.length - shown.length;
  return (
    <div className="participants-summary">
      <ul className="avatars" aria-hidden="true">
        {shown.map((person) => (
          <li key={person.clientId} className="avatar" style={{ background: person.color }} title={person.name}>
            {initials(person.name)}
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="more"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
        aria-label={t('participants.open', { count: people.length, more: more > 0 ? `+${more}` : '' }).trim()}
      >
        {shown.length === 0 ? String(people.length) : more > 0 ? `+${more}` : t('participants.list')}
      </button>
      {open ? <ParticipantsDialog people={people} {...rest} onClose={() => setOpen(false)} /> : null}
    </div>
  );
}
