import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../../auth/passwords.js';
import { signToken } from '../../auth/tokens.js';
import type { Storage, User } from '../../storage/types.js';
import { authenticate, claimsOf } from '../authenticate.js';
import { HttpError, parseBody } from '../errors.js';

const accountSchema = z.object({
  email: z.email(),
  name: z.string().trim().min(1).max(100),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(200),
});

const loginSchema = z.object({ email: z.string().min(1), password: z.string().min(1) });

export interface SessionOptions {
  storage: Storage;
  jwtSecret: string;
  sessionTtlSeconds: number;
}

/** First-run setup, login and the current session. */
export function sessionRoutes({ storage, jwtSecret, sessionTtlSeconds }: SessionOptions): Router {
  const router = Router();
  const session = (user: User) => ({
    token: signToken(
      { sub: user.id, name: user.name, role: user.isAdmin ? 'admin' : 'moderator' },
      jwtSecret,
      sessionTtlSeconds,
    ),
    user: { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin },
  });

  router.get('/setup', async (_req, res) => {
    res.json({ needed: (await storage.users.count()) === 0 });
  });

  router.post('/setup', async (req, res) => {
    const input = parseBody(accountSchema, req.body);
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
    res.status(201).json(session(user));
  });

  router.post('/login', async (req, res) => {
    const input = parseBody(loginSchema, req.body);
    const user = await storage.users.findByEmail(input.email.trim());
    if (!user || !(await verifyPassword(input.password, user.passwordHash))) {
      throw new HttpError(401, 'login_failed', 'E-mail or password is wrong');
    }
    res.json(session(user));
  });

  router.get('/me', authenticate(jwtSecret), (_req, res) => {
    const { sub, name, role, board } = claimsOf(res);
    res.json({ id: sub, name, role, board: board ?? null });
  });

  return router;
}
