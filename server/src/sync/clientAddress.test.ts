import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './clientAddress.js';

const request = (forwardedFor?: string) =>
  ({ socket: { remoteAddress: '10.0.0.1' }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('clientAddress (as express req.ip with trust proxy = hops)', () => {
  it('is the peer without trusted proxies, whatever the header says', () => {
    expect(clientAddress(request('1.2.3.4'), 0)).toBe('10.0.0.1');
  });

  it('takes the entry `hops` from the right of X-Forwarded-For', () => {
    expect(clientAddress(request('6.6.6.6, 1.2.3.4'), 1)).toBe('1.2.3.4');
    expect(clientAddress(request('6.6.6.6, 1.2.3.4, 172.16.0.2'), 2)).toBe('1.2.3.4');
  });

  it('stops at the leftmost entry, and at the peer without a header', () => {
    expect(clientAddress(request('1.2.3.4'), 3)).toBe('1.2.3.4');
    expect(clientAddress(request(), 1)).toBe('10.0.0.1');
    expect(clientAddress(request(' , 1.2.3.4 ,'), 1)).toBe('1.2.3.4');
  });
});
