import express, { Router } from 'express';
import {
  importChronology,
  importIndicators,
  importPersons,
  importQuery,
  migrateCaseModel,
  type ImportAnswer,
  type ImportKind,
  type ImportReport,
} from '@qe/shared';
import { actorOf } from '../../auth/rights.js';
import type { Storage } from '../../storage/types.js';
import type { DocumentRegistry } from '../../sync/DocumentRegistry.js';
import { claimsOf, type RouteTable } from '../access.js';
import { existingBoard } from '../boardLookup.js';
import { HttpError, parseQuery } from '../errors.js';

const IMPORTERS = { chronology: importChronology, persons: importPersons, indicators: importIndicators } as const satisfies Record<ImportKind, unknown>;
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/**
 * Scripted imports: `POST /api/boards/:id/import/chronology|persons|indicators` with the CSV file as the
 * body. `?dryRun=1` validates only; with errors nothing is imported unless `?skipInvalid=1`.
 * Answers `{imported, errors: [{line, message}]}`, 422 when errors prevented the import.
 */
export function importRoutes({ storage, registry, routes }: { storage: Storage; registry: DocumentRegistry; routes: RouteTable }): Router {
  const router = Router();
  routes.add(router, 'post', '/boards/:id/import/:kind', 'board:edit', express.raw({ type: () => true, limit: MAX_IMPORT_BYTES }), async (req, res) => {
    const { id, kind } = req.params as { id: string; kind: string };
    const importer = Object.hasOwn(IMPORTERS, kind) ? IMPORTERS[kind as keyof typeof IMPORTERS] : undefined;
    if (!importer) throw new HttpError(404, 'not_found', `No importer "${kind}"; use chronology, persons or indicators`);
    await existingBoard(storage, id);
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HttpError(400, 'empty_import', 'The request body must be the CSV file');
    const options = parseQuery(importQuery, req.query);
    const bytes = new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.byteLength);
    const report: ImportReport = await registry.writeBoard(id, actorOf(claimsOf(res)), (doc) => {
      if (!options.dryRun) migrateCaseModel(doc);
      return importer(doc, bytes, options);
    });
    const refused = report.errors.length > 0 && !options.skipInvalid;
    res.status(refused ? 422 : 200).json({ ...report, dryRun: options.dryRun } satisfies ImportAnswer);
  });
  return router;
}
