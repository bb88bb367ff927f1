/**
 * Prints a signed JWT for scripts, tests and benchmarks, using the server's configuration
 * (DATA_DIR / JWT_SECRET). Usage:
 *   npm run token -- --board <id> --role <moderator|editor|observer> --name <name> [--ttl <seconds>]
 *   npm run token -- --admin --name <name>
 * New board ids never begin with "-"; for an older one that does, write `--board=<id>`.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { BOARD_ROLES, type BoardRole, type TokenClaims } from '@qe/shared';
import { signToken } from '../auth/tokens.js';
import { loadConfig } from '../config.js';

function fail(message: string): never {
  console.error(`token: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    board: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    admin: { type: 'boolean', default: false },
    sub: { type: 'string' },
    ttl: { type: 'string', default: String(12 * 3600) },
  },
});

const name = values.name?.trim() || fail('--name is required');
const ttl = Number(values.ttl);
if (!Number.isInteger(ttl) || ttl <= 0) fail('--ttl must be a positive number of seconds');

let claims: TokenClaims;
const sub = values.sub ?? `cli-${randomUUID()}`;
if (values.admin) {
  claims = { sub, name, role: 'admin', ...(values.board ? { board: values.board } : {}) };
} else {
  const board = values.board ?? fail('--board is required (or --admin)');
  const role = values.role ?? fail(`--role is required: ${BOARD_ROLES.join(', ')}`);
  if (!(BOARD_ROLES as readonly string[]).includes(role)) fail(`--role must be one of ${BOARD_ROLES.join(', ')}`);
  claims = { sub, name, role: role as BoardRole, board };
}

console.log(signToken(claims, loadConfig().jwtSecret, ttl));
