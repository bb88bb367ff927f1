import type { Selectable } from 'kysely';
import type { StoreContext } from './dialect.js';
import { precompiled } from './precompiled.js';
import { now, type Tables } from './schema.js';
import { DuplicateError, type User, type UserRepository } from './types.js';

const toUser = (row: Selectable<Tables['users']>): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  isAdmin: row.is_admin === 1,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
});

export function userRepository({ db, isUniqueViolation }: StoreContext): UserRepository {
  // asked by every sync connection with such a token (see precompiled)
  const userById = precompiled(db, (id: string) => db.selectFrom('users').selectAll().where('id', '=', id));
  return {
    async count() {
      return (
        await db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    },
    async findByEmail(email) {
      // lower() on both sides: the unique index users_email is on lower(email)
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb(eb.fn('lower', ['email']), '=', eb.fn('lower', [eb.val(email)])))
        .executeTakeFirst();
      return row && toUser(row);
    },
    async get(id) {
      const [row] = await userById(id);
      return row && toUser(row);
    },
    async remove(id) {
      const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async create(user) {
      const createdAt = now();
      try {
        await db
          .insertInto('users')
          .values({ id: user.id, email: user.email, name: user.name, is_admin: user.isAdmin ? 1 : 0, password_hash: user.passwordHash, created_at: createdAt })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError(`A user with e-mail ${user.email} exists already`);
        throw error;
      }
      return { ...user, createdAt };
    },
  };
}
