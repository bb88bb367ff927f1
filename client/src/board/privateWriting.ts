import { canEditBoard, mayCreateRecord, SESSION_STATE, type Role } from '@qe/shared';
import { privateKindNow } from '@qe/templates';
import { useEffect } from 'react';
import type * as Y from 'yjs';
import { useMapValue } from './useMapValue';

/**
 * While a private phase runs, a new card of its kind is written in the private phase's field (the
 * facilitator panel), never into the board's doc: every "add" for that kind leads there instead
 * (shared rules/boardRules mayCreateRecord, which the server applies to every write).
 */
const PRIVATE_WRITING_EVENT = 'qe:private-writing';

/** The record kind a running private phase writes privately (it lives in the session state), else undefined. */
export function usePrivateKind(doc: Y.Doc): string | undefined {
  return useMapValue(doc, SESSION_STATE, privateKindNow);
}

/** Whether this person, who may edit, writes a new record of `kind` privately now instead of adding it to the board. */
export function writesPrivately(role: Role, kind: string, privateKind: string | undefined): boolean {
  return canEditBoard(role) && !mayCreateRecord(role, kind, { privateKind });
}

/** Leads to the private phase's writing field: the board page opens the panel, the panel focuses the field. */
export function goToPrivateWriting(): void {
  window.dispatchEvent(new Event(PRIVATE_WRITING_EVENT));
}

/** Calls `handler` whenever an "add" leads to private writing. */
export function usePrivateWritingRequests(handler: () => void): void {
  useEffect(() => {
    window.addEventListener(PRIVATE_WRITING_EVENT, handler);
    return () => window.removeEventListener(PRIVATE_WRITING_EVENT, handler);
  }, [handler]);
}
