import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ClientConfig, ServerTime } from '@qe/shared';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Audit } from '../audit/auditLog.js';
import { pseudonymFor } from '../audit/pseudonym.js';
import type { LoginThrottle } from '../auth/loginThrottle.js';
import { Keyring } from '../crypto/keyring.js';
import type { Config } from '../config.js';
import type { ReportPool } from '../export/reportPool.js';
import type { Storage } from '../storage/types.js';
import type { DocumentRegistry } from '../sync/DocumentRegistry.js';
import type { RedisRelay } from '../sync/RedisRelay.js';
import { RouteTable } from './access.js';
import { clientFiles } from './clientFiles.js';
import { errorHandler, HttpError } from './errors.js';
import { auditRoutes } from './routes/audit.js';
import { ballotRoutes } from './routes/ballots.js';
import { privateCardRoutes } from './routes/privateCards.js';
import { boardRoutes } from './routes/boards.js';
import { healthRoutes } from './routes/health.js';
import { importRoutes } from './routes/imports.js';
import { inviteRoutes } from './routes/invites.js';
import { participantRoutes } from './routes/participants.js';
import { procedureRoutes } from './routes/procedures.js';
import { reportRoutes } from './routes/report.js';
import { attemptLimiter, sessionRoutes } from './routes/session.js';

export interface AppOptions {
  config: Config;
  storage: Storage;
  registry: DocumentRegistry;
  audit: Audit;
  /** account lockout after wrong passwords (shared through Redis with several instances) */
  throttle: LoginThrottle;
  relay?: RedisRelay;
  /** worker threads for pre-flight and export */
  reports: ReportPool;
}

/**
 * Everything the page loads comes from this origin: no third-party script, style, font, image or
 * connection is allowed. tldraw sets inline styles on shapes, hence 'unsafe-inline' for styles
 * only; images and fetches may use blob:/data: URLs the client made itself.
 */
export const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    // tldraw reads some of its own bundled data from data: URLs
    connectSrc: ["'self'", 'data:', 'blob:'],
    workerSrc: ["'self'", 'blob:'],
    mediaSrc: ["'self'", 'blob:'],
    objectSrc: ["'none'"],
    frameSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  },
};

export type AppWithRoutes = Express & { locals: { routeTable: RouteTable } };

/** The HTTP side: JSON API under /api and the built client at every other path. */
export function createApp({ config, storage, registry, audit, throttle, relay, reports }: AppOptions): AppWithRoutes {
  const app = express() as AppWithRoutes;
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const documentHeaders = helmet({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    // the board embeds its own uploads only; no cross-origin isolation needed
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  // The hashed build files (scripts, styles, fonts, icons; no workers, nothing opened as a page) are
  // not documents: CSP, framing and the other document headers do nothing on them, and on the board
  // page's 20-odd of them cost about 15 KB per cold load. They keep what a subresource needs.
  const buildFileHeaders = helmet({
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    referrerPolicy: false,
    strictTransportSecurity: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
  app.use((req, res, next) => (req.path.startsWith('/assets/') ? buildFileHeaders : documentHeaders)(req, res, next));

  const routes = new RouteTable(config.jwtSecret, storage);
  app.locals.routeTable = routes;
  // each endpoint counts on its own, so failed logins do not block joining by link
  const limiter = () => attemptLimiter(config.loginRateLimit);
  const { jwtSecret, sessionTtlSeconds } = config;

  const api = express.Router();
  api.use(express.json({ limit: '1mb' }));
  // API answers carry personal data: never cache them in shared or browser caches unless a route says so
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.use(healthRoutes({ storage, relay, routes }));
  // the clients' reference clock for the shared timer
  routes.add(api, 'get', '/time', 'public', (_req, res) => {
    res.json({ now: Date.now() } satisfies ServerTime);
  });
  routes.add(api, 'get', '/config', 'public', (_req, res) => {
    res.json({ tldrawLicenseKey: config.tldrawLicenseKey, retentionDays: config.retentionDays } satisfies ClientConfig);
  });
  api.use(sessionRoutes({ storage, routes, audit, pseudonym: pseudonymFor(config.dataKey), throttle, attemptLimiter: limiter, jwtSecret, sessionTtlSeconds }));
  api.use(
    boardRoutes({ storage, registry, routes, audit, jwtSecret, sessionTtlSeconds, maxAssetBytes: config.maxAssetBytes, retentionDays: config.retentionDays }),
  );
  api.use(procedureRoutes({ storage, registry, routes, audit, jwtSecret, sessionTtlSeconds }));
  api.use(importRoutes({ storage, registry, routes }));
  api.use(participantRoutes({ storage, registry, routes, audit }));
  api.use(inviteRoutes({ storage, registry, routes, audit, jwtSecret, sessionTtlSeconds, attemptLimiter: limiter }));
  api.use(reportRoutes({ storage, registry, routes, audit, keyring: new Keyring(config.dataKey, config.previousDataKeys), reports }));
  api.use(auditRoutes({ storage, routes, audit }));
  api.use(ballotRoutes({ routes, jwtSecret }));
  api.use(privateCardRoutes({ storage, registry, routes, audit }));
  api.use((req) => {
    throw new HttpError(404, 'not_found', `No API route ${req.method} ${req.path}`);
  });
  api.use(errorHandler);
  app.use('/api', api);

  const indexHtml = path.join(config.clientDir, 'index.html');
  if (existsSync(indexHtml)) {
    app.use(clientFiles(config.clientDir));
  } else {
    app.get(/.*/, (_req, res) => {
      res.status(503).type('text').send('Client not built: run "npm run build" first.');
    });
  }
  return app;
}
