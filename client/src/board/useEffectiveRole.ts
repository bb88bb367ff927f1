import { SYNC_CLOSE, type Role } from '@qe/shared';
import { useEffect, useState } from 'react';
import { getEffectiveAccess } from '../api';
import type { BoardAccess } from './boardAccess';
import type { BoardConnection } from './useBoardConnection';

/**
 * The role a moderator gave this participant; asked again whenever the server says it changed
 * (the connection then closes with "role changed" and reconnects).
 */
export function useEffectiveRole(boardId: string, access: BoardAccess, connection: BoardConnection | undefined): Role {
  const [role, setRole] = useState<Role>(access.claims.role);
  const provider = connection?.provider;
  useEffect(() => {
    const refresh = () =>
      getEffectiveAccess(access.token, boardId)
        .then((answer) => setRole(answer.role))
        .catch(() => {});
    refresh();
    const onClose = (event: CloseEvent | null) => {
      if (event?.code === SYNC_CLOSE.roleChanged) refresh();
    };
    provider?.on('connection-close', onClose);
    return () => provider?.off('connection-close', onClose);
  }, [boardId, access.token, provider]);
  return role;
}
