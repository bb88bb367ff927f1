import { liveText, RecordValidationError, recordsMap, updateLiveText, type RecordKind } from '@qe/shared';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { useOptionalCaseContext } from './caseContext';

interface LiveTextFieldProps {
  doc: Y.Doc;
  kind: RecordKind;
  id: string;
  field: string;
  label: string;
  rows?: number;
  readOnly?: boolean;
}

type Delta = { insert?: unknown; retain?: number; delete?: number }[];

/** Where a caret at `position` is after a remote change: text inserted before it pushes it on. */
export function moveThrough(delta: Delta, position: number): number {
  let index = 0;
  let moved = position;
  for (const op of delta) {
    if (op.retain !== undefined) index += op.retain;
    else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (index <= moved) moved += length;
      index += length;
    } else if (op.delete !== undefined) {
      if (index < moved) moved -= Math.min(op.delete, moved - index);
    }
  }
  return moved;
}

const editingKey = (kind: string, id: string, field: string) => `records.${kind}/${id}/${field}`;

/** Names of the others typing in this field now (from presence; names as the server stamped them). */
function useOthersEditing(awareness: Awareness | undefined, key: string): string[] {
  const read = () =>
    awareness
      ? [...awareness.getStates()]
          .filter(([client, state]) => client !== awareness.clientID && (state as { editing?: unknown }).editing === key)
          .map(([, state]) => (state as { participant?: { name?: string } }).participant?.name ?? '?')
      : [];
  const [names, setNames] = useState(read);
  useEffect(() => {
    if (!awareness) return;
    const refresh = () => setNames((current) => (sameNames(current, read()) ? current : read()));
    awareness.on('change', refresh);
    return () => awareness.off('change', refresh);
  }, [awareness, key]); // eslint-disable-line react-hooks/exhaustive-deps
  return names;
}
const sameNames = (a: string[], b: string[]) => a.length === b.length && a.every((name, index) => name === b[index]);

/**
 * A record's text field that several people type into at once: every keystroke goes into the
 * field's Y.Text (by the smallest edit), others' typing comes in while one types, the caret
 * stays where it was in the text. A keystroke that would make the record invalid (a required
 * field emptied) is held back and the problem shown, until the text is valid again.
 */
export function LiveTextField({ doc, kind, id, field, label, rows = 3, readOnly = false }: LiveTextFieldProps) {
  const { t } = useTranslation();
  const awareness = useOptionalCaseContext()?.awareness;
  const element = useRef<HTMLTextAreaElement>(null);
  const [error, setError] = useState<string>();
  const key = editingKey(kind, id, field);
  const others = useOthersEditing(awareness, key);
  // shown before the binding below runs, so the field never flashes empty
  const [initial] = useState(() => liveText(doc, kind, id, field)?.toString() ?? String(recordsMap(doc, kind).get(id)?.get(field) ?? ''));

  useEffect(() => {
    const map = recordsMap(doc, kind).get(id);
    const textarea = element.current;
    if (!map || !textarea) return;
    let text: Y.Text | undefined;
    const show = (delta?: Delta) => {
      const value = text ? text.toString() : String(map.get(field) ?? '');
      if (textarea.value === value) return;
      const focused = document.activeElement === textarea;
      const [start, end] = [textarea.selectionStart, textarea.selectionEnd];
      textarea.value = value;
      if (focused && delta) textarea.setSelectionRange(moveThrough(delta, start), moveThrough(delta, end));
      setError(undefined);
    };
    const onText = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (!transaction.local) show(event.delta as Delta);
    };
    const bind = () => {
      text?.unobserve(onText);
      text = liveText(doc, kind, id, field);
      text?.observe(onText);
      show();
    };
    // the field becomes a Y.Text when someone first edits it (or is replaced): bind to the new one
    const onRecord = (event: Y.YMapEvent<unknown>) => {
      if (event.keysChanged.has(field)) bind();
    };
    map.observe(onRecord);
    bind();
    return () => {
      map.unobserve(onRecord);
      text?.unobserve(onText);
    };
  }, [doc, kind, id, field]);

  const setEditing = (editing: boolean) => {
    if (!awareness) return;
    const current = (awareness.getLocalState() as { editing?: string } | null)?.editing;
    if (editing) awareness.setLocalStateField('editing', key);
    else if (current === key) awareness.setLocalStateField('editing', null);
  };
  useEffect(() => () => setEditing(false), [key]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <label className="card-field live-field">
      <span>
        {label}
        {others.length > 0 ? (
          <span className="editing-others" role="status">
            {' '}
            {t('cards.othersTyping', { names: others.join(', '), count: others.length })}
          </span>
        ) : null}
      </span>
      <textarea
        ref={element}
        defaultValue={initial}
        rows={rows}
        readOnly={readOnly}
        data-live-field={field}
        aria-invalid={error ? true : undefined}
        onFocus={() => !readOnly && setEditing(true)}
        onBlur={() => setEditing(false)}
        onInput={(event) => {
          if (readOnly) return;
          try {
            updateLiveText(doc, kind, id, field, event.currentTarget.value);
            setError(undefined);
          } catch (caught) {
            setError(caught instanceof RecordValidationError ? caught.problems.join('; ') : String(caught));
          }
        }}
        onPointerDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Escape') event.currentTarget.blur();
        }}
      />
      {error ? <span className="cell-error">{error}</span> : null}
    </label>
  );
}
