import { readFileSync } from 'node:fs';
import { listRecords, parseCsv, decodeCsvBytes } from '@qe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EXAMPLE_CASE_FILES } from '../helpers/fixtureBoard.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.stop());

async function post(board: string, kind: string, body: Uint8Array | string, query = '', role: 'editor' | 'observer' = 'editor') {
  const response = await fetch(`${t.server.url}/api/boards/${board}/import/${kind}${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.token({ role, board })}`, 'content-type': 'text/csv' },
    body: typeof body === 'string' ? body : Buffer.from(body),
  });
  return { status: response.status, body: (await response.json()) as { imported: number; errors: { line: number; message: string }[] } };
}

const chronology = readFileSync(EXAMPLE_CASE_FILES.chronology);
const persons = readFileSync(EXAMPLE_CASE_FILES.persons);
const rowsIn = (file: Buffer) => parseCsv(decodeCsvBytes(file).text).rows.length;

describe('import API', () => {
  it('validates on dry run without writing, then imports into the live board for connected clients', async () => {
    const board = await t.createBoard();
    const client = connectProvider(t.server.url, board, t.token({ role: 'observer', board }));
    await waitForSynced(client.provider);

    // the person register first: the chronology's "Beteiligte" column then links to it
    expect(await post(board, 'persons', persons)).toMatchObject({ status: 200, body: { imported: rowsIn(persons), errors: [] } });

    const dry = await post(board, 'chronology', chronology, '?dryRun=1');
    expect(dry).toMatchObject({ status: 200, body: { imported: rowsIn(chronology), errors: [] } });
    expect(listRecords((await t.server.registry.open(board)).doc, 'events').records).toHaveLength(0);

    const real = await post(board, 'chronology', chronology);
    expect(real).toMatchObject({ status: 200, body: { imported: rowsIn(chronology), errors: [] } });
    await eventually(() => listRecords(client.doc, 'events').records.length === rowsIn(chronology), 5000, 'events at the client');
    client.provider.destroy();

    // the import is stored before the API answers
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.mergeUpdates(await t.server.storage.documents.load(board)));
    expect(listRecords(stored, 'events').records).toHaveLength(rowsIn(chronology));
    expect(listRecords(stored, 'persons').records).toHaveLength(rowsIn(persons));
    const registered = new Set(listRecords(stored, 'persons').records.map((person) => person.id));
    const linked = listRecords(stored, 'events').records.flatMap((event) => event.personIds);
    expect(linked.length).toBeGreaterThan(rowsIn(chronology));
    expect(linked.every((id) => registered.has(id))).toBe(true);
  });

  it('imports nothing while rows have errors, unless asked to skip them', async () => {
    const board = await t.createBoard();
    const file = 'Datum;Akteur;Ereignis\n14.03.2019;ASD;ok\n31.02.2020;ASD;falsch\n';
    const refused = await post(board, 'chronology', file);
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({ imported: 0, errors: [{ line: 3, message: '"31.02.2020" ist kein gültiges Datum' }], dryRun: false });
    expect(listRecords((await t.server.registry.open(board)).doc, 'events').records).toHaveLength(0);
    const skipped = await post(board, 'chronology', file, '?skipInvalid=1');
    expect(skipped).toMatchObject({ status: 200, body: { imported: 1 } });
  });

  it('refuses observers, unknown importers and empty bodies', async () => {
    const board = await t.createBoard();
    expect((await post(board, 'chronology', chronology, '', 'observer')).status).toBe(403);
    expect((await post(board, 'shapes', chronology)).status).toBe(404);
    expect((await post(board, 'chronology', '')).status).toBe(400);
  });
});
