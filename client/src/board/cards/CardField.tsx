import { RecordValidationError, updateRecord, type RecordKind } from '@qe/shared';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

interface CardFieldProps {
  doc: Y.Doc;
  kind: RecordKind;
  id: string;
  field: string;
  label: string;
  value: string;
  rows?: number;
  /** stored as a list, one entry per line */
  lines?: boolean;
  readOnly?: boolean;
}

/** A labelled text field inside a card being edited; saves to the record when leaving it. */
export function CardField({ doc, kind, id, field, label, value, rows = 3, lines = false, readOnly = false }: CardFieldProps) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string>();
  useEffect(() => setDraft(value), [value]);
  const save = () => {
    if (draft === value || readOnly) return;
    try {
      const next = lines
        ? draft
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean)
        : draft;
      updateRecord(doc, kind, id, { [field]: next } as never);
      setError(undefined);
    } catch (caught) {
      setError(caught instanceof RecordValidationError ? caught.problems.join('; ') : String(caught));
    }
  };
  return (
    <label className="card-field">
      <span>{label}</span>
      <textarea
        rows={rows}
        value={draft}
        readOnly={readOnly}
        aria-invalid={error ? true : undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={save}
        onPointerDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Escape') setDraft(value);
        }}
      />
      {error ? <span className="cell-error">{error}</span> : null}
    </label>
  );
}
