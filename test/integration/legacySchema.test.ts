import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Keyring, openPostgresStorage, openSqliteStorage, type Storage } from '@qe/server';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { legacyPostgres, legacySqlite } from '../helpers/legacySchema.js';
import { createTestDatabase, postgresReachable, serviceMissing } from '../helpers/services.js';
import { contentOf, textUpdate } from '../helpers/textUpdates.js';

/**
 * A database as the storage before Kysely left it (frozen DDL in helpers/legacySchema.ts, rows
 * written with SQL as that code wrote them) is taken over by the current storage: converted in
 * place, nothing lost, everything readable through every repository.
 */
const pgMissing = serviceMissing('PostgreSQL', await postgresReachable());
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const key = randomBytes(32);
const keyring = new Keyring(key);
const seal = (text: string) => keyring.seal(Buffer.from(text, 'utf8'));
const doc = new Y.Doc();
const snapshot = textUpdate(doc, 'Alter ');
const update = textUpdate(doc, 'Inhalt');
const PUBLIC_ID = 'a1b2c3d4e5f60718';

/** the rows, as [table, columns] in insertion order; timestamps as the former code stored them */
const rows = (name: (text: string) => Buffer | string): [string, Record<string, unknown>][] => [
  ['users', { id: 'u-admin', email: 'Ada@Example.org', name: 'Ada', is_admin: 1, password_hash: 'hash-ada', created_at: '2026-01-05T08:00:00.000Z' }],
  [
    'boards',
    {
      id: 'b-old',
      name: seal('Altes Board'),
      created_by: 'u-admin',
      created_at: '2026-01-05T09:00:00.000Z',
      updated_at: '2026-01-06T09:00:00.000Z',
      finished_at: '2026-01-10T10:00:00.000Z',
      delete_after: '2026-04-10T10:00:00.000Z',
    },
  ],
  // stored before board names were sealed
  [
    'boards',
    {
      id: 'b-plain',
      name: name('Klartextname'),
      created_by: 'u-admin',
      created_at: '2026-01-04T09:00:00.000Z',
      updated_at: '2026-01-04T09:00:00.000Z',
      finished_at: null,
      delete_after: null,
    },
  ],
  ['doc_snapshots', { board_id: 'b-old', data: keyring.seal(snapshot) }],
  ['doc_updates', { board_id: 'b-old', data: keyring.seal(update) }],
  ['assets', { board_id: 'b-old', id: 'img', mime_type: 'image/png', data: seal('PNG-Bild') }],
  ['protected_terms', { board_id: 'b-old', data: keyring.sealText('["Beispielstraße 4"]') }],
  // a timestamp handed in without milliseconds
  ['preflight_dismissals', { board_id: 'b-old', hit_id: 'h1', reason: seal('Begründung'), dismissed_by: 'u-admin', dismissed_at: '2026-02-01T10:00:00Z' }],
  [
    'invite_links',
    {
      id: 'inv-secret',
      public_id: PUBLIC_ID,
      board_id: 'b-old',
      role: 'editor',
      label: seal('Kita'),
      expires_at: '2030-01-01T00:00:00.000Z',
      max_uses: 2,
      uses: 1,
      revoked_at: null,
      created_by: 'u-admin',
      created_at: '2026-01-07T09:00:00.000Z',
    },
  ],
  ['participant_overrides', { board_id: 'b-old', sub: 'g-1', override: 'observer' }],
  [
    'audit_log',
    {
      at: '2026-01-07T09:00:01.000Z',
      actor: 'u-admin',
      actor_name: seal('Ada'),
      action: 'invite_created',
      board_id: 'b-old',
      detail: JSON.stringify({ invite: PUBLIC_ID, maxUses: 2 }),
    },
  ],
  [
    'audit_log',
    {
      at: '2026-01-08T09:00:00.000Z',
      actor: 'g-1',
      actor_name: name('Gast Gertrud'),
      action: 'invite_used',
      board_id: 'b-old',
      detail: JSON.stringify({ invite: PUBLIC_ID }),
    },
  ],
];

interface Target {
  name: 'SQLite' | 'PostgreSQL';
  /** a new place for a database */
  create(): Promise<{
    /** builds the former schema (its first `upTo` migrations) there, with the rows above when complete */
    buildLegacy(upTo?: number): Promise<void>;
    open(codec?: Keyring): Promise<Storage>;
    /** the former code's schema version counter; undefined once it is gone */
    legacyVersion(): Promise<number | undefined>;
    cleanup(): Promise<void>;
  }>;
}

const targets: Target[] = [
  {
    name: 'SQLite',
    async create() {
      const dir = mkdtempSync(path.join(tmpdir(), 'qe-legacy-'));
      const file = path.join(dir, 'qe-werkstatt.sqlite');
      return {
        async buildLegacy(upTo) {
          legacySqlite(
            dir,
            (db) => {
              if (upTo !== undefined) return;
              for (const [table, values] of rows((text) => text)) {
                const columns = Object.keys(values);
                db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...Object.values(values));
              }
            },
            upTo,
          );
        },
        open: (codec) => openSqliteStorage(dir, codec),
        async legacyVersion() {
          const db = new Database(file, { readonly: true });
          const version = db.pragma('user_version', { simple: true }) as number;
          db.close();
          return version || undefined;
        },
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    async create() {
      const database = await createTestDatabase();
      const query = async <T extends pg.QueryResultRow>(text: string) => {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          return (await client.query<T>(text)).rows;
        } finally {
          await client.end();
        }
      };
      return {
        async buildLegacy(upTo) {
          await legacyPostgres(
            database.url,
            async (client) => {
              if (upTo !== undefined) return;
              // the former migration turned plain names into their UTF-8 bytes
              for (const [table, values] of rows((text) => Buffer.from(text, 'utf8'))) {
                const columns = Object.keys(values);
                // is_admin was BOOLEAN
                const params = Object.entries(values).map(([column, value]) => (column === 'is_admin' ? value === 1 : value));
                await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, params);
              }
              // the former code let PostgreSQL set this one (microseconds)
              await client.query(`INSERT INTO users (id, email, name, is_admin, password_hash) VALUES ('u-now', 'now@example.org', 'Now', false, 'x')`);
            },
            upTo,
          );
        },
        open: (codec) => openPostgresStorage(database.url, codec),
        async legacyVersion() {
          const [row] = await query<{ present: boolean }>(`SELECT to_regclass('qe_schema_version') IS NOT NULL AS present`);
          if (!row!.present) return undefined;
          return (await query<{ version: number }>('SELECT max(version) AS version FROM qe_schema_version'))[0]!.version;
        },
        cleanup: database.drop,
      };
    },
  },
];

describe.each(targets)('a database of the former storage on $name', (target) => {
  const skip = target.name === 'PostgreSQL' && pgMissing;
  let place: Awaited<ReturnType<Target['create']>>;
  let storage: Storage;

  beforeAll(async () => {
    if (skip) return;
    place = await target.create();
    await place.buildLegacy();
    storage = await place.open(keyring);
  });
  afterAll(async () => {
    if (skip) return;
    await storage?.close();
    await place.cleanup();
  });

  it.skipIf(skip)('is converted once: the former version counter is gone, a second start changes nothing', async () => {
    expect(await place.legacyVersion()).toBeUndefined();
    const again = await place.open(keyring);
    expect((await again.boards.get('b-old'))!.name).toBe('Altes Board');
    await again.close();
  });

  it.skipIf(skip)('keeps the users', async () => {
    expect(await storage.users.get('u-admin')).toEqual({
      id: 'u-admin',
      email: 'Ada@Example.org',
      name: 'Ada',
      isAdmin: true,
      passwordHash: 'hash-ada',
      createdAt: '2026-01-05T08:00:00.000Z',
    });
    expect((await storage.users.findByEmail('ada@example.org'))!.id).toBe('u-admin');
    await expect(storage.users.create({ id: 'u-x', email: 'ADA@example.org', name: 'x', isAdmin: false, passwordHash: 'x' })).rejects.toThrow(/exists already/);
    if (target.name === 'PostgreSQL') {
      expect(await storage.users.get('u-now')).toMatchObject({ isAdmin: false, createdAt: expect.stringMatching(ISO) });
    }
  });

  it.skipIf(skip)('keeps the boards, their retention dates and names, and seals the plain name', async () => {
    expect(await storage.boards.get('b-old')).toEqual({
      id: 'b-old',
      name: 'Altes Board',
      createdBy: 'u-admin',
      createdAt: '2026-01-05T09:00:00.000Z',
      updatedAt: '2026-01-06T09:00:00.000Z',
      finishedAt: '2026-01-10T10:00:00.000Z',
      deleteAfter: '2026-04-10T10:00:00.000Z',
    });
    expect((await storage.boards.list()).map((b) => [b.id, b.name])).toEqual([
      ['b-old', 'Altes Board'],
      ['b-plain', 'Klartextname'],
    ]);
    expect(await storage.boards.dueForDeletion(new Date('2026-04-10T09:59:59.999Z'))).toEqual([]);
    expect(await storage.boards.dueForDeletion(new Date('2026-04-10T10:00:00.000Z'))).toEqual(['b-old']);
    const raw = await place.open();
    try {
      expect((await raw.boards.get('b-plain'))!.name.startsWith('QEK1')).toBe(true);
      expect((await raw.audit.list({ limit: 1 }))[0]!.actorName.startsWith('QEK1')).toBe(true);
    } finally {
      await raw.close();
    }
  });

  it.skipIf(skip)('keeps the document, assets and secrets', async () => {
    expect(contentOf(await storage.documents.load('b-old'))).toBe('Alter Inhalt');
    expect(await storage.documents.countUpdates('b-old')).toBe(1);
    expect((await storage.assets.get('b-old', 'img'))!.data.toString()).toBe('PNG-Bild');
    expect(keyring.openText((await storage.secrets.getSchutzliste('b-old'))!)).toBe('["Beispielstraße 4"]');
    expect(await storage.secrets.listDismissals('b-old')).toEqual([
      { boardId: 'b-old', hitId: 'h1', reason: 'Begründung', dismissedBy: 'u-admin', dismissedAt: '2026-02-01T10:00:00.000Z' },
    ]);
    // the update log goes on where it was
    const live = new Y.Doc();
    for (const stored of await storage.documents.load('b-old')) Y.applyUpdate(live, stored);
    await storage.documents.appendUpdate('b-old', textUpdate(live, '!'));
    await storage.documents.compact('b-old');
    expect(await storage.documents.countUpdates('b-old')).toBe(0);
    expect(contentOf(await storage.documents.load('b-old'))).toBe('Alter Inhalt!');
  });

  it.skipIf(skip)('keeps invite links with their uses, overrides and the audit log', async () => {
    const link = {
      id: 'inv-secret',
      publicId: PUBLIC_ID,
      boardId: 'b-old',
      role: 'editor',
      label: 'Kita',
      expiresAt: '2030-01-01T00:00:00.000Z',
      maxUses: 2,
      uses: 1,
      revokedAt: null,
      createdBy: 'u-admin',
      createdAt: '2026-01-07T09:00:00.000Z',
    };
    expect(await storage.invites.get('inv-secret')).toEqual(link);
    expect(await storage.invites.listForBoard('b-old')).toEqual([link]);
    expect(await storage.invites.use('inv-secret')).toBe(true);
    expect(await storage.invites.use('inv-secret')).toBe(false);
    await storage.invites.revoke('inv-secret');
    expect((await storage.invites.get('inv-secret'))!.revokedAt).toMatch(ISO);
    expect(await storage.participants.get('b-old', 'g-1')).toBe('observer');

    const events = await storage.audit.list({ boardId: 'b-old', limit: 10 });
    expect(events).toMatchObject([
      { at: '2026-01-08T09:00:00.000Z', actor: 'g-1', actorName: 'Gast Gertrud', action: 'invite_used', boardId: 'b-old', detail: { invite: PUBLIC_ID } },
      {
        at: '2026-01-07T09:00:01.000Z',
        actor: 'u-admin',
        actorName: 'Ada',
        action: 'invite_created',
        boardId: 'b-old',
        detail: { invite: PUBLIC_ID, maxUses: 2 },
      },
    ]);
    await storage.audit.record({ actor: 'u-admin', actorName: 'Ada', action: 'login', boardId: null, detail: {} });
    const [latest] = await storage.audit.list({ limit: 1 });
    expect(latest).toMatchObject({ action: 'login', at: expect.stringMatching(ISO) });
    expect(latest!.id).toBeGreaterThan(events[0]!.id);
    expect(await storage.audit.deleteOlderThan(new Date('2026-01-08T00:00:00Z'))).toBe(1);
  });

  it.skipIf(skip)('rekeys everything sealed in it', async () => {
    // the document as the tests before left it (they may append to it)
    const content = contentOf(await storage.documents.load('b-old'));
    expect(content.startsWith('Alter Inhalt')).toBe(true);
    const newKey = randomBytes(32);
    const rotating = await place.open(new Keyring(newKey, [key]));
    try {
      expect(await rotating.rekey()).toBeGreaterThanOrEqual(8);
      expect(await rotating.rekey()).toBe(0);
    } finally {
      await rotating.close();
    }
    await storage.close();
    storage = await place.open(new Keyring(newKey));
    expect(contentOf(await storage.documents.load('b-old'))).toBe(content);
    expect((await storage.boards.get('b-plain'))!.name).toBe('Klartextname');
  });
});

describe.each(targets)('a database of an older former schema on $name', (target) => {
  it.skipIf(target.name === 'PostgreSQL' && pgMissing)('is refused and left as it is', async () => {
    const place = await target.create();
    try {
      await place.buildLegacy(5);
      await expect(place.open(keyring)).rejects.toThrow(/schema version 5 .* converts version \d only/);
      expect(await place.legacyVersion()).toBe(5);
    } finally {
      await place.cleanup();
    }
  });
});
