import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { precompiled } from './precompiled.js';
import type { Db } from './schema.js';

const sqlite = new Database(':memory:');
sqlite.exec(`create table participant_overrides (board_id text, sub text, override text);
  insert into participant_overrides values ('b1', 'anna', 'observer'), ('b1', 'ben', 'removed'), ('b2', 'anna', 'moderator');`);
const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) }) as unknown as Db;
afterAll(() => db.destroy());

describe('precompiled', () => {
  it('runs one compiled query with the values of each call, in the order the query names them', async () => {
    const overrideOf = precompiled(db, (boardId: string, sub: string) =>
      db.selectFrom('participant_overrides').select('override').where('sub', '=', sub).where('board_id', '=', boardId),
    );
    expect(await overrideOf('b1', 'anna')).toEqual([{ override: 'observer' }]);
    expect(await overrideOf('b2', 'anna')).toEqual([{ override: 'moderator' }]);
    expect(await overrideOf('b1', 'ben')).toEqual([{ override: 'removed' }]);
    expect(await overrideOf('b3', 'anna')).toEqual([]);
  });

  it('keeps values the query holds itself', async () => {
    const others = precompiled(db, (boardId: string) =>
      db.selectFrom('participant_overrides').select('sub').where('board_id', '=', boardId).where('override', '<>', 'removed').orderBy('sub'),
    );
    expect(await others('b1')).toEqual([{ sub: 'anna' }]);
  });

  it('refuses a query that does not use every parameter as a value', async () => {
    const unused = precompiled(db, (_boardId: string) => db.selectFrom('participant_overrides').select('sub'));
    await expect(unused('b1')).rejects.toThrow(/every parameter/);
  });
});
