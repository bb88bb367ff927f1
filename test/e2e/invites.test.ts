import { describe, expect, it } from 'vitest';
import { foreignRequests, newPage } from '../helpers/browser.js';
import { browserBoard } from '../helpers/e2e.js';

const ctx = browserBoard('Fallwerkstatt Bergstadt');

describe('joining by invite link', () => {
  it('creates a link, lets a guest join by name, and revoking it disconnects the guest', async () => {
    const moderator = await newPage(ctx.browser);
    const token = ctx.t.token({ sub: 'mod-1', name: 'Mona Moderation', role: 'moderator', board: ctx.boardId });
    await moderator.page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${token}`);
    await moderator.page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });

    await moderator.page.getByRole('button', { name: 'Einladen …' }).click();
    const dialog = moderator.page.getByRole('dialog', { name: 'Einladungslinks' });
    await dialog.getByLabel('Rolle').selectOption('observer');
    await dialog.getByLabel('Bezeichnung').fill('Partner Kita');
    await dialog.getByRole('button', { name: 'Link erstellen' }).click();
    const link = await dialog.getByLabel('Einladungslink Partner Kita').inputValue();
    expect(link).toMatch(new RegExp(`^${ctx.t.server.url}/join/[\\w-]+$`));

    const guest = await newPage(ctx.browser);
    await guest.page.goto(link);
    await guest.page.getByText('Sie sind zum Board „Fallwerkstatt Bergstadt“ eingeladen, Rolle: Beobachtung (nur lesen).').waitFor();
    await guest.page.getByLabel('Ihr Anzeigename').fill('Frau Gast (Kita)');
    await guest.page.getByRole('button', { name: 'Beitreten' }).click();
    await guest.page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
    await guest.page.getByRole('note').getByText('Nur lesen').waitFor();
    await guest.page.locator('.tl-canvas').waitFor({ timeout: 15_000 });
    await guest.page.getByRole('heading', { name: 'Ablauf' }).waitFor();

    moderator.page.once('dialog', (confirm) => void confirm.accept());
    await dialog.getByRole('button', { name: 'Widerrufen' }).click();
    await dialog.getByText('Link widerrufen; 1 Verbindungen getrennt.').waitFor();
    await guest.page.getByText('Ihr Zugang zu diesem Board wurde widerrufen', { exact: false }).waitFor({ timeout: 5000 });
    // nothing of the case stays on the guest's screen: no canvas, no cards, no panels, no board name
    expect(await guest.page.locator('.tl-canvas, .qe-card, #side-panel, .board-header').count()).toBe(0);
    expect(await guest.page.locator('body').innerText()).not.toContain('Fallwerkstatt Bergstadt');

    const late = await newPage(ctx.browser);
    await late.page.goto(link);
    await late.page.getByText('Dieser Einladungslink wurde widerrufen.').waitFor();
    expect(foreignRequests([...moderator.requests, ...guest.requests, ...late.requests], ctx.t.server.url)).toEqual([]);
  });
});
