import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Where browser tests put their screenshots: test-results/screenshots (not committed), or the
 * README's docs/screenshots when QE_UPDATE_SCREENSHOTS=1 — so a test run leaves the tree as it was.
 */
export const SCREENSHOTS = path.resolve(
  import.meta.dirname,
  '../..',
  process.env.QE_UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots',
);

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}
