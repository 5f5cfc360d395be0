/**
 * Every screen in every language the window speaks, in the real built renderer in Chromium, at
 * the default window (460×720): the whole screen fits, every action (button, link, "Details")
 * inside the window, nothing cut off, spilling or overlapping, the trust line in two lines at
 * most, the focus on each new screen's heading; at the smallest window (360×560) the code, the QR
 * and the trust line still in sight. axe runs once per language, on the code screen: colours do
 * not change with the language (screens-light-dark.test.ts checks every screen in both schemes).
 * In Japanese, no heading, button or label breaks inside a word (it breaks between phrases).
 * Screenshots of every screen in German, Japanese and Arabic land in test-output/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Locale, translatedLocales } from '../../src/shared/i18n/locales.ts';
import { boxOf, minimumWindow, phraseBroken, probe, screenFit, wordsSplitAcrossLines } from '../support/layout-checks.ts';
import { everyScreen } from '../support/screen-states.ts';
import { type ScreenSuite, startScreens } from '../support/screen-window.ts';
import { axeViolationsOnce, screenshotDir } from '../support/window-checks.ts';

let suite: ScreenSuite;

beforeAll(async () => {
  suite = await startScreens();
  await mkdir(screenshotDir, { recursive: true });
});

afterAll(async () => {
  await suite.close();
});

/** The languages whose every screen is also kept as a picture. */
const photographed: ReadonlySet<Locale> = new Set(['de', 'ja', 'ar']);
const codeScreens = everyScreen.filter((named) => named.name.startsWith('awaiting-') && named.name !== 'awaiting-code-expired');

/** How many lines the trust line takes (its line height is 1.4 of its font size). */
async function trustLines(page: Page): Promise<number> {
  const [line] = await probe<{ height: number; fontSize: number }[]>(page, 'lineBoxes', '[data-testid=trust-line]');
  return line === undefined ? 0 : Math.round(line.height / (1.4 * line.fontSize));
}

describe.each(translatedLocales)('every screen in %s', (locale) => {
  it('fits the default window with every action in it, cuts nothing, focuses the heading, and passes axe on the code screen', async () => {
    const screen = await suite.open({ locale });
    const { page } = screen;
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(locale);
    for (const named of everyScreen) {
      await screen.showScreen(named);
      const where = `${locale} ${named.name}`;
      const fit = await screenFit(page);
      expect({ height: fit.documentHeight, outside: fit.actionsOutside, problems: fit.problems }, where).toEqual({
        height: fit.windowHeight,
        outside: [],
        problems: [],
      });
      await expect(page.evaluate('document.activeElement?.tagName'), where).resolves.toBe('H1');
      if (codeScreens.includes(named))
        expect(await trustLines(page), `${where}: the trust line in two lines at most`).toBeLessThanOrEqual(2);
      if (named.name === 'awaiting-user') expect(await axeViolationsOnce(page), where).toEqual([]);
      if (locale === 'ja') expect(await wordsSplitAcrossLines(page, phraseBroken), `${where}: a word split across lines`).toEqual([]);
      if (photographed.has(locale))
        await page.screenshot({ path: join(screenshotDir, `${locale}-${named.name}.png`), animations: 'disabled' });
    }
    await page.setViewportSize({ width: minimumWindow.width, height: minimumWindow.height });
    for (const named of codeScreens) {
      await screen.showScreen(named);
      for (const selector of ['.qr-frame', '.user-code-value', '[data-testid=trust-line]']) {
        const box = await boxOf(page, selector);
        expect(box.bottom, `${locale} ${named.name} at ${minimumWindow.name}: ${selector} in sight`).toBeLessThanOrEqual(
          minimumWindow.height,
        );
      }
      expect((await screenFit(page)).problems, `${locale} ${named.name} at ${minimumWindow.name}`).toEqual([]);
    }
    await screen.close();
  });
});
