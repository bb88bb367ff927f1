import { isLiveTextField, RecordValidationError, updateRecord, type RecordKind } from '@qe/shared';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { LiveTextField } from './LiveTextField';

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

/**
 * A labelled text field of a record. Free text is live (see LiveTextField: everyone sees the
 * typing, concurrent typing merges); a list (one entry per line) is saved when leaving it.
 */
export function CardField(props: CardFieldProps) {
  const { doc, kind, id, field, label, rows, lines = false, readOnly } = props;
  if (!lines && isLiveTextField(kind, field))
    return <LiveTextField doc={doc} kind={kind} id={id} field={field} label={label} rows={rows} readOnly={readOnly} />;
  return <ListField {...props} />;
}

function ListField({ doc, kind, id, field, label, value, rows = 3, lines = false, readOnly = false }: CardFieldProps) {
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
