import { sql } from 'kysely';
import { assetRepository } from './assets.js';
import { auditRepository } from './audit.js';
import { boardRepository } from './boards.js';
import type { StoreDialect } from './dialect.js';
import { documentStore } from './documents.js';
import { inviteRepository } from './invites.js';
import { migrate } from './migrations.js';
import { participantRepository } from './participants.js';
import { privateCardRepository } from './privateCards.js';
import { procedureRepository } from './procedures.js';
import { reseal, SEALED_COLUMNS } from './reseal.js';
import { secretsRepository } from './secrets.js';
import type { BlobCodec, Storage } from './types.js';
import { userRepository } from './users.js';

/** The storage on an open database of either dialect: migrates it, seals what is left in plain, and serves it. */
export async function createStorage(dialect: StoreDialect, codec: BlobCodec): Promise<Storage> {
  const { db } = dialect;
  try {
    await migrate(dialect);
    // rows from before board names, labels, reasons and audit names were sealed
    await reseal(
      db,
      codec,
      SEALED_COLUMNS.filter((c) => c.field),
      true,
    );
  } catch (error) {
    await dialect.close?.();
    await db.destroy();
    throw error;
  }
  const context = { ...dialect, codec };
  return {
    kind: dialect.name,
    documents: documentStore(context),
    users: userRepository(context),
    boards: boardRepository(context),
    assets: assetRepository(context),
    secrets: secretsRepository(context),
    invites: inviteRepository(context),
    participants: participantRepository(context),
    audit: auditRepository(context),
    privateCards: privateCardRepository(context),
    procedures: procedureRepository(context),
    rekey: () => reseal(db, codec, SEALED_COLUMNS, false),
    async ping() {
      await sql`SELECT 1`.execute(db);
    },
    async close() {
      await dialect.close?.();
      await db.destroy();
    },
  };
}
