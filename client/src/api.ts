/** Thin client for the server's JSON API. Errors carry the server's stable code for translation. */
import { latestToken } from './tokenRenewal';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
}

export interface Session {
  token: string;
  user: SessionUser;
}

export interface Board {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** when the board will be deleted completely (retention) */
  deleteAfter: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const SESSION_KEY = 'qe.session';

export function loadSession(): Session | undefined {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Session;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_KEY);
}

export async function api<T>(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${latestToken(options.token)}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Server not reachable');
  }
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined;
  if (!response.ok) {
    throw new ApiError(response.status, data?.error?.code ?? 'internal', data?.error?.message ?? response.statusText);
  }
  return data as T;
}
