import { randomBytes } from 'node:crypto';
import express, { Router } from 'express';
import { SYNC_CLOSE } from '@qe/shared';
import { z } from 'zod';
import { signToken } from '../../auth/tokens.js';
import type { Storage } from '../../storage/types.js';
import type { DocumentRegistry } from '../../sync/DocumentRegistry.js';
import { authenticate, requireBoardAccess, requireBoardManager } from '../authenticate.js';
import { HttpError, parseBody } from '../errors.js';

const boardNameSchema = z.object({ name: z.string().trim().min(1).max(200) });

/** Image types accepted as board assets. SVG is left out: it can carry scripts. */
const ASSET_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export interface BoardRoutesOptions {
  storage: Storage;
  registry: DocumentRegistry;
  jwtSecret: string;
  sessionTtlSeconds: number;
  maxAssetBytes: number;
}

const newId = () => randomBytes(12).toString('base64url');

export function boardRoutes(options: BoardRoutesOptions): Router {
  const { storage, registry, jwtSecret } = options;
  const router = Router();
  router.use('/boards', authenticate(jwtSecret));

  const findBoard = async (id: string) => {
    const board = await storage.boards.get(id);
    if (!board) throw new HttpError(404, 'board_not_found', `No board with id ${id}`);
    return board;
  };

  router.get('/boards', async (_req, res) => {
    requireBoardManager(res);
    res.json({ boards: await storage.boards.list() });
  });

  router.post('/boards', async (req, res) => {
    const claims = requireBoardManager(res);
    const { name } = parseBody(boardNameSchema, req.body);
    const board = await storage.boards.create({ id: newId(), name, createdBy: claims.sub });
    res.status(201).json(board);
  });

  router.get('/boards/:id', async (req, res) => {
    requireBoardAccess(res, req.params.id);
    res.json(await findBoard(req.params.id));
  });

  router.patch('/boards/:id', async (req, res) => {
    requireBoardManager(res);
    const { name } = parseBody(boardNameSchema, req.body);
    await findBoard(req.params.id);
    res.json(await storage.boards.rename(req.params.id, name));
  });

  router.delete('/boards/:id', async (req, res) => {
    requireBoardManager(res);
    await findBoard(req.params.id);
    await registry.discard(req.params.id, SYNC_CLOSE.boardDeleted, 'board deleted');
    await storage.boards.delete(req.params.id);
    res.status(204).end();
  });

  /** A board-scoped token for the sync connection, with the account's role. */
  router.post('/boards/:id/token', async (req, res) => {
    const claims = requireBoardManager(res);
    await findBoard(req.params.id);
    const token = signToken({ ...claims, board: req.params.id }, jwtSecret, options.sessionTtlSeconds);
    res.json({ token, role: claims.role });
  });

  router.post(
    '/boards/:id/assets',
    express.raw({ type: () => true, limit: options.maxAssetBytes }),
    async (req, res) => {
      const claims = requireBoardAccess(res, req.params.id);
      if (claims.role === 'observer') throw new HttpError(403, 'read_only', 'Observers cannot upload');
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
      res.status(201).json({ id, src: `/api/boards/${req.params.id}/assets/${id}` });
    },
  );

  router.get('/boards/:id/assets/:assetId', async (req, res) => {
    requireBoardAccess(res, req.params.id);
    const asset = await storage.assets.get(req.params.id, req.params.assetId);
    if (!asset) throw new HttpError(404, 'asset_not_found', 'No such asset on this board');
    res.set('Cache-Control', 'private, max-age=3600').type(asset.mimeType).send(asset.data);
  });

  return router;
}
