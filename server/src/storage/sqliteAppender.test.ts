import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteAppender } from './sqliteAppender.js';

const dirs: string[] = [];
function database(withTable: boolean) {
  const dir = mkdtempSync(path.join(tmpdir(), 'qe-appender-'));
  dirs.push(dir);
  const file = path.join(dir, 'db.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  if (withTable) {
    db.exec('CREATE TABLE doc_updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, board_id TEXT NOT NULL, data BLOB NOT NULL)');
    db.exec('CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT, actor TEXT, actor_name BLOB, action TEXT, board_id TEXT, detail TEXT)');
  }
  return { file, db };
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('SqliteAppender', () => {
  it('has every append on disk, in order, when its promise resolves', async () => {
    const { file, db } = database(true);
    const appender = new SqliteAppender(file);
    await Promise.all(Array.from({ length: 50 }, (_, i) => appender.append(`b${i % 3}`, new Uint8Array([i, 1, 2]))));
    const rows = db.prepare('SELECT board_id, data FROM doc_updates ORDER BY seq').all() as { board_id: string; data: Buffer }[];
    expect(rows.map((row) => row.data[0])).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(rows[4]).toEqual({ board_id: 'b1', data: Buffer.from([4, 1, 2]) });
    await appender.close();
    db.close();
  });

  it('writes audit rows beside the updates, each durable when its promise resolves', async () => {
    const { file, db } = database(true);
    const appender = new SqliteAppender(file);
    const row = (actor: string) => ({
      at: '2026-11-30T10:00:00.000Z',
      actor,
      actor_name: new Uint8Array([9, 8]),
      action: 'board_joined',
      board_id: 'b1',
      detail: '{}',
    });
    await Promise.all([appender.appendAudit([row('anna'), row('ben')]), appender.append('b1', new Uint8Array([1])), appender.appendAudit([row('cem')])]);
    const rows = db.prepare('SELECT actor, actor_name, board_id FROM audit_log ORDER BY id').all();
    expect(rows).toEqual(['anna', 'ben', 'cem'].map((actor) => ({ actor, actor_name: Buffer.from([9, 8]), board_id: 'b1' })));
    expect(db.prepare('SELECT count(*) AS n FROM doc_updates').get()).toEqual({ n: 1 });
    await appender.close();
    db.close();
  });

  it('rejects the appends it could not write', async () => {
    const { file, db } = database(false);
    const appender = new SqliteAppender(file);
    await expect(appender.append('b', new Uint8Array([1]))).rejects.toThrow(/storing an update failed: .*doc_updates/);
    await expect(appender.appendAudit([])).rejects.toThrow(/storing audit events failed/);
    await appender.close();
    db.close();
  });
});
