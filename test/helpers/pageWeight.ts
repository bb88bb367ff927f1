import type { BrowserContext, Page } from 'playwright-core';

/** What one page load pulled over the network, from Chromium's own accounting (DevTools protocol). */
export interface PageWeight {
  /** bytes on the wire (headers and compressed bodies) per resource type: script, font, stylesheet … */
  byType: Record<string, number>;
  total: number;
  requests: number;
  /** requests answered from the browser's cache, without a round trip */
  fromCache: number;
  /** every response, largest first */
  responses: Transfer[];
}

export interface Transfer {
  /** path and query */
  url: string;
  type: string;
  status: number;
  bytes: number;
  /** Content-Encoding, '' for none */
  encoding: string;
  cacheControl: string;
  fromCache: boolean;
}

interface Seen {
  url: string;
  type: string;
  encoding: string;
  cacheControl: string;
  status: number;
  bytes?: number;
  cached?: boolean;
}

/**
 * Opens `url` in a new tab of `context` and sums what the network delivered until the page is
 * ready (`ready`), its fonts are loaded and no request has been open for a while.
 * A fresh context has a cold cache; a second call in the same context measures a repeat visit.
 */
export async function measurePage(context: BrowserContext, url: string, ready: (page: Page) => Promise<unknown>): Promise<{ page: Page; weight: PageWeight }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const seen = new Map<string, Seen>();
  const open = new Set<string>();
  let lastActivity = Date.now();
  const touch = () => (lastActivity = Date.now());
  cdp.on('Network.requestWillBeSent', (event) => {
    open.add(event.requestId);
    if (!seen.has(event.requestId))
      seen.set(event.requestId, { url: event.request.url, type: event.type ?? 'Other', encoding: '', cacheControl: '', status: 0 });
    touch();
  });
  cdp.on('Network.requestServedFromCache', (event) => {
    const entry = seen.get(event.requestId);
    if (entry) entry.cached = true;
  });
  cdp.on('Network.responseReceived', (event) => {
    const entry = seen.get(event.requestId) ?? { url: event.response.url, type: event.type, encoding: '', cacheControl: '', status: 0 };
    entry.type = event.type;
    entry.status = event.response.status;
    const headers = Object.fromEntries(Object.entries(event.response.headers).map(([key, value]) => [key.toLowerCase(), String(value)]));
    entry.encoding = headers['content-encoding'] ?? '';
    entry.cacheControl = headers['cache-control'] ?? '';
    if (event.response.fromDiskCache || event.response.fromPrefetchCache) entry.cached = true;
    seen.set(event.requestId, entry);
    touch();
  });
  cdp.on('Network.loadingFinished', (event) => {
    const entry = seen.get(event.requestId);
    if (entry) entry.bytes = event.encodedDataLength;
    open.delete(event.requestId);
    touch();
  });
  cdp.on('Network.loadingFailed', (event) => {
    open.delete(event.requestId);
    touch();
  });
  await cdp.send('Network.enable');

  await page.goto(url);
  await ready(page);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // quiet for a second: lazy chunks, translations and fonts asked for after the first paint are in
  while (open.size > 0 || Date.now() - lastActivity < 1000) await page.waitForTimeout(100);
  await cdp.detach();

  const byType: Record<string, number> = {};
  let total = 0;
  let fromCache = 0;
  const entries = [...seen.values()].filter((entry) => !entry.url.startsWith('data:') && !entry.url.startsWith('blob:'));
  for (const entry of entries) {
    const bytes = entry.bytes ?? 0;
    if (entry.cached) fromCache++;
    byType[entry.type] = (byType[entry.type] ?? 0) + bytes;
    total += bytes;
  }
  const responses = entries
    .map((entry): Transfer => {
      const url = new URL(entry.url);
      return {
        url: url.pathname + url.search,
        type: entry.type,
        status: entry.status,
        bytes: entry.bytes ?? 0,
        encoding: entry.encoding,
        cacheControl: entry.cacheControl,
        fromCache: entry.cached ?? false,
      };
    })
    .sort((a, b) => b.bytes - a.bytes);
  return { page, weight: { byType, total, requests: entries.length, fromCache, responses } };
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** One log line per page: total and the main resource types. */
export function describeWeight(name: string, weight: PageWeight): string {
  const parts = Object.entries(weight.byType)
    .filter(([, bytes]) => bytes > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([type, bytes]) => `${type.toLowerCase()} ${kb(bytes)}`);
  return `${name.padEnd(22)} ${kb(weight.total).padStart(10)}  (${weight.requests} requests, ${weight.fromCache} from cache; ${parts.join(', ')})`;
}
