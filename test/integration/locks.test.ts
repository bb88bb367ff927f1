import {
  liveText,
  updateLiveText,
  agendaArray,
  ballotsOf,
  castDots,
  createRecord,
  currentVote,
  getRecord,
  kindLockKey,
  locksMap,
  migrateCaseModel,
  openVote,
  recordLockKey,
  sessionState,
  setLock,
  setVoteStatus,
  TIMER_MAP,
  updateRecord,
  VOTE_DOTS_MAP,
} from '@qe/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectProvider, eventually, waitForSynced } from '../helpers/yclient.js';

let t: TestServer;
const clients: ReturnType<typeof connectProvider>[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => clients.splice(0).forEach((c) => c.provider.destroy()));
afterAll(async () => t.stop());

async function setup() {
  const board = await t.createBoard();
  const moderator = connectProvider(t.server.url, board, t.token({ role: 'moderator', board, sub: 'mona' }));
  const editor = connectProvider(t.server.url, board, t.token({ role: 'editor', board, sub: 'erik' }));
  clients.push(moderator, editor);
  await Promise.all([waitForSynced(moderator.provider), waitForSynced(editor.provider)]);
  migrateCaseModel(moderator.doc);
  const rec = createRecord(moderator.doc, 'recommendations', { title: 'Vier-Augen-Prinzip' });
  const other = createRecord(moderator.doc, 'events', {
    date: { text: '2020', precision: 'year', approximate: false, sortKey: '2020-01-01' },
    laneId: 'lane-1',
    fact: 'Gespräch',
  });
  await eventually(() => getRecord(editor.doc, 'events', other.id) !== undefined, 5000, 'records at the editor');
  const live = await t.server.registry.open(board);
  return { board, moderator, editor, rec, other, live };
}

describe('locks enforced by the server', () => {
  it('refuses an editor’s change to a locked record, and keeps unlocked ones editable', async () => {
    const { moderator, editor, rec, other, live } = await setup();
    setLock(moderator.doc, recordLockKey('recommendations', rec.id), true, 'mona');
    await eventually(() => locksMap(editor.doc).size === 1, 5000, 'lock at the editor');

    updateRecord(editor.doc, 'recommendations', rec.id, { title: 'heimlich geändert' });
    updateRecord(editor.doc, 'events', other.id, { fact: 'Gespräch mit der Kita' });
    await eventually(() => getRecord(moderator.doc, 'events', other.id)?.fact === 'Gespräch mit der Kita', 5000, 'unlocked edit');
    await new Promise((r) => setTimeout(r, 200));
    expect(getRecord(live.doc, 'recommendations', rec.id)?.title).toBe('Vier-Augen-Prinzip');
    expect(getRecord(moderator.doc, 'recommendations', rec.id)?.title).toBe('Vier-Augen-Prinzip');

    // moderators may still change it
    updateRecord(moderator.doc, 'recommendations', rec.id, { title: 'Vier-Augen-Prinzip (abgestimmt)' });
    await eventually(() => getRecord(live.doc, 'recommendations', rec.id)?.title === 'Vier-Augen-Prinzip (abgestimmt)', 5000, 'moderator edit');
  });

  it('applies the lock to every keystroke in a live text field, and merges typing in unlocked ones', async () => {
    const { moderator, editor, rec, other, live } = await setup();
    setLock(moderator.doc, recordLockKey('recommendations', rec.id), true, 'mona');
    await eventually(() => locksMap(editor.doc).size === 1, 5000, 'lock at the editor');

    // the title is a Y.Text inside the locked record: typing into it is refused like any change
    expect(liveText(editor.doc, 'recommendations', rec.id, 'title')).toBeDefined();
    updateLiveText(editor.doc, 'recommendations', rec.id, 'title', 'Vier-Augen-Prinzip heimlich');
    // both type into the unlocked event's field at once: both keep their text
    updateLiveText(editor.doc, 'events', other.id, 'fact', 'Gespräch mit der Kita');
    updateLiveText(moderator.doc, 'events', other.id, 'fact', 'Telefonisches Gespräch');
    const merged = () => getRecord(live.doc, 'events', other.id)?.fact ?? '';
    await eventually(() => merged().includes('mit der Kita') && merged().includes('Telefonisch'), 5000, 'merged typing');
    await eventually(() => getRecord(editor.doc, 'events', other.id)?.fact === merged(), 5000, 'the same text at the editor');
    expect(getRecord(live.doc, 'recommendations', rec.id)?.title).toBe('Vier-Augen-Prinzip');
    await eventually(() => getRecord(editor.doc, 'recommendations', rec.id)?.title === 'Vier-Augen-Prinzip', 5000, 'restored at the editor');
    expect(getRecord(moderator.doc, 'recommendations', rec.id)?.title).toBe('Vier-Augen-Prinzip');
  });

  it('locks a whole frame kind, and restores what editors change there, including the lock', async () => {
    const { moderator, editor, rec, live } = await setup();
    setLock(moderator.doc, kindLockKey('recommendations'), true, 'mona');
    await eventually(() => locksMap(editor.doc).size === 1, 5000, 'lock at the editor');
    setLock(editor.doc, kindLockKey('recommendations'), false, 'erik');
    updateRecord(editor.doc, 'recommendations', rec.id, { priority: 'niedrig' });
    await eventually(
      () => locksMap(editor.doc).size === 1 && getRecord(editor.doc, 'recommendations', rec.id)?.priority === 'mittel',
      5000,
      'restored at the editor',
    );
    expect(locksMap(live.doc).has(kindLockKey('recommendations'))).toBe(true);
    expect(getRecord(live.doc, 'recommendations', rec.id)?.priority).toBe('mittel');

    // a new record in the locked frame is taken out again
    createRecord(editor.doc, 'recommendations', { title: 'neu, aber gesperrt' });
    expect(editor.doc.getMap('records.recommendations').size).toBe(2);
    // the editor holds it until the server's restore arrives
    await eventually(() => editor.doc.getMap('records.recommendations').size === 1, 3000, 'new record taken out at the editor');
    await eventually(() => Object.keys(live.doc.getMap('records.recommendations').toJSON()).length === 1, 3000, 'new record removed');
    await eventually(() => Object.keys(moderator.doc.getMap('records.recommendations').toJSON()).length === 1, 3000, 'removed for others too');
  });

  it('keeps the facilitator’s state to moderators and every ballot to its voter', async () => {
    const { board, moderator, editor, rec, live } = await setup();
    openVote(moderator.doc, {
      id: 'v1',
      title: 'Gewichtung',
      targets: [{ kind: 'recommendations', id: rec.id, label: 'Vier-Augen-Prinzip' }],
      dotsPerPerson: 3,
      anonymous: true,
    });
    castDots(moderator.doc, 'v1', 'mona', [rec.id]);
    sessionState(moderator.doc).setCurrentPhase('chronologie');
    await eventually(() => currentVote(editor.doc)?.status === 'open' && ballotsOf(editor.doc, 'v1').size === 1, 5000, 'vote at the editor');

    // an editor's own ballot counts
    castDots(editor.doc, 'v1', 'erik', [rec.id, rec.id]);
    await eventually(() => ballotsOf(live.doc, 'v1').get('erik')?.length === 2, 5000, 'own ballot stored');

    // but not: another's ballot, revealing the vote, the phase, the agenda, the timer
    editor.doc.getMap<string[]>(VOTE_DOTS_MAP).set('v1:mona', []);
    editor.doc.getMap<string[]>(VOTE_DOTS_MAP).set('v1:ghost', [rec.id, rec.id, rec.id]);
    setVoteStatus(editor.doc, 'revealed');
    sessionState(editor.doc).setCurrentPhase('abschluss');
    agendaArray(editor.doc).push([{ id: 'party', title: 'Feier' }]);
    editor.doc.getMap(TIMER_MAP).set('timer', { durationMs: 1, startedAt: 0 });
    await eventually(() => ballotsOf(editor.doc, 'v1').get('mona')?.length === 1 && !ballotsOf(editor.doc, 'v1').has('ghost'), 5000, 'restored at the editor');
    await eventually(() => currentVote(editor.doc)?.status === 'open' && sessionState(editor.doc).currentPhase() === 'chronologie', 5000, 'session restored');
    expect(ballotsOf(live.doc, 'v1')).toEqual(
      new Map([
        ['mona', [rec.id]],
        ['erik', [rec.id, rec.id]],
      ]),
    );
    expect(currentVote(live.doc)?.status).toBe('open');
    expect(sessionState(live.doc).currentPhase()).toBe('chronologie');
    expect(
      agendaArray(live.doc)
        .toArray()
        .map((phase) => phase.id),
    ).not.toContain('party');
    expect(live.doc.getMap(TIMER_MAP).size).toBe(0);

    // in an anonymous vote, the key the server derives for a person is theirs, and only theirs
    const voterKey = async (token: string) =>
      (
        (await (await fetch(`${t.server.url}/api/boards/${board}/votes/v1/voter`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
          voter: string;
        }
      ).voter;
    const erikKey = await voterKey(t.token({ role: 'editor', board, sub: 'erik' }));
    const monaKey = await voterKey(t.token({ role: 'moderator', board, sub: 'mona' }));
    expect(erikKey).toMatch(/^anon-/);
    expect(erikKey).not.toBe(monaKey);
    expect(erikKey).not.toContain('erik');
    castDots(editor.doc, 'v1', erikKey, [rec.id]);
    editor.doc.getMap<string[]>(VOTE_DOTS_MAP).set(`v1:${monaKey}`, [rec.id, rec.id, rec.id]);
    await eventually(() => ballotsOf(live.doc, 'v1').has(erikKey), 5000, 'anonymous ballot stored');
    await eventually(() => !ballotsOf(editor.doc, 'v1').has(monaKey), 5000, "another's anonymous ballot taken out");
    expect(ballotsOf(live.doc, 'v1').has(monaKey)).toBe(false);

    // the moderator runs it
    setVoteStatus(moderator.doc, 'revealed');
    await eventually(() => currentVote(live.doc)?.status === 'revealed', 5000, 'moderator reveals');
  });
});
