import { Router } from 'express';
import type { Storage } from '../../storage/types.js';

export function healthRoutes(storage: Storage): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    try {
      await storage.ping();
      res.json({ ok: true, storage: { kind: storage.kind, ok: true } });
    } catch (error) {
      res.status(503).json({ ok: false, storage: { kind: storage.kind, ok: false, error: (error as Error).message } });
    }
  });
  return router;
}
