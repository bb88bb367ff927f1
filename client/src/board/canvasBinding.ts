import { DOC_LAYOUT } from '@qe/shared';
import {
  atom,
  createPresenceStateDerivation,
  createUserId,
  InstancePresenceRecordType,
  react,
  UserRecordType,
  type SerializedSchema,
  type TLInstancePresence,
  type TLRecord,
  type TLStore,
} from 'tldraw';
import { YKeyValue } from 'y-utility/y-keyvalue';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

type RecordChange =
  { action: 'add'; newValue: TLRecord } | { action: 'update'; newValue: TLRecord; oldValue: TLRecord } | { action: 'delete'; oldValue: TLRecord };

/**
 * Mirrors the tldraw store's document records into the board's Y.Doc and back.
 * Records live in a YKeyValue over a Y.Array: a Y.Map would keep every old value of a shape
 * that is moved often, a key-value list keeps only the latest.
 * Call after the first sync with the server, so an existing board is never overwritten.
 */
export function bindStoreToDoc(store: TLStore, doc: Y.Doc, { readOnly }: { readOnly: boolean }): () => void {
  const records = new YKeyValue<TLRecord>(doc.getArray(DOC_LAYOUT.canvasRecords));
  const meta = doc.getMap<SerializedSchema>(DOC_LAYOUT.canvasMeta);
  const ourSchema = store.schema.serialize();

  if (records.yarray.length > 0) {
    const theirSchema = meta.get('schema') ?? ourSchema;
    const snapshot = Object.fromEntries(records.yarray.toArray().map(({ key, val }) => [key, val]));
    const migrated = store.schema.migrateStoreSnapshot({ schema: theirSchema, store: snapshot });
    if (migrated.type === 'error') throw new Error(`canvas data cannot be migrated: ${migrated.reason}`);
    store.mergeRemoteChanges(() => {
      store.clear();
      store.put(Object.values(migrated.value));
    });
    if (!readOnly && !sameSchema(theirSchema, ourSchema)) {
      // written by an older version: the board is brought up to this version once, for everyone
      doc.transact(() => {
        for (const record of Object.values(migrated.value)) {
          if (JSON.stringify(record) !== JSON.stringify(snapshot[record.id])) records.set(record.id, record);
        }
        meta.set('schema', ourSchema);
      });
    }
  } else if (!readOnly) {
    // a new board: this client writes the initial document and page
    doc.transact(() => {
      for (const record of store.allRecords()) records.set(record.id, record);
      meta.set('schema', ourSchema);
    });
  }

  const stopListening = store.listen(
    ({ changes }) => {
      if (readOnly) return;
      doc.transact(() => {
        for (const record of Object.values(changes.added)) records.set(record.id, record);
        for (const [, record] of Object.values(changes.updated)) records.set(record.id, record);
        for (const record of Object.values(changes.removed)) records.delete(record.id);
      });
    },
    { source: 'user', scope: 'document' },
  );

  const applyRemote = (changes: Map<string, RecordChange>, transaction: Y.Transaction) => {
    if (transaction.local) return;
    const toPut: TLRecord[] = [];
    const toRemove: TLRecord['id'][] = [];
    // records written by a client of an older version are migrated before they reach the store
    const theirSchema = meta.get('schema') ?? ourSchema;
    const upToDate = sameSchema(theirSchema, ourSchema);
    for (const [id, change] of changes) {
      if (change.action === 'delete') {
        toRemove.push(id as TLRecord['id']);
        continue;
      }
      const migrated = upToDate ? { type: 'success' as const, value: change.newValue } : store.schema.migratePersistedRecord(change.newValue, theirSchema);
      if (migrated.type === 'success') toPut.push(migrated.value);
      else console.warn(`canvas record ${id} cannot be migrated: ${migrated.reason}`);
    }
    store.mergeRemoteChanges(() => {
      if (toRemove.length > 0) store.remove(toRemove);
      if (toPut.length > 0) store.put(toPut);
    });
  };
  records.on('change', applyRemote);

  return () => {
    stopListening();
    records.off('change', applyRemote);
  };
}

const sameSchema = (a: SerializedSchema, b: SerializedSchema) => JSON.stringify(a) === JSON.stringify(b);

export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

/** Whose cursors others see: observers watch, their cursors would only distract the room. */
export function showsCursor(state: { participant?: { role?: string } } | undefined): boolean {
  return state?.participant?.role !== 'observer';
}

/**
 * Publishes this user's cursor, selection and viewport through Yjs awareness and shows
 * everyone else's as tldraw presence records (cursors with names and colours). Observers
 * (`publish: false`) publish none, and an observer's presence is not shown even if sent: the
 * role there is the one the server wrote from the token.
 */
export function bindPresence(store: TLStore, awareness: Awareness, user: PresenceUser, { publish = true } = {}): () => void {
  const instanceId = InstancePresenceRecordType.createId(String(awareness.clientID));
  const $user = atom('presence user', UserRecordType.create({ id: createUserId(user.id), name: user.name, color: user.color }));
  const presence = createPresenceStateDerivation($user, { instanceId })(store);

  const stopPublishing = publish
    ? react('publish presence', () => {
        awareness.setLocalStateField('presence', presence.get() ?? null);
      })
    : () => {};

  const showOthers = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const states = awareness.getStates() as Map<number, { presence?: TLInstancePresence | null; participant?: { role?: string } }>;
    const toPut: TLInstancePresence[] = [];
    const toRemove: TLInstancePresence['id'][] = [];
    for (const clientId of [...added, ...updated]) {
      if (clientId === awareness.clientID) continue;
      const state = showsCursor(states.get(clientId)) ? states.get(clientId)?.presence : undefined;
      const id = InstancePresenceRecordType.createId(String(clientId));
      if (state) toPut.push({ ...state, id });
      else toRemove.push(id);
    }
    for (const clientId of removed) toRemove.push(InstancePresenceRecordType.createId(String(clientId)));
    store.mergeRemoteChanges(() => {
      const existing = toRemove.filter((id) => store.has(id));
      if (existing.length > 0) store.remove(existing);
      if (toPut.length > 0) store.put(toPut);
    });
  };
  awareness.on('change', showOthers);
  showOthers({ added: [...awareness.getStates().keys()], updated: [], removed: [] });

  return () => {
    stopPublishing();
    awareness.off('change', showOthers);
    awareness.setLocalStateField('presence', null);
  };
}
