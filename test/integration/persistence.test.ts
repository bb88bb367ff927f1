import { chmodSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Keyring, type Storage } from '@qe/server';
import { listRecords, updateRecord } from '@qe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { apiClient } from '../helpers/api.js';
import { fixtureBoard } from '../helpers/fixtureBoard.js';
import { filesContaining, rawFiles } from '../helpers/rawFiles.js';
import { columnsContaining } from '../helpers/rawRows.js';
import { postgresReachable, serviceMissing } from '../helpers/services.js';
import { backends } from '../helpers/storageBackends.js';
import { contentOf, textUpdate } from '../helpers/textUpdates.js';
import { startTestServer, TEST_MODERATOR } from '../helpers/server.js';
import { connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

const pgMissing = serviceMissing('PostgreSQL', await postgresReachable());

/** board name, link label, dismissal reason and audit name of the one link, dismissal and entry of `board` */
async function fieldsOf(storage: Storage, board: string): Promise<string[]> {
  return [
    (await storage.boards.get(board))!.name,
    (await storage.invites.listForBoard(board))[0]!.label,
    (await storage.secrets.listDismissals(board))[0]!.reason,
    (await storage.audit.list({ boardId: board, limit: 1 }))[0]!.actorName,
  ];
}

const mark = (what: string) => `${what}-${randomBytes(6).toString('hex')}`;

describe.each(backends)('persistence on $name', (backend) => {
  const skip = backend.name === 'PostgreSQL' && pgMissing;
  let storage: Storage;
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let boards = 0;
  const newBoard = async () => (await storage.boards.create({ id: `b${++boards}`, name: `Board ${boards}`, createdBy: 'test' })).id;

  beforeAll(async () => {
    if (skip) return;
    ({ storage, env, cleanup } = await backend.open());
  });
  afterAll(async () => {
    if (skip) return;
    await storage.close();
    await cleanup();
  });

  it.skipIf(skip)('stores updates in order and loads them back', async () => {
    const board = await newBoard();
    expect(await storage.documents.load(board)).toEqual([]);
    const doc = new Y.Doc();
    for (const word of ['Hausbesuch ', 'am ', '12.03.']) await storage.documents.appendUpdate(board, textUpdate(doc, word));
    const loaded = await storage.documents.load(board);
    expect(loaded).toHaveLength(3);
    expect(contentOf(loaded)).toBe('Hausbesuch am 12.03.');
    expect(await storage.documents.countUpdates(board)).toBe(3);
  });

  it.skipIf(skip)('compacts into one snapshot with identical content', async () => {
    const board = await newBoard();
    const doc = new Y.Doc();
    for (let i = 0; i < 20; i++) await storage.documents.appendUpdate(board, textUpdate(doc, `${i},`));
    await storage.documents.compact(board);
    expect(await storage.documents.countUpdates(board)).toBe(0);
    const loaded = await storage.documents.load(board);
    expect(loaded).toHaveLength(1);
    expect(contentOf(loaded)).toBe(doc.getText('t').toString());
  });

  it.skipIf(skip)('loses nothing when updates arrive while compactions run', async () => {
    const board = await newBoard();
    const doc = new Y.Doc();
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      writes.push(storage.documents.appendUpdate(board, textUpdate(doc, `${i};`)));
      if (i % 10 === 5) writes.push(storage.documents.compact(board), storage.documents.compact(board));
    }
    await Promise.all(writes);
    expect(contentOf(await storage.documents.load(board))).toBe(doc.getText('t').toString());
  });

  it.skipIf(skip)('deletes a board with its document and assets', async () => {
    const board = await newBoard();
    await storage.documents.appendUpdate(board, textUpdate(new Y.Doc(), 'weg'));
    await storage.documents.compact(board);
    await storage.documents.appendUpdate(board, textUpdate(new Y.Doc(), 'damit'));
    await storage.assets.put({ id: 'a1', boardId: board, mimeType: 'image/png', data: Buffer.from([1, 2, 3]) });
    expect(await storage.boards.exists(board)).toBe(true);
    expect(await storage.boards.delete(board)).toBe(true);
    expect(await storage.boards.exists(board)).toBe(false);
    expect(await storage.documents.load(board)).toEqual([]);
    expect(await storage.assets.get(board, 'a1')).toBeUndefined();
    expect(await storage.boards.delete(board)).toBe(false);
  });

  it.skipIf(skip)('keeps boards and users', async () => {
    const board = await newBoard();
    expect((await storage.boards.rename(board, 'Neuer Name'))?.name).toBe('Neuer Name');
    expect((await storage.boards.list()).map((b) => b.id)).toContain(board);
    await storage.users.create({ id: 'u1', email: 'Kim@Example.org', name: 'Kim', isAdmin: false, passwordHash: 'x' });
    expect((await storage.users.findByEmail('kim@example.org'))?.id).toBe('u1');
    await expect(storage.users.create({ id: 'u2', email: 'kim@example.org', name: 'Kim 2', isAdmin: false, passwordHash: 'x' })).rejects.toThrow(
      /exists already/,
    );
    expect(await storage.users.count()).toBe(1);
  });

  it.skipIf(skip)('restores a board after a server restart', async () => {
    const server = await startTestServer(env);
    try {
      const board = await server.createBoard();
      const a = connectProvider(server.server.url, board, server.token({ role: 'editor', board }));
      await waitForSynced(a.provider);
      a.doc.getText('t').insert(0, `gespeichert in ${backend.name}`);
      const live = await server.server.registry.open(board);
      await eventually(() => live.doc.getText('t').length > 0, 5000, 'server has the text');
      await live.flush();
      a.provider.destroy();
      await server.restart();
      const b = connectProvider(server.server.url, board, server.token({ role: 'observer', board }));
      await waitForSynced(b.provider);
      expect(b.doc.getText('t').toString()).toBe(`gespeichert in ${backend.name}`);
      b.provider.destroy();
    } finally {
      await server.stop();
    }
  });

  it.skipIf(skip)('stores the audit events of the moment it is shut down', async () => {
    const server = await startTestServer(env);
    try {
      const board = await server.createBoard();
      // recorded and not waited for, as a join's event is; the shutdown right after must not lose it
      void server.server.audit('system', 'board_joined', board, { role: 'editor' });
      await server.restart();
      expect((await server.server.storage.audit.list({ boardId: board, limit: 10 })).map((event) => event.action)).toContain('board_joined');
    } finally {
      await server.stop();
    }
  });

  it.skipIf(skip)('keeps retention dates and the audit log', async () => {
    const board = await newBoard();
    expect(await storage.boards.get(board)).toMatchObject({ finishedAt: null, deleteAfter: null });
    const retention = { finishedAt: '2026-01-10T10:00:00.000Z', deleteAfter: '2026-04-10T10:00:00.000Z' };
    expect(await storage.boards.setRetention(board, retention)).toMatchObject(retention);
    expect(await storage.boards.dueForDeletion(new Date('2026-04-10T09:59:59Z'))).not.toContain(board);
    expect(await storage.boards.dueForDeletion(new Date('2026-04-10T10:00:01Z'))).toContain(board);

    await storage.audit.record({ actor: 'u1', actorName: 'Kim', action: 'login', boardId: null, detail: {} });
    await storage.audit.record({ actor: 'u1', actorName: 'Kim', action: 'report_exported', boardId: board, detail: { format: 'pdf', draft: false } });
    // other tests of this suite write to the same log
    const all = (await storage.audit.list({ limit: 100 })).filter((event) => event.actor === 'u1');
    expect(all.map((event) => event.action)).toEqual(['report_exported', 'login']);
    expect(all[0]).toMatchObject({ actor: 'u1', actorName: 'Kim', boardId: board, detail: { format: 'pdf', draft: false } });
    expect(Date.parse(all[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
    expect((await storage.audit.list({ boardId: board, limit: 10 })).map((event) => event.action)).toEqual(['report_exported']);
    // the log outlives the board it names
    await storage.boards.delete(board);
    expect(await storage.audit.list({ boardId: board, limit: 10 })).toHaveLength(1);
    expect(await storage.audit.deleteOlderThan(new Date(Date.now() - 3_600_000))).toBe(0);
    expect(await storage.audit.deleteOlderThan(new Date(Date.now() + 1000))).toBeGreaterThanOrEqual(2);
    expect(await storage.audit.list({ limit: 10 })).toEqual([]);
  });

  it.skipIf(skip)('seals every stored blob, and rotates to a new key with rekey', async () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    // a database of its own: rekey goes over everything stored, which must all be readable
    const fresh = await backend.open();
    await fresh.storage.close();
    const reopen = fresh.reopen;
    const sealedOld = await reopen(new Keyring(oldKey));
    const raw = await reopen(); // reads the stored bytes as they are
    try {
      const board = (await sealedOld.boards.create({ id: 'sealed', name: 'Sealed', createdBy: 'test' })).id;
      const doc = new Y.Doc();
      await sealedOld.documents.appendUpdate(board, textUpdate(doc, 'Geheimer Fallinhalt '));
      await sealedOld.documents.compact(board);
      await sealedOld.documents.appendUpdate(board, textUpdate(doc, 'Familie Beispiel'));
      await sealedOld.assets.put({ id: 'img', boardId: board, mimeType: 'image/png', data: Buffer.from('PNG-Bilddaten') });
      await sealedOld.secrets.putSchutzliste(board, new Keyring(oldKey).sealText('["Beispielstraße 4"]'));
      await sealedOld.invites.create({
        id: 'inv',
        boardId: board,
        role: 'editor',
        label: 'Linklabel Kita',
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        maxUses: null,
        createdBy: 'test',
      });
      await sealedOld.secrets.addDismissal({
        boardId: board,
        hitId: 'h1',
        reason: 'Begründung Fiktiv',
        dismissedBy: 'test',
        dismissedAt: new Date().toISOString(),
      });
      await sealedOld.audit.record({ actor: 'g1', actorName: 'Gast Gertrud', action: 'invite_used', boardId: board, detail: {} });

      const stored = [...(await raw.documents.load(board)), (await raw.assets.get(board, 'img'))!.data, (await raw.secrets.getSchutzliste(board))!];
      expect(stored).toHaveLength(4);
      for (const blob of stored) {
        const bytes = Buffer.from(blob);
        expect(bytes.subarray(0, 4).toString()).toBe('QEK1');
        for (const secret of ['Fallinhalt', 'Beispiel', 'PNG-Bilddaten']) expect(bytes.includes(secret)).toBe(false);
      }
      expect(contentOf(await sealedOld.documents.load(board))).toBe('Geheimer Fallinhalt Familie Beispiel');
      const fields = await fieldsOf(raw, board);
      for (const field of fields) expect(field.startsWith('QEK1')).toBe(true);
      expect(fields.join()).not.toMatch(/Sealed|Linklabel|Fiktiv|Gertrud/);

      const rotating = await reopen(new Keyring(newKey, [oldKey]));
      expect(contentOf(await rotating.documents.load(board))).toBe('Geheimer Fallinhalt Familie Beispiel');
      expect(await rotating.rekey()).toBe(8);
      expect(await rotating.rekey()).toBe(0);
      await rotating.close();

      const newOnly = await reopen(new Keyring(newKey));
      expect(contentOf(await newOnly.documents.load(board))).toBe('Geheimer Fallinhalt Familie Beispiel');
      expect((await newOnly.assets.get(board, 'img'))!.data.toString()).toBe('PNG-Bilddaten');
      expect(new Keyring(newKey).openText((await newOnly.secrets.getSchutzliste(board))!)).toBe('["Beispielstraße 4"]');
      expect(await fieldsOf(newOnly, board)).toEqual(['Sealed', 'Linklabel Kita', 'Begründung Fiktiv', 'Gast Gertrud']);
      await newOnly.close();
      await expect(sealedOld.documents.load(board)).rejects.toThrow(/unknown key/);
    } finally {
      await sealedOld.close();
      await raw.close();
      await fresh.cleanup();
    }
  });

  it.skipIf(skip)('seals names, labels and reasons that older versions stored in plain, when it starts', async () => {
    const fresh = await backend.open();
    // the plain codec writes these fields unsealed, as versions before sealing them did
    const old = fresh.storage;
    await old.boards.create({ id: 'alt', name: 'Alter Boardname', createdBy: 'test' });
    await old.invites.create({
      id: 'alt-inv',
      boardId: 'alt',
      role: 'observer',
      label: 'Altes Label',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      maxUses: null,
      createdBy: 'test',
    });
    await old.secrets.addDismissal({ boardId: 'alt', hitId: 'h', reason: 'Alte Begründung', dismissedBy: 'test', dismissedAt: new Date().toISOString() });
    await old.audit.record({ actor: 'g', actorName: 'Alter Gast', action: 'invite_used', boardId: 'alt', detail: {} });
    await old.close();
    const sealed = await fresh.reopen(new Keyring(randomBytes(32)));
    const raw = await fresh.reopen();
    try {
      expect(await fieldsOf(sealed, 'alt')).toEqual(['Alter Boardname', 'Altes Label', 'Alte Begründung', 'Alter Gast']);
      for (const field of await fieldsOf(raw, 'alt')) expect(field.startsWith('QEK1')).toBe(true);
      expect(await sealed.rekey()).toBe(0);
    } finally {
      await sealed.close();
      await raw.close();
      await fresh.cleanup();
    }
  });

  it.skipIf(skip)('keeps board names, link labels, guest names and dismissal reasons out of the stored bytes, also after deletion', async () => {
    const fresh = await backend.open();
    await fresh.storage.close();
    const dataDir = fresh.env.DATA_DIR;
    if (dataDir) {
      // left by an older version: readable by everyone on the machine
      chmodSync(dataDir, 0o755);
      chmodSync(path.join(dataDir, 'qe-werkstatt.sqlite'), 0o644);
      writeFileSync(path.join(dataDir, 'notiz.txt'), 'x', { mode: 0o644 });
    }
    const server = await startTestServer(fresh.env);
    const stored = async (marker: string) => (dataDir ? filesContaining(dataDir, marker) : columnsContaining(fresh.env.DATABASE_URL!, marker));
    const api = apiClient(() => server);
    const moderator = server.token({ sub: 'mod-1', name: 'Mo', role: 'moderator' });
    const admin = server.token({ sub: 'admin-1', name: 'Ada', role: 'admin' });
    const markers = { board: mark('Boardname'), label: mark('Linklabel'), guest: mark('Gastname'), reason: mark('Begruendung') };
    try {
      const board = (await api('POST', '/boards', { token: moderator, body: { name: markers.board } })).body.id as string;
      const invite = (await api('POST', `/boards/${board}/invites`, { token: moderator, body: { role: 'editor', label: markers.label } })).body;
      const joined = await api('POST', `/invites/${invite.id}/join`, { body: { name: markers.guest } });
      const guest = connectProvider(server.server.url, board, joined.body.token);
      await waitForSynced(guest.provider);
      guest.provider.destroy();
      // a pre-flight hit to dismiss with a reason
      await api('PUT', `/boards/${board}/schutzliste`, { token: moderator, body: { terms: ['Schneiders'] } });
      await server.server.registry.writeBoard(board, TEST_MODERATOR, (doc) => {
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(fixtureBoard()));
        updateRecord(doc, 'recommendations', listRecords(doc, 'recommendations').records[0]!.id, { intendedOutcome: 'Wie bei Familie Schneiders Kindern.' });
      });
      const hit = (await api('GET', `/boards/${board}/preflight`, { token: moderator })).body.hits[0];
      expect((await api('POST', `/boards/${board}/preflight/dismissals`, { token: moderator, body: { hitId: hit.id, reason: markers.reason } })).status).toBe(
        201,
      );
      await (await server.server.registry.open(board)).flush();

      // everything reads back through the API
      expect((await api('GET', '/boards', { token: moderator })).body.boards).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: board, name: markers.board })]),
      );
      expect((await api('GET', `/boards/${board}/invites`, { token: moderator })).body.invites[0]).toMatchObject({ label: markers.label });
      expect((await api('GET', `/invites/${invite.id}`)).body).toMatchObject({ boardName: markers.board, label: markers.label });
      expect((await api('GET', `/boards/${board}/preflight`, { token: moderator })).body.dismissed[0]).toMatchObject({ reason: markers.reason });
      const guestActions = async () =>
        ((await api('GET', `/audit?boardId=${board}`, { token: admin })).body.events as { actorName: string; action: string }[])
          .filter((e) => e.actorName === markers.guest)
          .map((e) => e.action)
          .sort();
      // the join is recorded when the connection is accepted, without waiting for the write
      for (let i = 0; i < 50 && (await guestActions()).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await guestActions()).toEqual(['board_joined', 'invite_used']);

      // … but not from the stored bytes
      for (const marker of Object.values(markers)) expect(await stored(marker), marker).toEqual([]);
      if (dataDir) {
        expect(statSync(dataDir).mode & 0o777).toBe(0o700);
        const files = rawFiles(dataDir);
        expect(files.map((f) => f.name)).toEqual(
          expect.arrayContaining(['qe-werkstatt.sqlite', 'qe-werkstatt.sqlite-wal', 'data-key', 'jwt-secret', 'notiz.txt']),
        );
        for (const file of files) expect(`${file.name} ${file.mode.toString(8)}`).toBe(`${file.name} 600`);
      }

      // deleting the board leaves nothing of it, not even the link's secret id in freed pages
      expect((await api('DELETE', `/boards/${board}`, { token: admin })).status).toBe(204);
      for (const marker of [...Object.values(markers), invite.id as string]) expect(await stored(marker), marker).toEqual([]);
    } finally {
      await server.stop();
      await fresh.cleanup();
    }
  });
});
