import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
const api = apiClient(() => t);
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.stop());

/** Ids go into URLs and onto command lines (`npm run token -- --board <id>`): never a leading "-" or "_". */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]+$/;

describe('board and invite ids', () => {
  it('never begin with "-" or "_", so they work as a command-line argument', async () => {
    // plain base64url ids begin so about once in 32: 200 ids would show it almost surely (> 99.8 %)
    const moderator = t.token({ role: 'moderator' });
    const boards = await Promise.all(Array.from({ length: 150 }, (_, i) => api('POST', '/boards', { token: moderator, body: { name: `Board ${i}` } })));
    const ids = boards.map((answer) => answer.body.id as string);
    expect(ids.filter((id) => !SAFE_ID.test(id))).toEqual([]);
    const board = ids[0]!;
    const boardModerator = t.token({ role: 'moderator', board });
    const invites = await Promise.all(
      Array.from({ length: 50 }, () => api('POST', `/boards/${board}/invites`, { token: boardModerator, body: { role: 'editor' } })),
    );
    expect(invites.map((answer) => answer.body.id as string).filter((id) => !SAFE_ID.test(id))).toEqual([]);
  });
});
