import { z } from 'zod';
import type { ImportReport } from '../records/csvImport.js';
import { queryFlag } from './query.js';

export const IMPORT_KINDS = ['chronology', 'persons', 'indicators'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** POST /api/boards/:id/import/:kind?dryRun=1&skipInvalid=1 (the CSV file is the body) */
export const importQuery = z.object({ dryRun: queryFlag, skipInvalid: queryFlag });
export type ImportQuery = z.input<typeof importQuery>;

/** Answer of an import: 200, or 422 when errors prevented it */
export type ImportAnswer = ImportReport & { dryRun: boolean };
