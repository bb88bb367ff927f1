import { randomBytes } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { inviteBody, joinBody, SYNC_CLOSE, type Invite, type InviteInfo, type InviteList, type InviteRevoked, type Joined } from '@qe/shared';
import { signToken } from '../../auth/tokens.js';
import { inviteProblem } from '../../auth/invites.js';
import { urlSafeId } from '../../ids.js';
import type { Audit } from '../../audit/auditLog.js';
import type { InviteLink, Storage } from '../../storage/types.js';
import type { DocumentRegistry } from '../../sync/DocumentRegistry.js';
import { claimsOf, type RouteTable } from '../access.js';
import { existingBoard } from '../boardLookup.js';
import { HttpError, parseBody } from '../errors.js';

const presentLink = (link: InviteLink): Invite => ({ ...link, path: `/join/${link.id}` });

/**
 * Invite links: moderators create them per board (role, expiry, optional use limit, label), list
 * and revoke them; revoking closes live connections made with the link. Guests open a link, give a
 * display name and get a board token (no account). The audit log names a link by its public id:
 * the id itself is the secret that lets anyone join.
 */
export interface InviteRoutesOptions {
  storage: Storage;
  registry: DocumentRegistry;
  routes: RouteTable;
  audit: Audit;
  jwtSecret: string;
  sessionTtlSeconds: number;
  /** joining mints a token without a password: limited per address like login */
  attemptLimiter: () => RequestHandler;
}

export function inviteRoutes({ storage, registry, routes, audit, jwtSecret, sessionTtlSeconds, attemptLimiter }: InviteRoutesOptions): Router {
  const router = Router();
  routes.add(router, 'post', '/boards/:id/invites', 'board:moderate', async (req, res) => {
    const claims = claimsOf(res);
    await existingBoard(storage, req.params.id);
    const input = parseBody(inviteBody, req.body);
    const link = await storage.invites.create({
      // the link's secret part, in the invite URL: never begins with "-" or "_"
      id: urlSafeId(18),
      boardId: req.params.id,
      role: input.role,
      label: input.label,
      expiresAt: new Date(Date.now() + input.expiresInHours * 3600_000).toISOString(),
      maxUses: input.maxUses,
      createdBy: claims.sub,
    });
    await audit(claims, 'invite_created', link.boardId, { invite: link.publicId, role: link.role, expiresAt: link.expiresAt, maxUses: link.maxUses });
    res.status(201).json(presentLink(link));
  });

  routes.add(router, 'get', '/boards/:id/invites', 'board:moderate', async (req, res) => {
    res.json({ invites: (await storage.invites.listForBoard(req.params.id)).map(presentLink) } satisfies InviteList);
  });

  routes.add(router, 'delete', '/boards/:id/invites/:inviteId', 'board:moderate', async (req, res) => {
    const link = await storage.invites.get(req.params.inviteId);
    if (!link || link.boardId !== req.params.id) throw new HttpError(404, 'invite_not_found', 'No such invite link on this board');
    await storage.invites.revoke(link.id);
    const closed = await registry.closeConnections(
      link.boardId,
      (connection) => connection.claims.inv === link.id,
      SYNC_CLOSE.accessRevoked,
      'invite link revoked',
    );
    await audit(claimsOf(res), 'invite_revoked', link.boardId, { invite: link.publicId, disconnected: closed });
    res.json({ revoked: link.id, disconnected: closed } satisfies InviteRevoked);
  });

  routes.add(router, 'get', '/invites/:inviteId', 'public', async (req, res) => {
    const link = await storage.invites.get(req.params.inviteId);
    const problem = inviteProblem(link);
    if (problem) throw new HttpError(problem.status, problem.code, problem.message);
    const board = await existingBoard(storage, link!.boardId);
    res.json({ boardName: board.name, role: link!.role, label: link!.label, expiresAt: link!.expiresAt } satisfies InviteInfo);
  });

  routes.add(router, 'post', '/invites/:inviteId/join', 'public', attemptLimiter(), async (req, res) => {
    const { name } = parseBody(joinBody, req.body);
    const link = await storage.invites.get(req.params.inviteId);
    const problem = inviteProblem(link);
    if (problem) throw new HttpError(problem.status, problem.code, problem.message);
    if (!(await storage.invites.use(link!.id))) throw new HttpError(410, 'invite_used_up', 'The invite link has been used up');
    const untilExpiry = Math.floor((Date.parse(link!.expiresAt) - Date.now()) / 1000);
    const guest = { sub: `guest-${randomBytes(9).toString('base64url')}`, name };
    const token = signToken(
      { ...guest, role: link!.role, board: link!.boardId, inv: link!.id },
      jwtSecret,
      Math.max(Math.min(60, sessionTtlSeconds), Math.min(sessionTtlSeconds, untilExpiry)),
    );
    await audit(guest, 'invite_used', link!.boardId, { invite: link!.publicId, role: link!.role });
    res.status(201).json({ token, boardId: link!.boardId } satisfies Joined);
  });

  return router;
}
