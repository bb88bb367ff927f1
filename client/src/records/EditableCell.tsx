import { useEffect, useState, type KeyboardEvent } from 'react';

interface EditableCellProps {
  label: string;
  value: string;
  /** shown while the cell is not being edited (a date in its normalised form); editing shows `value` as typed */
  display?: string;
  multiline?: boolean;
  readOnly: boolean;
  /** returns an error message to keep the cell open, or undefined when saved */
  onCommit: (value: string) => string | undefined;
}

/**
 * A table cell edited in place: Enter (Ctrl+Enter in long texts) or leaving the cell saves,
 * Escape restores the saved value. Errors stay visible at the cell.
 */
export function EditableCell({ label, value, display, multiline = false, readOnly, onCommit }: EditableCellProps) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string>();
  const [focused, setFocused] = useState(false);
  useEffect(() => setDraft(value), [value]);

  if (readOnly) return <span className="cell-text">{display ?? value}</span>;

  const commit = () => {
    if (draft === value) return setError(undefined);
    setError(onCommit(draft));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      setDraft(value);
      setError(undefined);
    } else if (event.key === 'Enter' && (!multiline || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      commit();
    }
  };
  const common = {
    'aria-label': label,
    'aria-invalid': error ? true : undefined,
    value: focused || display === undefined || error ? draft : display,
    onChange: (event: { target: { value: string } }) => setDraft(event.target.value),
    onFocus: () => setFocused(true),
    onBlur: () => {
      setFocused(false);
      commit();
    },
    onKeyDown,
  };
  return (
    <>
      {multiline ? <textarea rows={2} {...common} /> : <input {...common} />}
      {error ? (
        <span className="cell-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
