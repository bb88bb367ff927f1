import { applyTemplate, ballotsOf, createRecord, currentVote, migrateCaseModel } from '@qe/shared';
import { templateById } from '@qe/templates';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage } from '../helpers/browser.js';
import { browserBoard } from '../helpers/e2e.js';

const ctx = browserBoard('Abstimmung', (doc) => {
  migrateCaseModel(doc);
  for (const title of ['Vier-Augen-Prinzip', 'Fallübergaben regeln', 'Schutzvereinbarungen']) createRecord(doc, 'recommendations', { title });
  applyTemplate(doc, templateById('empfehlungen')!);
});

async function open(role: 'moderator' | 'editor' | 'observer'): Promise<Page> {
  const { page } = await newPage(ctx.browser);
  await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${ctx.t.token({ sub: `${role}-v`, name: role, role, board: ctx.boardId })}`);
  await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
  return page;
}

const dot = (page: Page, label: string) => page.getByRole('button', { name: `Punkt auf „${label}“ setzen` }).click();

describe('dot voting', () => {
  it('counts three dots each, hides counts until revealed, and saves the result', async () => {
    const [moderator, editor, observer] = [await open('moderator'), await open('editor'), await open('observer')];
    await moderator.getByLabel('Punkte je Person').fill('3');
    await moderator.getByRole('button', { name: 'Punktabfrage starten' }).click();
    await editor.getByText('Sie haben noch 3 Punkte.').waitFor();
    // moderator and editor may vote, the observer not
    await moderator.getByText('0 von 2 haben abgestimmt').waitFor({ timeout: 5000 });
    expect(await observer.getByRole('button', { name: /Punkt auf/ }).count()).toBe(0);

    await dot(editor, 'Vier-Augen-Prinzip');
    await dot(editor, 'Vier-Augen-Prinzip');
    await dot(editor, 'Fallübergaben regeln');
    await editor.getByText('Sie haben noch 0 Punkte.').waitFor();
    for (const page of [moderator, editor, observer]) await page.getByText('1 von 2 haben abgestimmt').waitFor({ timeout: 5000 });
    expect(
      await editor
        .getByRole('button', { name: /Punkt auf/ })
        .first()
        .isDisabled(),
    ).toBe(true);
    await dot(moderator, 'Schutzvereinbarungen');
    await dot(moderator, 'Schutzvereinbarungen');
    await dot(moderator, 'Vier-Augen-Prinzip');
    // anonymous until revealed: nobody sees counts yet
    expect(await observer.locator('.vote-count').count()).toBe(0);
    // and the shared board does not say whose dots are whose: ballots carry keys, not ids
    const server = (await ctx.t.server.registry.open(ctx.boardId)).doc;
    const vote = currentVote(server)!;
    await expect.poll(() => ballotsOf(server, vote.id).size).toBe(2);
    for (const voter of ballotsOf(server, vote.id).keys()) expect(voter).toMatch(/^anon-/);

    await moderator.getByRole('button', { name: 'Aufdecken' }).click();
    const counts = async (page: Page) =>
      page
        .locator('.vote-targets li')
        .evaluateAll((items) => items.map((li) => [li.getAttribute('data-vote-target'), li.querySelector('.vote-count')?.textContent]));
    await expect
      .poll(() => counts(observer))
      .toEqual([
        ['Vier-Augen-Prinzip', '● 3'],
        ['Schutzvereinbarungen', '● 2'],
        ['Fallübergaben regeln', '● 1'],
      ]);
    // the counts also stand on the recommendation cards
    await expect.poll(() => observer.locator('.qe-card-recommendation .qe-vote').allInnerTexts()).toEqual(expect.arrayContaining(['● 3', '● 2', '● 1']));

    await moderator.getByRole('button', { name: 'Ergebnis speichern und beenden' }).click();
    await observer.getByText('Gespeicherte Ergebnisse (1)').waitFor();
  });
});
