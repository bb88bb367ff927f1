import type { Health } from '@qe/shared';
import { Router } from 'express';
import type { Storage } from '../../storage/types.js';
import type { RedisRelay } from '../../sync/RedisRelay.js';
import type { RouteTable } from '../access.js';

/**
 * `ok` only when every service this instance uses answers; otherwise 503 with `status: "degraded"`,
 * so load balancers and health checks can tell.
 */
export function healthRoutes({ storage, relay, routes }: { storage: Storage; relay?: RedisRelay; routes: RouteTable }): Router {
  const router = Router();
  routes.add(router, 'get', '/health', 'public', async (_req, res) => {
    let storageStatus: Health['storage'];
    try {
      await storage.ping();
      storageStatus = { kind: storage.kind, ok: true };
    } catch (error) {
      storageStatus = { kind: storage.kind, ok: false, error: (error as Error).message };
    }
    const redisStatus = relay ? { ok: relay.healthy } : undefined;
    const ok = storageStatus.ok && (redisStatus?.ok ?? true);
    res.status(ok ? 200 : 503).json({
      ok,
      status: ok ? 'ok' : 'degraded',
      storage: storageStatus,
      ...(redisStatus ? { redis: redisStatus } : {}),
    } satisfies Health);
  });
  return router;
}
