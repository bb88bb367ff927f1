import { createHash, randomUUID } from 'node:crypto';
import {
  createRecord,
  endPrivatePhase,
  migrateCaseModel,
  privateCardBody,
  privateCardRecord,
  privateCardsMineBody,
  privatePhase,
  type PrivateCard,
  type PrivateCardCount,
  type PrivateCardList,
  type PrivateCardsRevealed,
} from '@qe/shared';
import { templateById } from '@qe/templates';
import { Router } from 'express';
import type { Audit } from '../../audit/auditLog.js';
import { actorOf } from '../../auth/rights.js';
import type { Storage, StoredPrivateCard } from '../../storage/types.js';
import type { DocumentRegistry } from '../../sync/DocumentRegistry.js';
import { claimsOf, type RouteTable } from '../access.js';
import { existingBoard } from '../boardLookup.js';
import { HttpError, parseBody } from '../errors.js';

/**
 * The key an author's private cards are stored under. In an anonymous phase it is a hash of a
 * secret only the author's client holds: the server can answer "your cards" when the secret is
 * shown again, and nothing it stores names the person.
 */
const anonymousOwner = (boardId: string, secret: string) => `anon:${createHash('sha256').update(`${boardId}:${secret}`).digest('base64url')}`;
const namedOwner = (sub: string) => `user:${sub}`;

const asApi = (card: StoredPrivateCard): PrivateCard => ({
  id: card.id,
  frame: card.frame,
  text: card.text,
  ...(card.level ? { level: card.level } : {}),
  ...(card.field ? { field: card.field } : {}),
  createdAt: card.createdAt,
});

/**
 * Private writing (shared session/privatePhase): cards written while a frame's private phase runs
 * are kept here, outside the board's doc, so no other client receives their text; each author
 * reads only their own. The moderator's reveal writes them all into the doc through the guarded
 * server write and forgets them.
 */
export function privateCardRoutes({
  storage,
  registry,
  routes,
  audit,
}: {
  storage: Storage;
  registry: DocumentRegistry;
  routes: RouteTable;
  audit: Audit;
}): Router {
  const router = Router();
  const phaseOf = (boardId: string) => registry.withBoard(boardId, (board) => privatePhase(board.doc));

  routes.add(router, 'post', '/boards/:id/private-cards', 'board:edit', async (req, res) => {
    const boardId = req.params.id;
    await existingBoard(storage, boardId);
    const body = parseBody(privateCardBody, req.body);
    const phase = await phaseOf(boardId);
    if (!phase) throw new HttpError(409, 'no_private_phase', 'No private phase is running on this board');
    const template = templateById(phase.frame);
    if (!template || !privateCardRecord(template, body)) throw new HttpError(409, 'no_private_phase', 'This frame has no private phase');
    const claims = claimsOf(res);
    const card: StoredPrivateCard = {
      id: randomUUID(),
      boardId,
      ownerKey: phase.anonymous ? anonymousOwner(boardId, body.secret) : namedOwner(claims.sub),
      frame: phase.frame,
      text: body.text,
      ...(body.level ? { level: body.level } : {}),
      ...(body.field ? { field: body.field } : {}),
      createdAt: new Date().toISOString(),
    };
    await storage.privateCards.add(card);
    // an anonymous card is logged without its author: the line says only that a card came in
    await audit(phase.anonymous ? 'system' : claims, 'private_card_added', boardId, { frame: phase.frame, anonymous: phase.anonymous });
    res.status(201).json(asApi(card) satisfies PrivateCard);
  });

  routes.add(router, 'post', '/boards/:id/private-cards/mine', 'board:edit', async (req, res) => {
    const boardId = req.params.id;
    await existingBoard(storage, boardId);
    const { secret } = parseBody(privateCardsMineBody, req.body);
    const cards = await storage.privateCards.listForOwners(boardId, [namedOwner(claimsOf(res).sub), anonymousOwner(boardId, secret)]);
    res.json({ cards: cards.map(asApi) } satisfies PrivateCardList);
  });

  routes.add(router, 'get', '/boards/:id/private-cards/count', 'board:moderate', async (req, res) => {
    await existingBoard(storage, req.params.id);
    res.json({ count: await storage.privateCards.count(req.params.id) } satisfies PrivateCardCount);
  });

  routes.add(router, 'post', '/boards/:id/private-cards/reveal', 'board:moderate', async (req, res) => {
    const boardId = req.params.id;
    await existingBoard(storage, boardId);
    const claims = claimsOf(res);
    const cards = await storage.privateCards.listForBoard(boardId);
    const written = await registry.writeBoard(boardId, actorOf(claims), (doc) => {
      migrateCaseModel(doc);
      let count = 0;
      doc.transact(() => {
        for (const card of cards) {
          const template = templateById(card.frame);
          const record = template && privateCardRecord(template, { text: card.text, level: card.level as never, field: card.field as never });
          if (!record) continue;
          if (record.kind === 'factors') createRecord(doc, 'factors', record.input);
          else if (record.kind === 'swotItems') createRecord(doc, 'swotItems', record.input);
          else createRecord(doc, 'recommendations', record.input);
          count++;
        }
        if (privatePhase(doc)) endPrivatePhase(doc);
      });
      return count;
    });
    // cards sent after the list was read stay for the next reveal
    await storage.privateCards.delete(
      boardId,
      cards.map((card) => card.id),
    );
    await audit(claims, 'private_cards_revealed', boardId, { count: written });
    res.json({ revealed: written } satisfies PrivateCardsRevealed);
  });
  return router;
}
