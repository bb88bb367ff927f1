import { z } from 'zod';

export const INVITE_ROLES = ['editor', 'observer', 'analyst'] as const;
export type InviteRole = (typeof INVITE_ROLES)[number];

/** POST /api/boards/:id/invites */
export const inviteBody = z.object({
  role: z.enum(INVITE_ROLES),
  label: z.string().trim().max(100).default(''),
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(24),
  maxUses: z.number().int().min(1).max(1000).nullable().default(null),
});
export type InviteBody = z.input<typeof inviteBody>;

/** POST /api/invites/:inviteId/join */
export const joinBody = z.object({ name: z.string().trim().min(1, 'Name fehlt').max(60) });
export type JoinBody = z.input<typeof joinBody>;

/** An invite link as moderators see it. */
export interface Invite {
  /** the link's secret: whoever knows it can join */
  id: string;
  /** how the audit log names the link (says nothing about `id`) */
  publicId: string;
  boardId: string;
  role: InviteRole;
  label: string;
  expiresAt: string;
  /** null: any number of uses */
  maxUses: number | null;
  uses: number;
  revokedAt: string | null;
  createdBy: string;
  createdAt: string;
  /** the page that joins with this link, `/join/<id>` */
  path: string;
}

/** GET /api/boards/:id/invites */
export interface InviteList {
  invites: Invite[];
}

/** DELETE /api/boards/:id/invites/:inviteId */
export interface InviteRevoked {
  revoked: string;
  /** live connections closed */
  disconnected: number;
}

/** GET /api/invites/:inviteId: what a guest sees before joining */
export interface InviteInfo {
  boardName: string;
  role: InviteRole;
  label: string;
  expiresAt: string;
}

/** POST /api/invites/:inviteId/join */
export interface Joined {
  token: string;
  boardId: string;
}
