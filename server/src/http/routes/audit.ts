import { Router } from 'express';
import { z } from 'zod';
import { auditCsv } from '../../audit/auditCsv.js';
import type { Audit } from '../../audit/auditLog.js';
import type { Storage } from '../../storage/types.js';
import { claimsOf, type RouteTable } from '../access.js';
import { HttpError } from '../errors.js';

const querySchema = z.object({
  boardId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).default(1000),
  format: z.enum(['json', 'csv']).default('json'),
});

/** The audit log for admins: JSON for the UI, CSV (Excel-friendly, `;`, BOM) for the files. */
export function auditRoutes({ storage, routes, audit }: { storage: Storage; routes: RouteTable; audit: Audit }): Router {
  const router = Router();
  routes.add(router, 'get', '/audit', 'admin', async (req, res) => {
    const parsed = querySchema.safeParse(req.query);
    if (!parsed.success) throw new HttpError(400, 'invalid_request', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const { boardId, limit, format } = parsed.data;
    const events = await storage.audit.list({ boardId, limit });
    res.set('Cache-Control', 'no-store');
    if (format === 'json') {
      res.json({ events });
      return;
    }
    await audit(claimsOf(res), 'audit_exported', boardId ?? null, { events: events.length });
    res.set('Content-Disposition', 'attachment; filename="audit-log.csv"').type('text/csv; charset=utf-8').send(auditCsv(events));
  });
  return router;
}
