import { randomBytes } from 'node:crypto';
import { Keyring, type Storage } from '@qe/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { postgresReachable, serviceMissing } from '../helpers/services.js';
import { backends, type OpenBackend } from '../helpers/storageBackends.js';
import { contentOf, textUpdate } from '../helpers/textUpdates.js';

/**
 * The Storage contract, every repository and method, on SQLite and PostgreSQL alike. Sealing at
 * rest and the server on top are tested in persistence.test.ts, a former version's database in
 * legacySchema.test.ts.
 */
const pgMissing = serviceMissing('PostgreSQL', await postgresReachable());
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(backends)('storage contract on $name', (backend) => {
  const skip = backend.name === 'PostgreSQL' && pgMissing;
  let opened: OpenBackend;
  let storage: Storage;
  let boards = 0;
  const newBoard = async (name = `Board ${boards + 1}`) => (await storage.boards.create({ id: `b${++boards}`, name, createdBy: 'u-test' })).id;
  const newLink = (boardId: string, maxUses: number | null, label = 'Kita') =>
    storage.invites.create({
      id: `inv-${randomBytes(6).toString('hex')}`,
      boardId,
      role: 'editor',
      label,
      expiresAt: inAnHour(),
      maxUses,
      createdBy: 'u-test',
    });

  beforeAll(async () => {
    if (skip) return;
    opened = await backend.open();
    storage = opened.storage;
  });
  afterAll(async () => {
    if (skip) return;
    await storage.close();
    await opened.cleanup();
  });

  it.skipIf(skip)('users: create, count, find by e-mail in any case, get, remove', async () => {
    const kim = await storage.users.create({ id: 'u1', email: 'Kim@Example.org', name: 'Kim', isAdmin: true, passwordHash: 'hash-1' });
    expect(kim).toMatchObject({ id: 'u1', email: 'Kim@Example.org', isAdmin: true });
    expect(kim.createdAt).toMatch(ISO);
    await storage.users.create({ id: 'u2', email: 'lou@example.org', name: 'Lou', isAdmin: false, passwordHash: 'hash-2' });
    expect(await storage.users.count()).toBe(2);
    expect(await storage.users.findByEmail('kim@EXAMPLE.org')).toEqual(kim);
    expect(await storage.users.findByEmail('nobody@example.org')).toBeUndefined();
    expect(await storage.users.get('u2')).toMatchObject({ name: 'Lou', isAdmin: false, passwordHash: 'hash-2' });
    await expect(storage.users.create({ id: 'u3', email: 'KIM@example.org', name: 'Kim 2', isAdmin: false, passwordHash: 'x' })).rejects.toThrow(
      /exists already/,
    );
    expect(await storage.users.remove('u2')).toBe(true);
    expect(await storage.users.remove('u2')).toBe(false);
    expect(await storage.users.get('u2')).toBeUndefined();
    expect(await storage.users.count()).toBe(1);
  });

  it.skipIf(skip)('boards: create, get, list newest first, rename, retention, deletion dates', async () => {
    const first = await newBoard('Erstes');
    await sleep(5);
    const second = await newBoard('Zweites');
    const created = (await storage.boards.get(first))!;
    expect(created).toMatchObject({ id: first, name: 'Erstes', createdBy: 'u-test', finishedAt: null, deleteAfter: null });
    expect(created.createdAt).toMatch(ISO);
    expect(created.updatedAt).toBe(created.createdAt);
    expect(await storage.boards.get('no-such-board')).toBeUndefined();
    const order = async () => (await storage.boards.list()).map((b) => b.id).filter((id) => id === first || id === second);
    expect(await order()).toEqual([second, first]);

    await sleep(5);
    const renamed = (await storage.boards.rename(first, 'Umbenannt'))!;
    expect(renamed.name).toBe('Umbenannt');
    expect(renamed.updatedAt > created.updatedAt).toBe(true);
    expect(await storage.boards.get(first)).toEqual(renamed);
    expect(await order()).toEqual([first, second]);
    expect(await storage.boards.rename('no-such-board', 'x')).toBeUndefined();

    // timestamps are stored in one form, whatever form they are given in
    const retained = await storage.boards.setRetention(first, { finishedAt: '2026-01-10T11:00:00+01:00', deleteAfter: '2026-04-10T10:00:00Z' });
    expect(retained).toMatchObject({ finishedAt: '2026-01-10T10:00:00.000Z', deleteAfter: '2026-04-10T10:00:00.000Z' });
    expect(await storage.boards.dueForDeletion(new Date('2026-04-10T09:59:59.999Z'))).not.toContain(first);
    expect(await storage.boards.dueForDeletion(new Date('2026-04-10T10:00:00.000Z'))).toContain(first);
    expect(await storage.boards.dueForDeletion(new Date('2030-01-01'))).not.toContain(second);
    expect(await storage.boards.setRetention(first, { finishedAt: null, deleteAfter: null })).toMatchObject({ finishedAt: null, deleteAfter: null });
    expect(await storage.boards.dueForDeletion(new Date('2030-01-01'))).not.toContain(first);
    expect(await storage.boards.setRetention('no-such-board', { finishedAt: null, deleteAfter: null })).toBeUndefined();
  });

  it.skipIf(skip)('boards: delete takes the document, assets, secrets, links and overrides along, not the audit log', async () => {
    const board = await newBoard();
    const other = await newBoard();
    for (const id of [board, other]) {
      await storage.documents.appendUpdate(id, textUpdate(new Y.Doc(), 'Inhalt'));
      await storage.documents.compact(id);
      await storage.documents.appendUpdate(id, textUpdate(new Y.Doc(), 'mehr'));
      await storage.assets.put({ id: 'a1', boardId: id, mimeType: 'image/png', data: Buffer.from([1, 2, 3]) });
      await storage.secrets.putSchutzliste(id, Buffer.from('sealed terms'));
      await storage.secrets.addDismissal({ boardId: id, hitId: 'h1', reason: 'ok', dismissedBy: 'u-test', dismissedAt: new Date().toISOString() });
      await storage.participants.set(id, 'guest-1', 'observer');
      await storage.audit.record({ actor: 'u-test', actorName: 'Test', action: 'board_created', boardId: id, detail: {} });
    }
    const link = await newLink(board, null);

    expect(await storage.boards.delete(board)).toBe(true);
    expect(await storage.boards.get(board)).toBeUndefined();
    expect(await storage.documents.load(board)).toEqual([]);
    expect(await storage.documents.countUpdates(board)).toBe(0);
    expect(await storage.assets.get(board, 'a1')).toBeUndefined();
    expect(await storage.secrets.getSchutzliste(board)).toBeUndefined();
    expect(await storage.secrets.listDismissals(board)).toEqual([]);
    expect(await storage.invites.get(link.id)).toBeUndefined();
    expect(await storage.participants.get(board, 'guest-1')).toBeUndefined();
    expect(await storage.audit.list({ boardId: board, limit: 10 })).toHaveLength(1);
    expect(await storage.boards.delete(board)).toBe(false);
    // the other board keeps everything
    expect(await storage.documents.load(other)).toHaveLength(2);
    expect(await storage.assets.get(other, 'a1')).toBeDefined();
    expect(await storage.participants.get(other, 'guest-1')).toBe('observer');
  });

  it.skipIf(skip)('documents: append in order, count, compact into one snapshot, delete', async () => {
    const board = await newBoard();
    const other = await newBoard();
    expect(await storage.documents.load(board)).toEqual([]);
    expect(await storage.documents.countUpdates(board)).toBe(0);
    await storage.documents.compact(board); // nothing to fold
    expect(await storage.documents.load(board)).toEqual([]);

    const doc = new Y.Doc();
    const updates = ['Hausbesuch ', 'am ', '12.03.'].map((word) => textUpdate(doc, word));
    for (const update of updates) await storage.documents.appendUpdate(board, update);
    await storage.documents.appendUpdate(other, textUpdate(new Y.Doc(), 'anderes Board'));
    const bytes = (list: Uint8Array[]) => list.map((update) => Buffer.from(update));
    expect(bytes(await storage.documents.load(board))).toEqual(bytes(updates));
    expect(await storage.documents.countUpdates(board)).toBe(3);

    await storage.documents.compact(board);
    expect(await storage.documents.countUpdates(board)).toBe(0);
    const compacted = await storage.documents.load(board);
    expect(compacted).toHaveLength(1);
    expect(contentOf(compacted)).toBe('Hausbesuch am 12.03.');

    const late = textUpdate(doc, ' (verschoben)');
    await storage.documents.appendUpdate(board, late);
    const loaded = await storage.documents.load(board);
    expect(loaded).toHaveLength(2);
    expect(Buffer.from(loaded[1]!)).toEqual(Buffer.from(late));
    expect(await storage.documents.countUpdates(board)).toBe(1);
    await storage.documents.compact(board);
    expect(contentOf(await storage.documents.load(board))).toBe('Hausbesuch am 12.03. (verschoben)');

    await storage.documents.deleteDocument(board);
    expect(await storage.documents.load(board)).toEqual([]);
    expect(await storage.documents.countUpdates(board)).toBe(0);
    expect(await storage.boards.get(board)).toBeDefined();
    expect(await storage.documents.countUpdates(other)).toBe(1);
  });

  it.skipIf(skip)('documents: compactions at once (PostgreSQL: by two instances) lose no update written meanwhile', async () => {
    const board = await newBoard();
    // a SQLite file serves one process: its transactions take turns on the one connection
    const second = backend.name === 'PostgreSQL' ? await opened.reopen() : storage;
    try {
      const doc = new Y.Doc();
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 60; i++) {
        writes.push((i % 2 ? second : storage).documents.appendUpdate(board, textUpdate(doc, `${i};`)));
        if (i % 10 === 5) writes.push(storage.documents.compact(board), second.documents.compact(board));
      }
      await Promise.all(writes);
      expect(contentOf(await storage.documents.load(board))).toBe(doc.getText('t').toString());
    } finally {
      if (second !== storage) await second.close();
    }
  });

  it.skipIf(skip)('assets: put, replace, get per board', async () => {
    const board = await newBoard();
    const other = await newBoard();
    expect(await storage.assets.get(board, 'img')).toBeUndefined();
    await storage.assets.put({ id: 'img', boardId: board, mimeType: 'image/png', data: Buffer.from('PNG') });
    expect(await storage.assets.get(board, 'img')).toEqual({ id: 'img', boardId: board, mimeType: 'image/png', data: Buffer.from('PNG') });
    await storage.assets.put({ id: 'img', boardId: board, mimeType: 'image/jpeg', data: Buffer.from('JPEG') });
    expect(await storage.assets.get(board, 'img')).toEqual({ id: 'img', boardId: board, mimeType: 'image/jpeg', data: Buffer.from('JPEG') });
    expect(await storage.assets.get(other, 'img')).toBeUndefined();
  });

  it.skipIf(skip)('secrets: the Schutzliste and pre-flight dismissals', async () => {
    const board = await newBoard();
    const other = await newBoard();
    expect(await storage.secrets.getSchutzliste(board)).toBeUndefined();
    await storage.secrets.putSchutzliste(board, Buffer.from([0, 1, 2, 255]));
    expect(await storage.secrets.getSchutzliste(board)).toEqual(Buffer.from([0, 1, 2, 255]));
    await storage.secrets.putSchutzliste(board, Buffer.from('neu'));
    expect(await storage.secrets.getSchutzliste(board)).toEqual(Buffer.from('neu'));
    expect(await storage.secrets.getSchutzliste(other)).toBeUndefined();

    expect(await storage.secrets.listDismissals(board)).toEqual([]);
    await storage.secrets.addDismissal({ boardId: board, hitId: 'h2', reason: 'Zweiter', dismissedBy: 'u1', dismissedAt: '2026-02-02T10:00:00.000Z' });
    await storage.secrets.addDismissal({ boardId: board, hitId: 'h1', reason: 'Erster', dismissedBy: 'u1', dismissedAt: '2026-02-01T10:00:00.000Z' });
    await storage.secrets.addDismissal({ boardId: other, hitId: 'h1', reason: 'Anderes Board', dismissedBy: 'u2', dismissedAt: '2026-02-01T10:00:00.000Z' });
    expect(await storage.secrets.listDismissals(board)).toEqual([
      { boardId: board, hitId: 'h1', reason: 'Erster', dismissedBy: 'u1', dismissedAt: '2026-02-01T10:00:00.000Z' },
      { boardId: board, hitId: 'h2', reason: 'Zweiter', dismissedBy: 'u1', dismissedAt: '2026-02-02T10:00:00.000Z' },
    ]);
    // dismissing a hit again replaces the reason
    await storage.secrets.addDismissal({ boardId: board, hitId: 'h1', reason: 'Neu begründet', dismissedBy: 'u3', dismissedAt: '2026-02-03T10:00:00Z' });
    expect((await storage.secrets.listDismissals(board)).map((d) => [d.hitId, d.reason, d.dismissedBy, d.dismissedAt])).toEqual([
      ['h2', 'Zweiter', 'u1', '2026-02-02T10:00:00.000Z'],
      ['h1', 'Neu begründet', 'u3', '2026-02-03T10:00:00.000Z'],
    ]);
  });

  it.skipIf(skip)('invites: create, get, list newest first, revoke', async () => {
    const board = await newBoard();
    const other = await newBoard();
    const first = await newLink(board, 3, 'Erster Link');
    expect(first).toMatchObject({ boardId: board, role: 'editor', label: 'Erster Link', maxUses: 3, uses: 0, revokedAt: null, createdBy: 'u-test' });
    expect(first.publicId).toMatch(/^[0-9a-f]{16}$/);
    expect(first.createdAt).toMatch(ISO);
    expect(first.expiresAt).toMatch(ISO);
    expect(await storage.invites.get(first.id)).toEqual(first);
    expect(await storage.invites.get('no-such-link')).toBeUndefined();
    await sleep(5);
    const second = await newLink(board, null, 'Zweiter Link');
    expect(second.publicId).not.toBe(first.publicId);
    await newLink(other, null);
    expect((await storage.invites.listForBoard(board)).map((link) => link.id)).toEqual([second.id, first.id]);

    await storage.invites.revoke(first.id);
    const revokedAt = (await storage.invites.get(first.id))!.revokedAt;
    expect(revokedAt).toMatch(ISO);
    await sleep(5);
    await storage.invites.revoke(first.id); // the first revocation stands
    expect((await storage.invites.get(first.id))!.revokedAt).toBe(revokedAt);
    expect((await storage.invites.get(second.id))!.revokedAt).toBeNull();
  });

  it.skipIf(skip)('invites: use counts up to the limit, also when two instances use the link at once', async () => {
    const board = await newBoard();
    const limited = await newLink(board, 1);
    expect(await storage.invites.use(limited.id)).toBe(true);
    expect(await storage.invites.use(limited.id)).toBe(false);
    expect((await storage.invites.get(limited.id))!.uses).toBe(1);
    expect(await storage.invites.use('no-such-link')).toBe(false);

    const unlimited = await newLink(board, null);
    for (let i = 0; i < 3; i++) expect(await storage.invites.use(unlimited.id)).toBe(true);
    expect((await storage.invites.get(unlimited.id))!.uses).toBe(3);

    const contested = await newLink(board, 5);
    const second = await opened.reopen();
    try {
      const uses = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? second : storage).invites.use(contested.id)));
      expect(uses.filter(Boolean)).toHaveLength(5);
      expect((await storage.invites.get(contested.id))!.uses).toBe(5);
    } finally {
      await second.close();
    }
  });

  it.skipIf(skip)('participants: an override per board and participant, replaced when set again', async () => {
    const board = await newBoard();
    const other = await newBoard();
    expect(await storage.participants.get(board, 'sub-1')).toBeUndefined();
    await storage.participants.set(board, 'sub-1', 'analyst');
    await storage.participants.set(other, 'sub-1', 'moderator');
    expect(await storage.participants.get(board, 'sub-1')).toBe('analyst');
    await storage.participants.set(board, 'sub-1', 'removed');
    expect(await storage.participants.get(board, 'sub-1')).toBe('removed');
    expect(await storage.participants.get(other, 'sub-1')).toBe('moderator');
    expect(await storage.participants.get(board, 'sub-2')).toBeUndefined();
  });

  it.skipIf(skip)('audit: record, list newest first per board or all, forget old entries', async () => {
    const board = await newBoard();
    await storage.audit.record({ actor: 'a1', actorName: 'Ada', action: 'login', boardId: null, detail: {} });
    await storage.audit.record({ actor: 'a1', actorName: 'Ada', action: 'report_exported', boardId: board, detail: { format: 'pdf', draft: false } });
    await storage.audit.record({ actor: 'g1', actorName: 'Gast Gertrud', action: 'invite_used', boardId: board, detail: { invite: 'abc' } });
    const mine = (await storage.audit.list({ limit: 1000 })).filter((e) => e.actor === 'a1' || e.actor === 'g1');
    expect(mine.map((e) => e.action)).toEqual(['invite_used', 'report_exported', 'login']);
    expect(mine[1]).toMatchObject({ actor: 'a1', actorName: 'Ada', boardId: board, detail: { format: 'pdf', draft: false } });
    expect(mine[1]!.at).toMatch(ISO);
    expect(typeof mine[1]!.id).toBe('number');
    expect(mine[0]!.id).toBeGreaterThan(mine[1]!.id);
    expect((await storage.audit.list({ limit: 1 }))[0]!.action).toBe('invite_used');
    expect((await storage.audit.list({ boardId: board, limit: 10 })).map((e) => e.action)).toEqual(['invite_used', 'report_exported']);
    expect(await storage.audit.list({ boardId: 'no-such-board', limit: 10 })).toEqual([]);

    // entries of the tests before
    const older = (await storage.audit.list({ limit: 1000 })).length - 3;
    expect(await storage.audit.deleteOlderThan(new Date('2000-01-01'))).toBe(0);
    // strictly older: the cutoff keeps the entry recorded at it
    expect(await storage.audit.deleteOlderThan(new Date(mine[2]!.at))).toBe(older);
    expect(await storage.audit.list({ limit: 1000 })).toHaveLength(3);
    expect(await storage.audit.deleteOlderThan(new Date(Date.now() + 1000))).toBe(3);
    expect(await storage.audit.list({ limit: 10 })).toEqual([]);
  });

  it.skipIf(skip)('audit: records many events at once, in their order', async () => {
    const board = await newBoard();
    const events = Array.from({ length: 160 }, (_, i) => ({
      actor: `p${i}`,
      actorName: `Person ${i}`,
      action: 'board_joined' as const,
      boardId: board,
      detail: { n: i },
    }));
    await storage.audit.recordAll(events);
    const listed = await storage.audit.list({ boardId: board, limit: 1000 });
    expect(listed.map((e) => e.actor)).toEqual(events.map((e) => e.actor).reverse());
    expect(listed[0]).toMatchObject({ actorName: 'Person 159', detail: { n: 159 } });
    await storage.audit.recordAll([]);
    expect(await storage.audit.list({ boardId: board, limit: 1000 })).toHaveLength(160);
  });

  it.skipIf(skip)('procedures: create, get, list, update, boards with labels, members; a board deleted leaves its procedure', async () => {
    const themes = ['Fallverstehen', 'Personalausstattung'];
    const created = await storage.procedures.create({ id: 'p1', title: 'QE Musterstadt 2026', office: 'Jugendamt Musterstadt', themes, createdBy: 'u-test' });
    expect(created).toMatchObject({
      id: 'p1',
      title: 'QE Musterstadt 2026',
      office: 'Jugendamt Musterstadt',
      period: '',
      phase: 'Vorbereitung',
      themes,
      boards: [],
      members: [],
    });
    expect(created.createdAt).toMatch(ISO);
    expect(await storage.procedures.get('no-such-procedure')).toBeUndefined();
    await sleep(5);
    await storage.procedures.create({ id: 'p2', title: 'Zweites Verfahren', office: 'Jugendamt Beispielkreis', themes, createdBy: 'u-test' });
    expect((await storage.procedures.list()).map((p) => p.id).filter((id) => id === 'p1' || id === 'p2')).toEqual(['p2', 'p1']);

    const updated = (await storage.procedures.update('p1', { phase: 'Fallwerkstätten', period: '01–06/2026', themes: ['Hilfen in Krisen'] }))!;
    expect(updated).toMatchObject({ phase: 'Fallwerkstätten', period: '01–06/2026', themes: ['Hilfen in Krisen'], title: 'QE Musterstadt 2026' });
    expect(updated.updatedAt > created.updatedAt).toBe(true);
    expect(await storage.procedures.update('no-such-procedure', { period: 'x' })).toBeUndefined();

    const [structure, caseA, caseB, elsewhere] = [await newBoard('Haus'), await newBoard('Fall eins'), await newBoard('Fall zwei'), await newBoard('Anderswo')];
    expect(await storage.procedures.addBoard('p1', { boardId: structure, kind: 'structure', selection: 'gezielt' })).toEqual({
      id: structure,
      name: 'Haus',
      kind: 'structure',
      selection: null,
      label: 'Strukturanalyse',
    });
    expect(await storage.procedures.addBoard('p1', { boardId: caseA, kind: 'case', selection: 'gezielt' })).toMatchObject({
      label: 'Fall A',
      selection: 'gezielt',
    });
    expect(await storage.procedures.addBoard('p1', { boardId: caseB, kind: 'case', selection: 'zufällig' })).toMatchObject({ label: 'Fall B' });
    // one structure board per procedure; a board in one procedure only
    await expect(storage.procedures.addBoard('p1', { boardId: elsewhere, kind: 'structure', selection: null })).rejects.toThrow(/structure board/);
    await expect(storage.procedures.addBoard('p2', { boardId: caseA, kind: 'case', selection: null })).rejects.toThrow(/belongs to a procedure/);
    expect(await storage.procedures.addBoard('p2', { boardId: elsewhere, kind: 'case', selection: null })).toMatchObject({ label: 'Fall A', selection: null });
    expect((await storage.procedures.get('p1'))!.boards.map((b) => [b.label, b.name])).toEqual([
      ['Fall A', 'Fall eins'],
      ['Fall B', 'Fall zwei'],
      ['Strukturanalyse', 'Haus'],
    ]);
    expect(await storage.procedures.placeOf(caseB)).toEqual({ procedureId: 'p1', kind: 'case', label: 'Fall B' });
    expect(await storage.procedures.placeOf('no-such-board')).toBeUndefined();

    const lead = await storage.procedures.addMember('p1', { id: 'm1', name: 'Lea Leitung', role: 'leitung', organisation: 'Zuständige Stelle' });
    await storage.procedures.addMember('p1', { id: 'm2', name: 'Ana Analyse', role: 'analyseteam', organisation: '' });
    expect(lead).toEqual({ id: 'm1', name: 'Lea Leitung', role: 'leitung', organisation: 'Zuständige Stelle' });
    expect(await storage.procedures.getMember('p1', 'm2')).toMatchObject({ name: 'Ana Analyse', role: 'analyseteam' });
    expect(await storage.procedures.getMember('p2', 'm2')).toBeUndefined();
    expect((await storage.procedures.get('p1'))!.members.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(await storage.procedures.removeMember('p1', 'm2')).toBe(true);
    expect(await storage.procedures.removeMember('p1', 'm2')).toBe(false);
    expect(await storage.procedures.getMember('p1', 'm2')).toBeUndefined();

    // a board deleted (retention) leaves its procedure with it
    expect(await storage.boards.delete(caseA)).toBe(true);
    expect(await storage.procedures.placeOf(caseA)).toBeUndefined();
    expect((await storage.procedures.get('p1'))!.boards.map((b) => b.label)).toEqual(['Fall B', 'Strukturanalyse']);
  });

  it.skipIf(skip)('rekey re-seals what another key sealed; ping answers', async () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    // a database of its own: rekey goes over everything stored
    const fresh = await backend.open();
    await fresh.storage.close();
    try {
      const sealed = await fresh.reopen(new Keyring(oldKey));
      await sealed.boards.create({ id: 'rekey', name: 'Rekey', createdBy: 'u-test' });
      await sealed.documents.appendUpdate('rekey', textUpdate(new Y.Doc(), 'geheim'));
      await sealed.audit.record({ actor: 'a1', actorName: 'Ada', action: 'login', boardId: null, detail: {} });
      await sealed.close();
      const rotating = await fresh.reopen(new Keyring(newKey, [oldKey]));
      expect(await rotating.rekey()).toBe(3);
      expect(await rotating.rekey()).toBe(0);
      await rotating.close();
      const newOnly = await fresh.reopen(new Keyring(newKey));
      expect(contentOf(await newOnly.documents.load('rekey'))).toBe('geheim');
      expect((await newOnly.boards.get('rekey'))!.name).toBe('Rekey');
      expect((await newOnly.audit.list({ limit: 1 }))[0]!.actorName).toBe('Ada');
      await expect(newOnly.ping()).resolves.toBeUndefined();
      await newOnly.close();
    } finally {
      await fresh.cleanup();
    }
  });
});
