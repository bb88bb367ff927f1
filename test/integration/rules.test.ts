import {
  addComment,
  COMMENTS,
  createRecord,
  DOC_LAYOUT,
  getRecord,
  kindLockKey,
  locksMap,
  migrateCaseModel,
  recordLockKey,
  sessionState,
  setLock,
  setThreadResolved,
  SYNC_CLOSE,
  updateRecord,
  type Comment,
} from '@qe/shared';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

/** Tests of the board's write rules (shared/src/rules/boardRules.ts) as the server enforces them on sync. */
let t: TestServer;
const clients: ReturnType<typeof connectProvider>[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => clients.splice(0).forEach((c) => c.provider.destroy()));
afterAll(async () => t.stop());

async function connect(board: string, role: 'moderator' | 'editor' | 'observer', sub: string, name = sub) {
  const client = connectProvider(t.server.url, board, t.token({ role, board, sub, name }));
  clients.push(client);
  await waitForSynced(client.provider);
  return client;
}

/** A y-websocket "update" message carrying raw update bytes. */
function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // sync
  encoding.writeVarUint(encoder, 2); // update
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An update with no structs and one delete range (the wire format of Yjs updates, v1). */
function deleteOnlyUpdate(client: number, clock: number, length: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // no structs
  encoding.writeVarUint(encoder, 1); // one client in the delete set
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, 1); // one range
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarUint(encoder, length);
  return encoding.toUint8Array(encoder);
}

/** Sends one message over a raw socket and resolves with the close code (or 0 if still open after 1.5 s). */
function sendRaw(board: string, token: string, message: Uint8Array): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${t.server.url.replace(/^http/, 'ws')}/sync/${board}?token=${token}`);
    ws.on('error', () => {});
    ws.on('open', () => ws.send(message));
    ws.on('close', (code) => resolve(code));
    setTimeout(() => {
      ws.close();
      resolve(0);
    }, 1500);
  });
}

/** Sets a canvas record the way tldraw's binding does (YKeyValue: delete the old entry, push the new). */
function putCanvasRecord(doc: Y.Doc, value: { id: string } & Record<string, unknown>): void {
  const array = doc.getArray<{ key: string; val: unknown }>(DOC_LAYOUT.canvasRecords);
  doc.transact(() => {
    const index = array.toArray().findIndex((entry) => entry.key === value.id);
    if (index >= 0) array.delete(index, 1);
    array.push([{ key: value.id, val: value }]);
  });
}

function canvasRecord(doc: Y.Doc, id: string): Record<string, unknown> | undefined {
  const entries = doc.getArray<{ key: string; val: Record<string, unknown> }>(DOC_LAYOUT.canvasRecords).toArray();
  return entries.filter((entry) => entry.key === id).at(-1)?.val;
}

const cardShape = (id: string, recordId: string, x: number) => ({
  id,
  typeName: 'shape',
  type: 'qe-card',
  x,
  y: 0,
  parentId: 'page:page',
  props: { w: 220, h: 160, kind: 'recommendations', recordId, view: '', label: '' },
  meta: { template: 'empfehlungen' },
});

describe('the board’s write rules on the sync path', () => {
  it('refuses an update that deletes changes the server does not have yet, so later writes of others stay intact', async () => {
    const board = await t.createBoard();
    const moderator = await connect(board, 'moderator', 'mona');
    migrateCaseModel(moderator.doc);
    const rec = createRecord(moderator.doc, 'recommendations', { title: 'Vier-Augen-Prinzip' });
    const live = await t.server.registry.open(board);
    await eventually(() => getRecord(live.doc, 'recommendations', rec.id) !== undefined, 5000, 'record stored');

    // an editor pre-deletes everything the moderator will write next
    const nextClock = Y.getState(moderator.doc.store, moderator.doc.clientID);
    const code = await sendRaw(
      board,
      t.token({ role: 'editor', board, sub: 'erik' }),
      updateMessage(deleteOnlyUpdate(moderator.doc.clientID, nextClock, 10_000_000)),
    );
    expect(code).toBe(SYNC_CLOSE.malformedMessage);
    // and one whose structs start beyond what the server has (a gap)
    const other = new Y.Doc();
    other.getMap('report.meta').set('a', 1);
    const known = Y.encodeStateVector(other);
    other.getMap('report.meta').set('b', 2);
    const gap = await sendRaw(board, t.token({ role: 'editor', board, sub: 'erik' }), updateMessage(Y.encodeStateAsUpdate(other, known)));
    expect(gap).toBe(SYNC_CLOSE.malformedMessage);

    setLock(moderator.doc, recordLockKey('recommendations', rec.id), true, 'mona');
    sessionState(moderator.doc).setCurrentPhase('reflexion');
    updateRecord(moderator.doc, 'recommendations', rec.id, { title: 'Vier-Augen-Prinzip (abgestimmt)' });
    await eventually(() => getRecord(live.doc, 'recommendations', rec.id)?.title === 'Vier-Augen-Prinzip (abgestimmt)', 5000, 'moderator edit stored');
    expect(locksMap(live.doc).has(recordLockKey('recommendations', rec.id))).toBe(true);
    expect(sessionState(live.doc).currentPhase()).toBe('reflexion');
    expect(live.doc.store.pendingDs).toBeNull();
    expect(live.doc.store.pendingStructs).toBeNull();
    expect(live.doc.getMap('report.meta').size).toBe(0);

    // and after a restart, the stored document says the same
    await t.restart();
    const reloaded = await t.server.registry.open(board);
    expect(getRecord(reloaded.doc, 'recommendations', rec.id)?.title).toBe('Vier-Augen-Prinzip (abgestimmt)');
    expect(locksMap(reloaded.doc).has(recordLockKey('recommendations', rec.id))).toBe(true);
  });

  it('holds a locked card’s shape and the cards of a locked frame in place', async () => {
    const board = await t.createBoard();
    const moderator = await connect(board, 'moderator', 'mona');
    const editor = await connect(board, 'editor', 'erik');
    migrateCaseModel(moderator.doc);
    const locked = createRecord(moderator.doc, 'recommendations', { title: 'gesperrt' });
    const free = createRecord(moderator.doc, 'recommendations', { title: 'frei' });
    putCanvasRecord(moderator.doc, cardShape('shape:locked', locked.id, 0));
    putCanvasRecord(moderator.doc, cardShape('shape:free', free.id, 300));
    setLock(moderator.doc, recordLockKey('recommendations', locked.id), true, 'mona');
    await eventually(() => canvasRecord(editor.doc, 'shape:free') !== undefined && locksMap(editor.doc).size === 1, 5000, 'shapes and lock at the editor');
    const live = await t.server.registry.open(board);

    putCanvasRecord(editor.doc, { ...cardShape('shape:locked', locked.id, 0), x: 999 });
    putCanvasRecord(editor.doc, { ...cardShape('shape:free', free.id, 300), x: 444 });
    await eventually(() => canvasRecord(live.doc, 'shape:free')?.x === 444, 5000, 'unlocked card moved');
    await eventually(() => canvasRecord(editor.doc, 'shape:locked')?.x === 0, 5000, 'locked card back in place at the editor');
    expect(canvasRecord(live.doc, 'shape:locked')?.x).toBe(0);
    expect(canvasRecord(moderator.doc, 'shape:locked')?.x).toBe(0);

    // deleting it is refused as well
    const array = editor.doc.getArray<{ key: string }>(DOC_LAYOUT.canvasRecords);
    array.delete(
      array.toArray().findIndex((entry) => entry.key === 'shape:locked'),
      1,
    );
    await eventually(() => canvasRecord(editor.doc, 'shape:locked')?.x === 0, 5000, 'deleted card restored');

    // a locked frame holds every card in it
    setLock(moderator.doc, kindLockKey('recommendations'), true, 'mona');
    await eventually(() => locksMap(editor.doc).size === 2, 5000, 'frame lock at the editor');
    putCanvasRecord(editor.doc, { ...cardShape('shape:free', free.id, 444), x: 5 });
    await eventually(() => canvasRecord(editor.doc, 'shape:free')?.x === 444, 5000, 'card of the locked frame back in place');
    expect(canvasRecord(live.doc, 'shape:free')?.x).toBe(444);

    // the moderator still arranges them
    putCanvasRecord(moderator.doc, { ...cardShape('shape:locked', locked.id, 0), x: 50 });
    await eventually(() => canvasRecord(editor.doc, 'shape:locked')?.x === 50, 5000, 'moderator moved the locked card');
  });

  it('never lets other clients see a refused change, not even for a moment', async () => {
    const board = await t.createBoard();
    const moderator = await connect(board, 'moderator', 'mona');
    sessionState(moderator.doc).setCurrentPhase('chronologie');
    const watcher = await connect(board, 'observer', 'olga');
    const editor = await connect(board, 'editor', 'erik');
    await eventually(() => sessionState(editor.doc).currentPhase() === 'chronologie', 5000, 'phase at the editor');
    const seen = new Set<unknown>();
    for (const client of [moderator, watcher]) {
      client.doc.on('afterTransaction', () => seen.add(sessionState(client.doc).currentPhase()));
    }

    sessionState(editor.doc).setCurrentPhase('gefälscht');
    await eventually(() => sessionState(editor.doc).currentPhase() === 'chronologie', 5000, 'restored at the sender');
    // something the moderator does afterwards arrives, so everything before it has arrived too
    sessionState(moderator.doc).setCurrentPhase('reflexion');
    await eventually(() => sessionState(watcher.doc).currentPhase() === 'reflexion', 5000, 'later phase at the watcher');
    expect(seen.has('gefälscht')).toBe(false);
  });

  it('keeps comments to their authors; moderators resolve and delete; editors resolve their own threads', async () => {
    const board = await t.createBoard();
    const moderator = await connect(board, 'moderator', 'mona', 'Mona');
    const erik = await connect(board, 'editor', 'erik', 'Erik');
    const emma = await connect(board, 'editor', 'emma', 'Emma');
    const live = await t.server.registry.open(board);
    const comments = (doc: Y.Doc) => doc.getMap<Comment>(COMMENTS);
    const target = { kind: 'events', id: 'e1' };
    const post = (client: typeof erik, id: string, author: Comment['author'], parentId: string | null = null) =>
      addComment(client.doc, { id, target, parentId, author, text: `Text ${id}`, createdAt: new Date().toISOString(), knownNames: [] });

    post(erik, 'c1', { id: 'erik', name: 'Erik' });
    post(emma, 'c2', { id: 'emma', name: 'Emma' }, 'c1');
    await eventually(() => comments(live.doc).size === 2 && comments(moderator.doc).size === 2, 5000, 'comments stored');

    // posting under another's name, rewriting or deleting another's comment: refused
    post(emma, 'forged', { id: 'erik', name: 'Erik' });
    post(emma, 'renamed', { id: 'emma', name: 'Erik' });
    comments(emma.doc).set('c1', { ...comments(emma.doc).get('c1')!, text: 'umgeschrieben' });
    comments(erik.doc).delete('c2');
    await eventually(
      () => comments(emma.doc).get('c1')?.text === 'Text c1' && !comments(emma.doc).has('forged') && !comments(emma.doc).has('renamed'),
      5000,
      'restored at Emma',
    );
    await eventually(() => comments(erik.doc).has('c2'), 5000, 'deleted reply restored at Erik');
    expect([...comments(live.doc).keys()].sort()).toEqual(['c1', 'c2']);
    expect(comments(live.doc).get('c1')?.text).toBe('Text c1');

    // a moderator may not rewrite either, but resolves, reopens and deletes
    comments(moderator.doc).set('c2', { ...comments(moderator.doc).get('c2')!, text: 'vom Moderator' });
    await eventually(() => comments(moderator.doc).get('c2')?.text === 'Text c2', 5000, 'moderator rewrite restored');
    setThreadResolved(moderator.doc, 'c1', true);
    await eventually(() => comments(live.doc).get('c1')?.resolved === true, 5000, 'moderator resolved');
    setThreadResolved(moderator.doc, 'c1', false);
    await eventually(() => comments(live.doc).get('c1')?.resolved === false, 5000, 'moderator reopened');

    // editors resolve threads they started, not others'; authors edit their own text
    setThreadResolved(emma.doc, 'c1', true);
    await eventually(() => comments(emma.doc).get('c1')?.resolved === false, 5000, 'Emma may not resolve Erik’s thread');
    setThreadResolved(erik.doc, 'c1', true);
    comments(emma.doc).set('c2', { ...comments(emma.doc).get('c2')!, text: 'korrigiert' });
    await eventually(() => comments(live.doc).get('c1')?.resolved === true && comments(live.doc).get('c2')?.text === 'korrigiert', 5000, 'own changes stored');

    comments(moderator.doc).delete('c2');
    await eventually(() => !comments(live.doc).has('c2'), 5000, 'moderator deleted');
  });
});
