import { z } from 'zod';
import type { Role } from '../roles.js';

export const PARTICIPANT_ROLES = ['moderator', 'editor', 'analyst', 'observer', 'removed'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** PUT /api/boards/:id/participants/:sub */
export const participantRoleBody = z.object({ role: z.enum(PARTICIPANT_ROLES) });
export type ParticipantRoleBody = z.input<typeof participantRoleBody>;

/** Answer of PUT /api/boards/:id/participants/:sub */
export interface ParticipantRoleChanged {
  sub: string;
  role: ParticipantRole;
  /** live connections closed */
  disconnected: number;
}

/** GET /api/boards/:id/access: the caller's effective role on the board */
export interface EffectiveAccess {
  sub: string;
  name: string;
  role: Role;
}
