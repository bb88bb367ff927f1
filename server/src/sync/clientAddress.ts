import type { IncomingMessage } from 'node:http';

/**
 * The client's address as express's `req.ip` gives it with "trust proxy" set to a number of hops
 * (TRUST_PROXY): the socket's peer, or, behind `hops` proxies, the address that many entries from
 * the right of X-Forwarded-For (its leftmost one if it is shorter). Entries further left are the
 * client's own say and are not trusted.
 */
export function clientAddress(request: IncomingMessage, hops: number): string {
  const peer = request.socket.remoteAddress ?? '';
  if (hops <= 0) return peer;
  const header = request.headers['x-forwarded-for'] ?? '';
  const forwarded = (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .reverse();
  const chain = [peer, ...forwarded];
  return chain[Math.min(hops, chain.length - 1)]!;
}
