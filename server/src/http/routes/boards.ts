import {
  boardNameBody,
  EXAMPLE_CASE,
  fillExampleCase,
  retentionBody,
  SYNC_CLOSE,
  type AssetUploaded,
  type Board,
  type BoardDetail,
  type BoardList,
  type BoardToken,
  type SyncTicket,
} from '@qe/shared';
import { CASE_TEMPLATES } from '@qe/templates';
import express, { Router } from 'express';
import type { Audit } from '../../audit/auditLog.js';
import { actorOf } from '../../auth/rights.js';
import { issueTicket, TICKET_TTL_SECONDS } from '../../auth/syncTickets.js';
import { signToken } from '../../auth/tokens.js';
import { readExampleCase } from '../../examples/exampleCase.js';
import { urlSafeId } from '../../ids.js';
import type { Storage } from '../../storage/types.js';
import type { DocumentRegistry } from '../../sync/DocumentRegistry.js';
import { deleteBoardCompletely, deletionDateAfter } from '../../retention/retention.js';
import { claimsOf, type RouteTable } from '../access.js';
import { existingBoard } from '../boardLookup.js';
import { HttpError, parseBody } from '../errors.js';

/** Image types accepted as board assets. SVG is left out: it can carry scripts. */
const ASSET_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export interface BoardRoutesOptions {
  storage: Storage;
  registry: DocumentRegistry;
  routes: RouteTable;
  audit: Audit;
  jwtSecret: string;
  sessionTtlSeconds: number;
  maxAssetBytes: number;
  retentionDays: number;
}

/** Board and asset ids: 16 url-safe characters that never begin with "-" or "_" (ids.ts). */
const newId = () => urlSafeId(12);

export function boardRoutes(options: BoardRoutesOptions): Router {
  const { storage, registry, jwtSecret, routes, audit } = options;
  const router = Router();

  const findBoard = (id: string) => existingBoard(storage, id);

  routes.add(router, 'get', '/boards', 'manager', async (_req, res) => {
    res.json({ boards: await storage.boards.list() } satisfies BoardList);
  });

  routes.add(router, 'post', '/boards', 'manager', async (req, res) => {
    const claims = claimsOf(res);
    const { name } = parseBody(boardNameBody, req.body);
    const board = await storage.boards.create({ id: newId(), name, createdBy: claims.sub });
    await audit(claims, 'board_created', board.id);
    res.status(201).json(board satisfies Board);
  });

  /**
   * "Beispiel-Board anlegen": a new board filled with the project's fictional example case
   * (shared/examples/fall-beispiel) and the three workshop templates, written through the
   * guarded write path as the caller. Audited like any board creation.
   */
  routes.add(router, 'post', '/boards/example', 'manager', async (_req, res) => {
    const claims = claimsOf(res);
    const files = readExampleCase();
    const board = await storage.boards.create({ id: newId(), name: EXAMPLE_CASE.boardName, createdBy: claims.sub });
    try {
      await registry.writeBoard(board.id, actorOf(claims), (doc) => fillExampleCase(doc, files, CASE_TEMPLATES));
    } catch (error) {
      // no half-filled example board is left behind
      await registry.discard(board.id, SYNC_CLOSE.boardDeleted, 'example board not created');
      await storage.boards.delete(board.id);
      throw error;
    }
    await audit(claims, 'board_created', board.id, { example: true });
    res.status(201).json((await storage.boards.get(board.id)) ?? board);
  });

  routes.add(router, 'get', '/boards/:id', 'board:read', async (req, res) => {
    const board = await findBoard(req.params.id);
    const place = await storage.procedures.placeOf(board.id);
    res.json({ ...board, procedure: place ? { id: place.procedureId, kind: place.kind, label: place.label } : null } satisfies BoardDetail);
  });

  routes.add(router, 'patch', '/boards/:id', 'manager', async (req, res) => {
    const { name } = parseBody(boardNameBody, req.body);
    await findBoard(req.params.id);
    await audit(claimsOf(res), 'board_renamed', req.params.id);
    // undefined only if the board was deleted meanwhile
    res.json((await storage.boards.rename(req.params.id, name)) satisfies Board | undefined);
  });

  routes.add(router, 'patch', '/boards/:id/retention', 'manager', async (req, res) => {
    const input = parseBody(retentionBody, req.body);
    const board = await findBoard(req.params.id);
    let { finishedAt, deleteAfter } = board;
    if (input.finished === true && !finishedAt) {
      finishedAt = new Date().toISOString();
      deleteAfter = deletionDateAfter(new Date(finishedAt), options.retentionDays).toISOString();
    } else if (input.finished === false) {
      finishedAt = null;
      deleteAfter = null;
    }
    if (input.deleteAfter !== undefined) {
      if (input.deleteAfter !== null && Date.parse(input.deleteAfter) < Date.now()) {
        throw new HttpError(400, 'invalid_request', 'deleteAfter must not be in the past; delete the board instead');
      }
      deleteAfter = input.deleteAfter === null ? null : new Date(input.deleteAfter).toISOString();
    }
    const updated = await storage.boards.setRetention(board.id, { finishedAt, deleteAfter });
    await audit(claimsOf(res), 'board_finished', board.id, { finished: finishedAt !== null, deleteAfter });
    res.json(updated satisfies Board | undefined);
  });

  routes.add(router, 'delete', '/boards/:id', 'admin', async (req, res) => {
    await findBoard(req.params.id);
    await deleteBoardCompletely({ storage, registry, audit }, req.params.id, claimsOf(res), 'manual');
    res.status(204).end();
  });

  /** A board-scoped token for the sync connection, with the account's role. */
  routes.add(router, 'post', '/boards/:id/token', 'manager', async (req, res) => {
    const claims = claimsOf(res);
    await findBoard(req.params.id);
    const token = signToken({ ...claims, board: req.params.id }, jwtSecret, options.sessionTtlSeconds);
    res.json({ token, role: claims.role } satisfies BoardToken);
  });

  /**
   * A sync ticket for the WebSocket URL (auth/syncTickets): valid for seconds, usable once, so
   * the token itself never stands in a URL.
   */
  routes.add(router, 'post', '/boards/:id/sync-ticket', 'board:read', async (req, res) => {
    await findBoard(req.params.id);
    const ticket = issueTicket(claimsOf(res), res.locals.tokenExpiresAt as number, jwtSecret);
    res.json({ ticket, expiresIn: TICKET_TTL_SECONDS } satisfies SyncTicket);
  });

  routes.add(router, 'post', '/boards/:id/assets', 'board:edit', express.raw({ type: () => true, limit: options.maxAssetBytes }), async (req, res) => {
    await findBoard(req.params.id);
    const mimeType = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!ASSET_TYPES.has(mimeType)) {
      throw new HttpError(415, 'unsupported_asset_type', `Only ${[...ASSET_TYPES].join(', ')} can be uploaded`);
    }
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      throw new HttpError(400, 'empty_asset', 'The upload is empty');
    }
    const id = newId();
    await storage.assets.put({ id, boardId: req.params.id, mimeType, data: req.body });
    res.status(201).json({ id, src: `/api/boards/${req.params.id}/assets/${id}` } satisfies AssetUploaded);
  });

  routes.add(router, 'get', '/boards/:id/assets/:assetId', 'board:read', async (req, res) => {
    const asset = await storage.assets.get(req.params.id, req.params.assetId);
    if (!asset) throw new HttpError(404, 'asset_not_found', 'No such asset on this board');
    res.set('Cache-Control', 'private, max-age=3600').type(asset.mimeType).send(asset.data);
  });

  return router;
}
