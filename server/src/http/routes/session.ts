import { randomUUID } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { loginBody, setupBody, type Me, type RenewedToken, type Session, type SetupStatus } from '@qe/shared';
import type { Audit } from '../../audit/auditLog.js';
import type { Pseudonym } from '../../audit/pseudonym.js';
import { inviteProblem } from '../../auth/invites.js';
import type { LoginThrottle } from '../../auth/loginThrottle.js';
import { hashPassword, verifyPassword } from '../../auth/passwords.js';
import { signToken } from '../../auth/tokens.js';
import type { Storage, User } from '../../storage/types.js';
import { claimsOf, type RouteTable } from '../access.js';
import { HttpError, parseBody } from '../errors.js';

export interface SessionOptions {
  storage: Storage;
  routes: RouteTable;
  audit: Audit;
  /** stands in for the typed e-mail of a failed login that matches no account */
  pseudonym: Pseudonym;
  throttle: LoginThrottle;
  /** makes a per-address limit for an endpoint that accepts secrets */
  attemptLimiter: () => RequestHandler;
  jwtSecret: string;
  sessionTtlSeconds: number;
}

/** Per-address limit for the endpoints that accept secrets or mint tokens without one. */
export function attemptLimiter(limitPer15Minutes: number): RequestHandler {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit: limitPer15Minutes,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // only failed attempts count: a busy office behind one address can still log in
    skipSuccessfulRequests: true,
    handler: (_req, _res, next) => next(new HttpError(429, 'too_many_requests', 'Too many attempts from this address; try again in 15 minutes')),
  });
}

/** First-run setup, login, the current session and its renewal. */
export function sessionRoutes({ storage, routes, audit, pseudonym, throttle, attemptLimiter, jwtSecret, sessionTtlSeconds }: SessionOptions): Router {
  const router = Router();
  const session = (user: User): Session => ({
    token: signToken({ sub: user.id, name: user.name, role: user.isAdmin ? 'admin' : 'moderator', acct: true }, jwtSecret, sessionTtlSeconds),
    expiresIn: sessionTtlSeconds,
    user: { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin },
  });

  routes.add(router, 'get', '/setup', 'public', async (_req, res) => {
    res.json({ needed: (await storage.users.count()) === 0 } satisfies SetupStatus);
  });

  routes.add(router, 'post', '/setup', 'public', attemptLimiter(), async (req, res) => {
    const input = parseBody(setupBody, req.body);
    if ((await storage.users.count()) > 0) {
      throw new HttpError(409, 'setup_done', 'Setup is done already; log in instead');
    }
    const user = await storage.users.create({
      id: randomUUID(),
      email: input.email,
      name: input.name,
      isAdmin: true,
      passwordHash: await hashPassword(input.password),
    });
    await audit({ sub: user.id, name: user.name }, 'setup', null);
    res.status(201).json(session(user));
  });

  routes.add(router, 'post', '/login', 'public', attemptLimiter(), async (req, res) => {
    const { email, password } = parseBody(loginBody, req.body);
    const lockedMs = await throttle.lockedFor(email);
    if (lockedMs > 0) {
      res.set('Retry-After', String(Math.ceil(lockedMs / 1000)));
      throw new HttpError(429, 'account_locked', `Too many wrong passwords; the account is locked for ${Math.ceil(lockedMs / 60_000)} more minutes`);
    }
    const user = await storage.users.findByEmail(email);
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      const locked = await throttle.fail(email);
      // what matches no account may be a password typed into the wrong field: keep only a keyed hash
      const who = user ? { sub: user.id, name: user.name } : { sub: 'unknown', name: pseudonym(email) };
      await audit(who, locked ? 'login_locked' : 'login_failed', null);
      throw new HttpError(401, 'login_failed', 'E-mail or password is wrong');
    }
    await throttle.succeed(email);
    await audit({ sub: user.id, name: user.name }, 'login', null);
    res.json(session(user));
  });

  routes.add(router, 'get', '/me', 'session', (_req, res) => {
    const { sub, name, role, board } = claimsOf(res);
    res.json({ id: sub, name, role, board: board ?? null } satisfies Me);
  });

  /**
   * A fresh token with the same claims, so tokens can be short-lived while a workshop runs all day.
   * Guests' tokens never outlive their invite link; revoked links, removed participants and
   * removed accounts get none (the route's guard asks effectiveRights).
   */
  routes.add(router, 'post', '/session/renew', 'session', async (_req, res) => {
    const claims = claimsOf(res);
    let ttl = sessionTtlSeconds;
    if (claims.inv) {
      const link = await storage.invites.get(claims.inv);
      const problem = inviteProblem(link, { ignoreUses: true });
      if (problem) throw new HttpError(problem.status, problem.code, problem.message);
      const untilLinkExpiry = Math.floor((Date.parse(link!.expiresAt) - Date.now()) / 1000);
      if (untilLinkExpiry < Math.min(60, ttl)) throw new HttpError(410, 'invite_expired', 'The invite link expires within a minute');
      ttl = Math.min(ttl, untilLinkExpiry);
    }
    res.set('Cache-Control', 'no-store').json({ token: signToken(claims, jwtSecret, ttl), expiresIn: ttl } satisfies RenewedToken);
  });

  return router;
}
