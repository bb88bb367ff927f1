import { createContext, useContext } from 'react';
import type * as Y from 'yjs';

/** The board's doc and the user's rights, for record cards rendered inside the canvas. */
export interface CaseContextValue {
  doc: Y.Doc;
  readOnly: boolean;
}

export const CaseContext = createContext<CaseContextValue | undefined>(undefined);

export function useCaseContext(): CaseContextValue {
  const value = useContext(CaseContext);
  if (!value) throw new Error('record cards need a CaseContext');
  return value;
}
