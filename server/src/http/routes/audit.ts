import { auditQuery, type AuditList } from '@qe/shared';
import { Router } from 'express';
import { auditCsv } from '../../audit/auditCsv.js';
import type { Audit } from '../../audit/auditLog.js';
import type { Storage } from '../../storage/types.js';
import { claimsOf, type RouteTable } from '../access.js';
import { parseQuery } from '../errors.js';

/** The audit log for admins: JSON for the UI, CSV (Excel-friendly, `;`, BOM) for the files. */
export function auditRoutes({ storage, routes, audit }: { storage: Storage; routes: RouteTable; audit: Audit }): Router {
  const router = Router();
  routes.add(router, 'get', '/audit', 'admin', async (req, res) => {
    const { boardId, limit, format } = parseQuery(auditQuery, req.query);
    const events = await storage.audit.list({ boardId, limit });
    res.set('Cache-Control', 'no-store');
    if (format === 'json') {
      res.json({ events } satisfies AuditList);
      return;
    }
    await audit(claimsOf(res), 'audit_exported', boardId ?? null, { events: events.length });
    res.set('Content-Disposition', 'attachment; filename="audit-log.csv"').type('text/csv; charset=utf-8').send(auditCsv(events));
  });
  return router;
}
