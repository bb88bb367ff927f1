import { z } from 'zod';
import type { Role } from '../roles.js';
import type { ProcedureBoardKind } from './procedures.js';

/** POST /api/boards and PATCH /api/boards/:id */
export const boardNameBody = z.object({ name: z.string().trim().min(1).max(200) });
export type BoardNameBody = z.input<typeof boardNameBody>;

/** PATCH /api/boards/:id/retention: `finished` marks the procedure finished (or running again); `deleteAfter` sets another date. */
export const retentionBody = z
  .object({ finished: z.boolean().optional(), deleteAfter: z.iso.datetime({ offset: true }).or(z.iso.date()).nullable().optional() })
  .refine((body) => body.finished !== undefined || body.deleteAfter !== undefined, 'give finished or deleteAfter');
export type RetentionBody = z.input<typeof retentionBody>;

export interface Board {
  id: string;
  name: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** when the procedure was marked finished; null while it runs */
  finishedAt: string | null;
  /** when the board will be deleted completely (retention); null: not scheduled yet */
  deleteAfter: string | null;
}

/** GET /api/boards/:id: the board and, when it belongs to a procedure, which one and as what */
export interface BoardDetail extends Board {
  procedure: { id: string; kind: ProcedureBoardKind; label: string } | null;
}

/** GET /api/boards */
export interface BoardList {
  boards: Board[];
}

/** POST /api/boards/:id/token: a board token with the account's role */
export interface BoardToken {
  token: string;
  role: Role;
}

/** POST /api/boards/:id/sync-ticket: single use, valid for `expiresIn` seconds */
export interface SyncTicket {
  ticket: string;
  expiresIn: number;
}

/** POST /api/boards/:id/assets (the image file is the body) */
export interface AssetUploaded {
  id: string;
  src: string;
}
