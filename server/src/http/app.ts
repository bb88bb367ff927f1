import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { Config } from '../config.js';
import type { Storage } from '../storage/types.js';
import type { DocumentRegistry } from '../sync/DocumentRegistry.js';
import type { RedisRelay } from '../sync/RedisRelay.js';
import { errorHandler, HttpError } from './errors.js';
import { boardRoutes } from './routes/boards.js';
import { healthRoutes } from './routes/health.js';
import { importRoutes } from './routes/imports.js';
import { inviteRoutes } from './routes/invites.js';
import { participantRoutes } from './routes/participants.js';
import { reportRoutes } from './routes/report.js';
import { sessionRoutes } from './routes/session.js';

export interface AppOptions {
  config: Config;
  storage: Storage;
  registry: DocumentRegistry;
  relay?: RedisRelay;
}

/** The HTTP side: JSON API under /api and the built client at every other path. */
export function createApp({ config, storage, registry, relay }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');

  const api = express.Router();
  api.use(express.json({ limit: '1mb' }));
  api.use(healthRoutes(storage, relay));
  // the clients' reference clock for the shared timer
  api.get('/time', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ now: Date.now() });
  });
  api.get('/config', (_req, res) => {
    res.json({ tldrawLicenseKey: config.tldrawLicenseKey });
  });
  api.use(sessionRoutes({ storage, jwtSecret: config.jwtSecret, sessionTtlSeconds: config.sessionTtlSeconds }));
  api.use(
    boardRoutes({
      storage,
      registry,
      jwtSecret: config.jwtSecret,
      sessionTtlSeconds: config.sessionTtlSeconds,
      maxAssetBytes: config.maxAssetBytes,
    }),
  );
  api.use(importRoutes({ storage, registry, jwtSecret: config.jwtSecret }));
  api.use(participantRoutes({ storage, registry, jwtSecret: config.jwtSecret }));
  api.use(inviteRoutes({ storage, registry, jwtSecret: config.jwtSecret, sessionTtlSeconds: config.sessionTtlSeconds }));
  api.use(reportRoutes({ storage, registry, jwtSecret: config.jwtSecret, dataKey: config.dataKey }));
  api.use((req) => {
    throw new HttpError(404, 'not_found', `No API route ${req.method} ${req.path}`);
  });
  api.use(errorHandler);
  app.use('/api', api);

  const indexHtml = path.join(config.clientDir, 'index.html');
  if (existsSync(indexHtml)) {
    app.use(express.static(config.clientDir, { index: false, maxAge: '1h' }));
    // client-side routes (/, /login, /boards/:id …) all load the app shell
    app.get(/.*/, (_req, res) => res.sendFile(indexHtml));
  } else {
    app.get(/.*/, (_req, res) => {
      res.status(503).type('text').send('Client not built: run "npm run build" first.');
    });
  }
  return app;
}
