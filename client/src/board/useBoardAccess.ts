import type { BoardDetail } from '@qe/shared';
import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { getBoard } from '../api';
import { useSession } from '../session';
import { obtainBoardAccess, type BoardAccess } from './boardAccess';

/**
 * The board token (from the link, the tab, or the login) and the board it opens; without any,
 * the way to the login and back here.
 */
export function useBoardAccess(id: string): { access?: BoardAccess; board?: BoardDetail; error?: unknown } {
  const { session } = useSession();
  const [, navigate] = useLocation();
  const [state, setState] = useState<{ access?: BoardAccess; board?: BoardDetail; error?: unknown }>({});
  // the session's token is renewed every few minutes; that must not fetch a new board token
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const loggedIn = session !== undefined;

  useEffect(() => {
    let cancelled = false;
    obtainBoardAccess(id, sessionRef.current)
      .then(async (found) => {
        if (cancelled) return;
        if (!found) {
          navigate(`/login?next=${encodeURIComponent(`/boards/${id}`)}`);
          return;
        }
        const board = await getBoard(found.token, id);
        if (!cancelled) setState({ access: found, board });
      })
      .catch((error) => !cancelled && setState({ error }));
    return () => {
      cancelled = true;
    };
  }, [id, loggedIn, navigate]);
  return state;
}
