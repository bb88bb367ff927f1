import { useState } from 'react';
import { useSession } from '../session';

const tokenKey = (procedureId: string) => `qe.procedure-token.${procedureId}`;

const tokenInLink = () => new URLSearchParams(window.location.hash.slice(1)).get('token');

/** Whether this tab may open the procedure without an account: a member's link, now or earlier in the tab. */
export function hasProcedureLink(procedureId: string): boolean {
  return tokenInLink() !== null || sessionStorage.getItem(tokenKey(procedureId)) !== null;
}

/**
 * A member's access link (…/procedures/<id>#token=…, the fragment never sent to a server) is kept
 * for this tab, as a board's invite link is, and taken out of the address bar.
 */
function takeLinkToken(procedureId: string): string | undefined {
  const fromLink = tokenInLink();
  if (fromLink) {
    sessionStorage.setItem(tokenKey(procedureId), fromLink);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return fromLink ?? sessionStorage.getItem(tokenKey(procedureId)) ?? undefined;
}

/** The token the procedure page works with: the account's, else a member's link. */
export function useProcedureToken(procedureId: string): { token: string | undefined; fromLink: boolean } {
  const { session } = useSession();
  const [linkToken] = useState(() => takeLinkToken(procedureId));
  return session ? { token: session.token, fromLink: false } : { token: linkToken, fromLink: linkToken !== undefined };
}
