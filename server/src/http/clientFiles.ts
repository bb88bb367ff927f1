import { readdirSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Response } from 'express';

/** Build output under assets/ carries a content hash in its name: a browser may keep it for good. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and unhashed files: kept, but asked for again each time (answered 304 while unchanged). */
export const REVALIDATE = 'no-cache';

/** Precompressed variants the build writes beside a file, best first. */
const VARIANTS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;
type Encoding = (typeof VARIANTS)[number]['encoding'];

/**
 * The encoding to answer with, from the request's Accept-Encoding and the variants on disk: the
 * client's highest q-value wins, ties go to the smaller brotli. undefined: send the file as it is.
 */
export function chooseEncoding(acceptEncoding: string | undefined, available: ReadonlySet<Encoding>): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  let best: Encoding | undefined;
  let bestQ = 0;
  for (const { encoding } of VARIANTS) {
    if (!available.has(encoding)) continue;
    const value = q.get(encoding) ?? q.get('*') ?? 0;
    if (value > bestQ) {
      best = encoding;
      bestQ = value;
    }
  }
  return best;
}

/** URL path (/assets/x.js) → encodings that have a precompressed file beside it. */
function precompressedFiles(clientDir: string): Map<string, Set<Encoding>> {
  const found = new Map<string, Set<Encoding>>();
  for (const entry of readdirSync(clientDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const variant = VARIANTS.find(({ suffix }) => entry.name.endsWith(suffix));
    if (!variant) continue;
    const original = path.join(entry.parentPath, entry.name.slice(0, -variant.suffix.length));
    const urlPath = '/' + path.relative(clientDir, original).split(path.sep).join('/');
    if (!found.has(urlPath)) found.set(urlPath, new Set());
    found.get(urlPath)!.add(variant.encoding);
  }
  return found;
}

const cacheControlFor = (urlPath: string) => (urlPath.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);

/**
 * The built client: its files, compressed ones as the build precompressed them (brotli or gzip,
 * whichever the browser takes), hashed assets cacheable for a year, and index.html for every
 * other path (the client's own routes), always revalidated so a new build is seen at once.
 * The folder is read once: a new build needs a restart, as the server is started after it.
 */
export function clientFiles(clientDir: string): Router {
  const root = path.resolve(clientDir);
  const indexHtml = path.join(root, 'index.html');
  const precompressed = precompressedFiles(root);
  const router = Router();

  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const available = precompressed.get(req.path);
    if (!available) return next();
    res.vary('Accept-Encoding');
    const encoding = chooseEncoding(req.get('accept-encoding'), available);
    if (!encoding) return next();
    const variant = VARIANTS.find((candidate) => candidate.encoding === encoding)!;
    const file = path.join(root, ...req.path.split('/')) + variant.suffix;
    res.type(path.extname(req.path));
    res.set('Content-Encoding', encoding);
    res.sendFile(file, { cacheControl: false, headers: { 'Cache-Control': cacheControlFor(req.path) } }, (error?: Error) => {
      if (!error || res.headersSent) return;
      // the variant vanished: fall back to the plain file
      res.removeHeader('Content-Encoding');
      res.removeHeader('Content-Type');
      res.removeHeader('Cache-Control');
      next();
    });
  });

  router.use(
    express.static(root, {
      index: false,
      cacheControl: false,
      setHeaders: (res: Response, file: string) => {
        res.set('Cache-Control', cacheControlFor('/' + path.relative(root, file).split(path.sep).join('/')));
      },
    }),
  );
  // a missing hashed file is an old build's: a 404, not the app shell (which would fail as a script)
  router.use('/assets', (_req, res) => {
    res.status(404).set('Cache-Control', 'no-store').type('text').send('Not found');
  });
  // client-side routes (/, /login, /boards/:id …) all load the app shell
  router.get(/.*/, (_req, res, next) => {
    res.sendFile(indexHtml, { cacheControl: false, headers: { 'Cache-Control': REVALIDATE } }, (error?: Error) => {
      if (error && !res.headersSent) next(error);
    });
  });
  return router;
}
