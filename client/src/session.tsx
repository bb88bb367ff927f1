import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Session } from '@qe/shared';
import { loadSession, saveSession } from './api';
import { useTokenRenewal } from './tokenRenewal';

interface SessionContextValue {
  session: Session | undefined;
  setSession: (session: Session | undefined) => void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setState] = useState(loadSession);
  const setSession = useCallback((next: Session | undefined) => {
    saveSession(next);
    setState(next);
  }, []);
  useTokenRenewal(
    session?.token,
    (token) => session && setSession({ ...session, token }),
    () => setSession(undefined),
  );
  const value = useMemo(() => ({ session, setSession }), [session, setSession]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
