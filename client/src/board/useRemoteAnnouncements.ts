import { agendaArray, sessionState } from '@qe/shared';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { useAnnounce } from '../components/LiveAnnouncer';
import type { BoardConnection } from './useBoardConnection';

/** who was already here when this client (re)connected is listed in the panel, not announced */
const ARRIVAL_GRACE_MS = 1500;

interface ParticipantState {
  participant?: { id: string; name: string };
}

/**
 * Reads out to screen-reader users what others change that matters during a session: someone
 * joined, the moderator started another phase. (The timer announces its own end.)
 */
export function useRemoteAnnouncements(connection: BoardConnection | undefined, selfId: string): void {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const doc = connection?.doc;
  const provider = connection?.provider;

  useEffect(() => {
    if (!doc || !provider) return;
    const awareness = provider.awareness;
    const present = new Map<number, string>(); // awareness client → participant id
    let listening = false;
    let grace: ReturnType<typeof setTimeout> | undefined;
    const onSync = (synced: boolean) => {
      clearTimeout(grace);
      listening = false;
      if (synced) grace = setTimeout(() => (listening = true), ARRIVAL_GRACE_MS);
    };
    const onAwareness = () => {
      const states = awareness.getStates() as Map<number, ParticipantState>;
      for (const clientId of present.keys()) if (!states.has(clientId)) present.delete(clientId);
      const known = new Set(present.values());
      for (const [clientId, { participant }] of states) {
        if (!participant?.name || present.has(clientId)) continue;
        present.set(clientId, participant.id);
        const newcomer = !known.has(participant.id) && participant.id !== selfId && clientId !== awareness.clientID;
        if (listening && newcomer) announce(t('announce.joined', { name: participant.name }));
      }
    };
    onSync(provider.synced);
    onAwareness();
    provider.on('sync', onSync);
    awareness.on('change', onAwareness);

    const session = sessionState(doc);
    const onSession = (event: Y.YMapEvent<unknown>) => {
      if (event.transaction.local || !provider.synced || !event.keysChanged.has('currentPhase')) return;
      const title = agendaArray(doc)
        .toArray()
        .find((phase) => phase.id === session.currentPhase())?.title;
      if (title) announce(t('announce.phase', { title }));
    };
    session.map.observe(onSession);
    return () => {
      clearTimeout(grace);
      provider.off('sync', onSync);
      awareness.off('change', onAwareness);
      session.map.unobserve(onSession);
    };
  }, [doc, provider, selfId, announce, t]);
}
