import { RecordValidationError, updateRecord, type RecordKind } from '@qe/shared';
import type { FormEvent } from 'react';
import type * as Y from 'yjs';

/** A record validation error as one readable line; anything else as its message. */
export const problemOf = (error: unknown) => (error instanceof RecordValidationError ? error.problems.join('; ') : String(error));

/**
 * Submit handler for the registers' "add" forms: creates from the form's fields, clears the form on
 * success and reports a validation problem otherwise.
 */
export function addFrom(create: (field: (name: string) => string) => void, setError: (error: string | undefined) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    try {
      create((name) => String(data.get(name) ?? ''));
      form.reset();
      setError(undefined);
    } catch (caught) {
      setError(problemOf(caught));
    }
  };
}

/** Changes fields of a record; answers the validation problem, if any, for the cell to show. */
export function saveRecord(doc: Y.Doc, kind: RecordKind, id: string, patch: Record<string, unknown>): string | undefined {
  try {
    updateRecord(doc, kind, id, patch as never);
    return undefined;
  } catch (error) {
    return problemOf(error);
  }
}
