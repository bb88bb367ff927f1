import { changeRefusal, type Actor } from '@qe/shared';
import { boardRuleContext } from '@qe/templates';
import type * as Y from 'yjs';
import type { DecodedUpdate } from './messages.js';
import { readUpdate } from './updateChanges.js';

/** A server-side write that would change content its author may not change (e.g. locked records). */
export class RefusedWriteError extends Error {
  constructor(readonly roots: string[]) {
    super(`locked content cannot be changed: ${roots.join(', ')}`);
  }
}

/**
 * The guard every write to a board passes, whether it comes over sync or from a server-side
 * write (import, migration): the roots in which `update` makes a change that `actor` may not
 * make (see shared rules/boardRules). Throws IncompleteUpdateError for an update that depends on
 * changes the document does not have. `decoded`: the update as already read (messages.ts).
 */
export function refusedRoots(doc: Y.Doc, update: Uint8Array, actor: Actor, decoded?: DecodedUpdate): string[] {
  const context = boardRuleContext(doc);
  const roots = new Set<string>();
  for (const change of readUpdate(doc, update, decoded)) {
    if (changeRefusal(actor, change, context) !== undefined) roots.add(change.root);
  }
  return [...roots];
}
