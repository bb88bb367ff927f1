import Papa from 'papaparse';
import type { AuditEvent } from '../storage/types.js';

/**
 * A cell starting with one of these is a formula to Excel and LibreOffice (`=HYPERLINK(…)`,
 * `=cmd|…`). OWASP: prefix it with a single quote. Papa's own `escapeFormulae: true` misses values
 * with a line break after the first character, hence our pattern.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The audit log as CSV for Excel: `;`-separated, with a BOM so that umlauts come out right. */
export function auditCsv(events: AuditEvent[]): string {
  const rows = events.map((e) => ({
    Zeitpunkt: e.at,
    Akteur: e.actor,
    Name: e.actorName,
    Aktion: e.action,
    Board: e.boardId ?? '',
    Details: JSON.stringify(e.detail),
  }));
  return '\ufeff' + Papa.unparse(rows, { delimiter: ';', escapeFormulae: FORMULA_START });
}
