import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';

export interface Participant {
  clientId: number;
  id: string;
  name: string;
  color: string;
  role?: string;
  inRoom?: boolean;
  activeAt?: number;
  me: boolean;
}

interface ParticipantState {
  participant?: Omit<Participant, 'clientId' | 'me'>;
}

export interface Self {
  id: string;
  name: string;
  color: string;
  role: string;
}

const ROOM_KEY = 'qe.in-room';
export const IDLE_AFTER_MS = 5 * 60_000;

/**
 * Who is here. Each client publishes its own entry through awareness (field `participant`; the
 * server replaces id, name and role with what the token proved; tiptap carets use `user`).
 * Published while the board is open, whether or not anyone looks at the list.
 */
export function useParticipants(provider: WebsocketProvider | undefined, self: Self) {
  const [inRoom, setInRoomState] = useState(() => localStorage.getItem(ROOM_KEY) === '1');
  const [states, setStates] = useState<[number, ParticipantState][]>([]);

  useEffect(() => {
    if (!provider) return;
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
    return () => {
      window.removeEventListener('pointerdown', onActivity);
      window.removeEventListener('keydown', onActivity);
      awareness.off('change', refresh);
    };
  }, [provider, self.id, self.name, self.color, self.role, inRoom]); // eslint-disable-line react-hooks/exhaustive-deps

  const people: Participant[] = states
    .filter(([, state]) => state.participant?.name)
    .map(([clientId, state]) => ({ ...state.participant!, clientId, me: clientId === provider?.awareness.clientID }))
    .sort((a, b) => Number(b.me) - Number(a.me) || a.name.localeCompare(b.name, 'de'));

  const setInRoom = (value: boolean) => {
    localStorage.setItem(ROOM_KEY, value ? '1' : '0');
    setInRoomState(value);
  };
  return { people, inRoom, setInRoom };
}
