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
  if (withTable) db.exec('CREATE TABLE doc_updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, board_id TEXT NOT NULL, data BLOB NOT NULL)');
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

  it('rejects the appends it could not write', async () => {
    const { file, db } = database(false);
    const appender = new SqliteAppender(file);
    await expect(appender.append('b', new Uint8Array([1]))).rejects.toThrow(/storing an update failed: .*doc_updates/);
    await appender.close();
    db.close();
  });
});
