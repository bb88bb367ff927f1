import { z } from 'zod';
import type { AuditEvent } from '../audit.js';

/** GET /api/audit?boardId=…&limit=…&format=json|csv */
export const auditQuery = z.object({
  boardId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number<number>().int().min(1).max(100_000).default(1000),
  format: z.enum(['json', 'csv']).default('json'),
});
export type AuditQuery = z.input<typeof auditQuery>;

/** GET /api/audit (format json) */
export interface AuditList {
  events: AuditEvent[];
}
