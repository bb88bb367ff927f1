import { z } from 'zod';
import type { Role } from '../roles.js';

export const MIN_PASSWORD_LENGTH = 10;

/** POST /api/setup: the first account, which becomes the admin. */
export const setupBody = z.object({
  email: z.email(),
  name: z.string().trim().min(1).max(100),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(200),
});
export type SetupBody = z.input<typeof setupBody>;

/** POST /api/login */
export const loginBody = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(200) });
export type LoginBody = z.input<typeof loginBody>;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
}

/** Answer of POST /api/setup and POST /api/login: an account token. */
export interface Session {
  token: string;
  /** seconds */
  expiresIn: number;
  user: SessionUser;
}

/** GET /api/setup */
export interface SetupStatus {
  needed: boolean;
}

/** GET /api/me */
export interface Me {
  id: string;
  name: string;
  role: Role;
  board: string | null;
}

/** POST /api/session/renew */
export interface RenewedToken {
  token: string;
  expiresIn: number;
}

/** GET /api/time: the clients' reference clock for the shared timer */
export interface ServerTime {
  now: number;
}

/** GET /api/config */
export interface ClientConfig {
  tldrawLicenseKey: string;
  retentionDays: number;
}

/** GET /api/health (503 with status "degraded" when a service does not answer) */
export interface Health {
  ok: boolean;
  status: 'ok' | 'degraded';
  storage: { kind: string; ok: boolean; error?: string };
  redis?: { ok: boolean };
}
