import { createContext, useContext } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

/** The board's doc, the user's rights and presence, for record cards and the inspector. */
export interface CaseContextValue {
  doc: Y.Doc;
  readOnly: boolean;
  /** where this client says which field it is typing in, and sees who else types where */
  awareness?: Awareness;
}

export const CaseContext = createContext<CaseContextValue | undefined>(undefined);

export function useCaseContext(): CaseContextValue {
  const value = useContext(CaseContext);
  if (!value) throw new Error('record cards need a CaseContext');
  return value;
}

/** The context if there is one (fields also work outside the canvas, without presence). */
export function useOptionalCaseContext(): CaseContextValue | undefined {
  return useContext(CaseContext);
}
