import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding, clientFiles, IMMUTABLE, REVALIDATE } from './clientFiles.js';

const script = 'export const greeting = "Guten Tag";\n'.repeat(200);
let dir: string;
let server: http.Server;
let base: string;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw request: no client that decompresses or caches on its own. */
function get(urlPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${urlPath}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'qe-client-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>QE</title>');
  writeFileSync(path.join(dir, 'robots.txt'), 'User-agent: *\n');
  writeFileSync(path.join(dir, 'assets/app-Ab12_x.js'), script);
  writeFileSync(path.join(dir, 'assets/app-Ab12_x.js.br'), zlib.brotliCompressSync(script));
  writeFileSync(path.join(dir, 'assets/app-Ab12_x.js.gz'), zlib.gzipSync(script));
  writeFileSync(path.join(dir, 'assets/only-gzip-Cd34.css'), 'body{}'.repeat(100));
  writeFileSync(path.join(dir, 'assets/only-gzip-Cd34.css.gz'), zlib.gzipSync('body{}'.repeat(100)));
  writeFileSync(path.join(dir, 'assets/font-Ef56.woff2'), Buffer.alloc(64, 1));
  const app = express();
  app.use(clientFiles(dir));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('chooseEncoding', () => {
  const both = new Set(['br', 'gzip'] as const);
  it('prefers brotli among equals and follows q-values', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd', both)).toBe('br');
    expect(chooseEncoding('gzip, deflate', both)).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip', both)).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0.1', both)).toBe('gzip');
    expect(chooseEncoding('*', both)).toBe('br');
    expect(chooseEncoding('*;q=0, identity', both)).toBeUndefined();
    expect(chooseEncoding('identity', both)).toBeUndefined();
    expect(chooseEncoding('', both)).toBeUndefined();
    expect(chooseEncoding(undefined, both)).toBeUndefined();
    expect(chooseEncoding('br', new Set(['gzip'] as const))).toBeUndefined();
  });
});

describe('clientFiles', () => {
  it('sends the brotli file to a browser that takes it, cacheable for a year', async () => {
    const answer = await get('/assets/app-Ab12_x.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['content-type']).toMatch(/^text\/javascript/);
    expect(answer.headers.vary).toMatch(/Accept-Encoding/i);
    expect(answer.headers['cache-control']).toBe(IMMUTABLE);
    expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
    expect(answer.body.length).toBeLessThan(script.length / 10);
    expect(zlib.brotliDecompressSync(answer.body).toString()).toBe(script);
  });

  it('sends gzip, or the plain file, to browsers that take no brotli', async () => {
    const gz = await get('/assets/app-Ab12_x.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(script);
    const onlyGzip = await get('/assets/only-gzip-Cd34.css', { 'accept-encoding': 'br, gzip' });
    expect(onlyGzip.headers['content-encoding']).toBe('gzip');
    expect(onlyGzip.headers['content-type']).toMatch(/^text\/css/);

    const plain = await get('/assets/app-Ab12_x.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    expect(plain.headers['cache-control']).toBe(IMMUTABLE);
    expect(plain.body.toString()).toBe(script);
  });

  it('answers conditional and HEAD requests for compressed files', async () => {
    const first = await get('/assets/app-Ab12_x.js', { 'accept-encoding': 'br' });
    expect(first.headers.etag).toBeTruthy();
    const again = await get('/assets/app-Ab12_x.js', { 'accept-encoding': 'br', 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const head = await get('/assets/app-Ab12_x.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(Number(head.headers['content-length'])).toBe(first.body.length);
  });

  it('sends fonts as they are, cacheable for a year', async () => {
    const font = await get('/assets/font-Ef56.woff2', { 'accept-encoding': 'br, gzip' });
    expect(font.status).toBe(200);
    expect(font.headers['content-encoding']).toBeUndefined();
    expect(font.headers['content-type']).toBe('font/woff2');
    expect(font.headers['cache-control']).toBe(IMMUTABLE);
  });

  it('serves the app shell for client routes, revalidated every time', async () => {
    for (const route of ['/', '/login', '/boards/abc', '/join/xyz']) {
      const page = await get(route, { 'accept-encoding': 'br, gzip' });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe(REVALIDATE);
      expect(page.body.toString()).toContain('<title>QE</title>');
    }
    const first = await get('/boards/abc');
    const again = await get('/boards/abc', { 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
    const unhashed = await get('/robots.txt');
    expect(unhashed.headers['cache-control']).toBe(REVALIDATE);
  });

  it('answers 404 for a hashed file that is not there (an old build), not the app shell', async () => {
    const missing = await get('/assets/app-old123.js', { 'accept-encoding': 'br' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-encoding']).toBeUndefined();
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it('serves nothing outside the client folder', async () => {
    const escaped = await get('/assets/..%2f..%2findex.html');
    expect(escaped.status).not.toBe(500);
    expect(escaped.body.toString()).not.toContain('root:');
    const traversal = await get('/../../../../etc/passwd');
    expect(traversal.body.toString()).not.toContain('root:');
  });
});
