import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { urlSafeId } from './ids.js';

describe('url-safe ids', () => {
  it('never begin with "-" or "_", and keep 16 base64url characters for 12 bytes', () => {
    const ids = Array.from({ length: 2000 }, () => urlSafeId(12));
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{15}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(urlSafeId(18)).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{23}$/);
  });

  it('draws again when the bytes would encode to a leading "-" or "_"', () => {
    // 0xf8 encodes to "-" first, 0xfc to "_"; the third draw begins with "A"
    const draws = [Buffer.alloc(12, 0xf8), Buffer.alloc(12, 0xfc), Buffer.alloc(12, 0x00)];
    expect(draws.slice(0, 2).map((bytes) => bytes.toString('base64url')[0])).toEqual(['-', '_']);
    let calls = 0;
    expect(urlSafeId(12, () => draws[calls++]!)).toBe('AAAAAAAAAAAAAAAA');
    expect(calls).toBe(3);
  });

  it('pass the token script as a plain --board value', () => {
    // an id from a draw that began with "-": the one a plain --board could not take
    let first = true;
    const id = urlSafeId(12, (size) => (first ? ((first = false), Buffer.alloc(size, 0xf8)) : Buffer.from('example-id-1', 'latin1')));
    const dataDir = mkdtempSync(path.join(tmpdir(), 'qe-ids-'));
    try {
      const token = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/token.ts', '--board', id, '--role', 'editor', '--name', 'Test'], {
        cwd: path.resolve(import.meta.dirname, '..'),
        env: { ...process.env, JWT_SECRET: 'x'.repeat(48), DATA_DIR: dataDir },
        encoding: 'utf8',
      }).trim();
      expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())).toMatchObject({ board: id, role: 'editor' });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
