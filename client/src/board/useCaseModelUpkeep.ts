import { agendaArray, canModerate, ensureAgenda, migrateCaseModel, removeDuplicatePhases, type Role } from '@qe/shared';
import { useEffect } from 'react';
import type { BoardConnection } from './useBoardConnection';

/**
 * Brings the board's record model up to date and seeds the agenda, once the server's state is
 * here (seeding into a still empty copy would add the phases a second time).
 */
export function useCaseModelUpkeep(connection: BoardConnection | undefined, role: Role, readOnly: boolean): void {
  const synced = connection?.synced ?? false;
  useEffect(() => {
    if (synced && !readOnly && connection) migrateCaseModel(connection.doc);
    if (synced && canModerate(role) && connection) ensureAgenda(connection.doc);
  }, [synced, readOnly, role, connection]);

  // two moderators seeding at the same moment double the phases; whoever sees that repairs it
  useEffect(() => {
    if (!synced || !connection || !canModerate(role)) return;
    const doc = connection.doc;
    const repair = () => removeDuplicatePhases(doc);
    agendaArray(doc).observe(repair);
    return () => agendaArray(doc).unobserve(repair);
  }, [synced, role, connection]);
}
