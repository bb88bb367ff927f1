import type { TokenClaims } from '@qe/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** What the server knows about an awareness client id when a connection sends a state for it. */
export interface AwarenessOwnership {
  /** the id was announced by this connection before */
  ownedBySender(client: number): boolean;
  /** some other connection (or instance) has a live state under this id */
  heldByOthers(client: number): boolean;
}

/**
 * Makes presence trustworthy: a connection may only speak for its own awareness client ids, and
 * whatever it says about who it is — the participant list's id, name and role, the caret's and the
 * cursor's name — is replaced by what its token proved. Without this, anyone could appear as the
 * moderator, or overwrite another person's presence with a higher clock. Entries for ids held by
 * others are dropped (the stock client echoes everyone's states back; those echoes change nothing).
 * Answers the rewritten update, or null when nothing of it remains.
 */
export function stampAwarenessUpdate(update: Uint8Array, identity: Pick<TokenClaims, 'sub' | 'name' | 'role'>, ownership: AwarenessOwnership): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const entries: { client: number; clock: number; state: string }[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (!ownership.ownedBySender(client) && ownership.heldByOthers(client)) continue;
    entries.push({ client, clock, state: stamp(json, identity) });
  }
  if (entries.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { client, clock, state } of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function stamp(json: string, { sub, name, role }: Pick<TokenClaims, 'sub' | 'name' | 'role'>): string {
  const state: unknown = JSON.parse(json);
  if (!isObject(state)) return json;
  // the participants panel (QE-Werkstatt), the text carets (tiptap) and the canvas cursors (tldraw)
  if (isObject(state.participant)) Object.assign(state.participant, { id: sub, name, role });
  if (isObject(state.user)) state.user.name = name;
  if (isObject(state.presence)) state.presence.userName = name;
  return JSON.stringify(state);
}
