import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder } from 'kysely';
import type { DialectName, StoreDialect } from './dialect.js';
import { adoptLegacySchema } from './legacySchema.js';
import { now, type UntypedDb } from './schema.js';

interface Migration {
  name: string;
  up(db: UntypedDb, dialect: DialectName): Promise<void>;
}

/**
 * The schema of both databases as one ordered list: append new steps, never edit applied ones.
 * qe_migrations records the steps applied.
 */
const MIGRATIONS: readonly Migration[] = [
  {
    name: '0001_schema',
    async up(db, dialect) {
      // a database of the versions before this list is brought to the same schema in place
      if (!(await adoptLegacySchema(db, dialect))) await createSchema(db, dialect);
    },
  },
  {
    name: '0002_private_cards',
    async up(db, dialect) {
      // cards of a private phase, outside the board's doc until the moderator reveals them
      await db.schema
        .createTable('private_cards')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('board_id', 'text', (col) => col.notNull().references('boards.id').onDelete('cascade'))
        .addColumn('owner_key', 'text', (col) => col.notNull())
        .addColumn('frame', 'text', (col) => col.notNull())
        .addColumn('data', dialect === 'sqlite' ? 'blob' : 'bytea', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('private_cards_board').on('private_cards').columns(['board_id', 'owner_key']).execute();
    },
  },
  {
    name: '0003_procedures',
    up: createProcedures,
  },
];

/** Applies the pending migrations, all in one transaction: a failure leaves the schema as it was. */
export async function migrate({ db, name, lockMigrations }: StoreDialect): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockMigrations(trx);
    const any = trx as unknown as UntypedDb;
    await any.schema
      .createTable('qe_migrations')
      .ifNotExists()
      .addColumn('name', 'text', (col) => col.primaryKey())
      .addColumn('applied_at', 'text', (col) => col.notNull())
      .execute();
    const applied = new Set((await any.selectFrom('qe_migrations').select('name').execute()).map((row) => row.name as string));
    const unknown = [...applied].filter((name) => !MIGRATIONS.some((m) => m.name === name));
    if (unknown.length) throw new Error(`the database was migrated by a newer version (${unknown.join(', ')}); start that version`);
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.name)) continue;
      await migration.up(any, name);
      await any.insertInto('qe_migrations').values({ name: migration.name, applied_at: now() }).execute();
    }
  });
}

async function createSchema(db: UntypedDb, dialect: DialectName): Promise<void> {
  const binary = dialect === 'sqlite' ? 'blob' : 'bytea';
  const serialId = <T extends string>(table: CreateTableBuilder<T>, column: string) =>
    dialect === 'sqlite'
      ? table.addColumn(column, 'integer', (col) => col.primaryKey().autoIncrement())
      : table.addColumn(column, 'bigserial', (col) => col.primaryKey());
  // a board's document, assets, secrets, links and overrides go with it
  const boardId = (col: ColumnDefinitionBuilder) => col.notNull().references('boards.id').onDelete('cascade');

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('is_admin', 'integer', (col) => col.notNull())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  // e-mail addresses are unique regardless of case
  await db.schema
    .createIndex('users_email')
    .unique()
    .on('users')
    .expression(sql`lower(email)`)
    .execute();

  await db.schema
    .createTable('boards')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', binary, (col) => col.notNull())
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('delete_after', 'text')
    .execute();
  await db.schema
    .createTable('doc_snapshots')
    .addColumn('board_id', 'text', (col) => boardId(col).primaryKey())
    .addColumn('data', binary, (col) => col.notNull())
    .execute();
  await serialId(db.schema.createTable('doc_updates'), 'seq')
    .addColumn('board_id', 'text', boardId)
    .addColumn('data', binary, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('doc_updates_board').on('doc_updates').columns(['board_id', 'seq']).execute();
  await db.schema
    .createTable('assets')
    .addColumn('board_id', 'text', boardId)
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('mime_type', 'text', (col) => col.notNull())
    .addColumn('data', binary, (col) => col.notNull())
    .addPrimaryKeyConstraint('assets_pkey', ['board_id', 'id'])
    .execute();
  await db.schema
    .createTable('protected_terms')
    .addColumn('board_id', 'text', (col) => boardId(col).primaryKey())
    .addColumn('data', binary, (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('preflight_dismissals')
    .addColumn('board_id', 'text', boardId)
    .addColumn('hit_id', 'text', (col) => col.notNull())
    .addColumn('reason', binary, (col) => col.notNull())
    .addColumn('dismissed_by', 'text', (col) => col.notNull())
    .addColumn('dismissed_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('preflight_dismissals_pkey', ['board_id', 'hit_id'])
    .execute();
  await db.schema
    .createTable('invite_links')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('public_id', 'text', (col) => col.notNull())
    .addColumn('board_id', 'text', boardId)
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('label', binary, (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('max_uses', 'integer')
    .addColumn('uses', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('revoked_at', 'text')
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('invite_links_board').on('invite_links').column('board_id').execute();
  await db.schema
    .createTable('participant_overrides')
    .addColumn('board_id', 'text', boardId)
    .addColumn('sub', 'text', (col) => col.notNull())
    .addColumn('override', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('participant_overrides_pkey', ['board_id', 'sub'])
    .execute();
  // no foreign key: the log outlives the boards it names
  await serialId(db.schema.createTable('audit_log'), 'id')
    .addColumn('at', 'text', (col) => col.notNull())
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('actor_name', binary, (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('board_id', 'text')
    .addColumn('detail', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('audit_log_board').on('audit_log').columns(['board_id', 'id']).execute();
}

/** The procedure (Verfahren): its members and its boards' places in it. */
async function createProcedures(db: UntypedDb, dialect: DialectName): Promise<void> {
  const binary = dialect === 'sqlite' ? 'blob' : 'bytea';
  const procedureId = (col: ColumnDefinitionBuilder) => col.notNull().references('procedures.id').onDelete('cascade');
  await db.schema
    .createTable('procedures')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('title', binary, (col) => col.notNull())
    .addColumn('office', 'text', (col) => col.notNull())
    .addColumn('period', 'text', (col) => col.notNull())
    .addColumn('phase', 'text', (col) => col.notNull())
    .addColumn('themes', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('procedure_members')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('procedure_id', 'text', procedureId)
    .addColumn('name', binary, (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('organisation', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('procedure_members_procedure').on('procedure_members').column('procedure_id').execute();
  await db.schema
    .createTable('procedure_boards')
    .addColumn('board_id', 'text', (col) => col.primaryKey().references('boards.id').onDelete('cascade'))
    .addColumn('procedure_id', 'text', procedureId)
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('selection', 'text')
    .addColumn('label', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .execute();
  // one label per procedure: two boards added at once cannot both become "Fall B", nor two the structure board
  await db.schema.createIndex('procedure_boards_label').unique().on('procedure_boards').columns(['procedure_id', 'label']).execute();
}
