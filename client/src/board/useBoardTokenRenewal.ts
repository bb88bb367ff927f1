import { useState } from 'react';
import { useTokenRenewal } from '../tokenRenewal';
import { keepBoardTokenIfKept } from './boardAccess';

/**
 * Keeps the board token fresh: a reload of the tab finds it, and API calls (sync tickets
 * included, so every reconnect) look up the newest one (see latestToken); nothing is remounted.
 * A refusal (link revoked, participant removed) is reported by the connection when it closes.
 */
export function useBoardTokenRenewal(boardId: string, initialToken: string): void {
  const [token, setToken] = useState(initialToken);
  useTokenRenewal(
    token,
    (renewed) => {
      keepBoardTokenIfKept(boardId, renewed);
      setToken(renewed);
    },
    () => {},
  );
}
