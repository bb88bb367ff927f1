import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { isRole, type TokenClaims } from '@qe/shared';

const ALGORITHM = 'HS256';

// jsonwebtoken turns a string secret into a key on every call (first trying it as a public key,
// which throws); converting once makes verifying a token about 30× cheaper.
const keys = new Map<string, KeyObject>();
function keyFor(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

export function signToken(claims: TokenClaims, secret: string, ttlSeconds: number): string {
  const { sub, ...rest } = claims;
  return jwt.sign(rest, keyFor(secret), { algorithm: ALGORITHM, subject: sub, expiresIn: ttlSeconds });
}

export class TokenError extends Error {
  constructor(
    readonly reason: 'missing' | 'invalid' | 'expired',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Verifies signature (HS256 only, so `alg: none` is refused), expiry and claim shapes. Answers the
 * claims, when the token expires (seconds since the epoch) and the verified payload with its other
 * fields (a ticket's own): one decode per token.
 */
export function verifyToken(token: string | undefined | null, secret: string): { claims: TokenClaims; expiresAt: number; payload: jwt.JwtPayload } {
  if (!token) throw new TokenError('missing', 'No token given');
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(token, keyFor(secret), { algorithms: [ALGORITHM] });
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) throw new TokenError('expired', 'Token expired');
    throw new TokenError('invalid', `Token rejected: ${(error as Error).message}`);
  }
  if (typeof payload === 'string') throw new TokenError('invalid', 'Token payload is not an object');
  const { sub, name, role, board, proc, inv, acct } = payload;
  if (acct !== undefined && acct !== true) throw new TokenError('invalid', 'Token account flag is not true');
  if (inv !== undefined && typeof inv !== 'string') throw new TokenError('invalid', 'Token invite is not a string');
  if (typeof sub !== 'string' || sub === '') throw new TokenError('invalid', 'Token has no subject');
  if (typeof name !== 'string' || name === '') throw new TokenError('invalid', 'Token has no name');
  if (!isRole(role)) throw new TokenError('invalid', 'Token has no valid role');
  if (board !== undefined && typeof board !== 'string') throw new TokenError('invalid', 'Token board is not a string');
  if (proc !== undefined && (typeof proc !== 'string' || board !== undefined))
    throw new TokenError('invalid', 'Token procedure is not a string or names a board too');
  if (board === undefined && proc === undefined && role !== 'admin' && role !== 'moderator') {
    throw new TokenError('invalid', `A ${role} token must name a board or a procedure`);
  }
  const claims: TokenClaims = {
    sub,
    name,
    role,
    ...(board === undefined ? {} : { board }),
    ...(proc === undefined ? {} : { proc }),
    ...(inv === undefined ? {} : { inv }),
    ...(acct ? { acct } : {}),
  };
  if (typeof payload.exp !== 'number') throw new TokenError('invalid', 'Token has no expiry');
  return { claims, expiresAt: payload.exp, payload };
}
