/**
 * Creates a local account without the setup page. Usage:
 *   npm run user:add -- --email <e-mail> --name <name> [--admin]
 * The password is read from the environment variable QE_PASSWORD or, if unset, from stdin.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.js';
import { loadConfig } from '../config.js';
import { openStorage } from '../storage/openStorage.js';
import { DuplicateError } from '../storage/types.js';

function fail(message: string): never {
  console.error(`user:add: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    admin: { type: 'boolean', default: false },
  },
});

const email = values.email ?? fail('--email is required');
if (!z.email().safeParse(email).success) fail(`"${email}" is not an e-mail address`);
const name = values.name?.trim() || fail('--name is required');
const password = (process.env.QE_PASSWORD ?? readFileSync(0, 'utf8')).replace(/\r?\n$/, '');
if (password.length < MIN_PASSWORD_LENGTH) fail(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`);

const storage = await openStorage(loadConfig());
try {
  const user = await storage.users.create({
    id: randomUUID(),
    email,
    name,
    isAdmin: values.admin,
    passwordHash: await hashPassword(password),
  });
  console.log(`created ${user.isAdmin ? 'admin' : 'user'} ${user.email} (${user.id})`);
} catch (error) {
  if (error instanceof DuplicateError) fail(error.message);
  throw error;
} finally {
  await storage.close();
}
