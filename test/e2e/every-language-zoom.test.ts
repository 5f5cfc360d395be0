/**
 * Text at 200 %, in the real built renderer in Chromium: every screen in every language (and the
 * pseudo-locale, 40 % longer) in the default window zoomed to 200 %, nothing sideways, cut off or
 * overlapping, and in Japanese no heading, button or label broken inside a word; and in the
 * pseudo-locale at the smallest window, no word that skipped the catalog.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudoLocale, translatedLocales } from '../../src/shared/i18n/locales.ts';
import {
  minimumWindow,
  phraseBroken,
  screenFit,
  textOutsideCatalog,
  wordsSplitAcrossLines,
  zoomedWindow,
} from '../support/layout-checks.ts';
import { everyScreen } from '../support/screen-states.ts';
import { type ScreenSuite, startScreens } from '../support/screen-window.ts';

let suite: ScreenSuite;

beforeAll(async () => {
  suite = await startScreens();
});

afterAll(async () => {
  await suite.close();
});

const zoomed = { width: zoomedWindow.width, height: zoomedWindow.height, scale: zoomedWindow.scale };

describe('text at 200 %', () => {
  it.each([...translatedLocales, pseudoLocale])('in %s, every screen without sideways scrolling, clipping or overlap', async (locale) => {
    const screen = await suite.open({ locale, ...zoomed });
    for (const named of everyScreen) {
      await screen.showScreen(named);
      const where = `${locale} ${named.name} at ${zoomedWindow.name}`;
      expect((await screenFit(screen.page)).problems, where).toEqual([]);
      if (locale === 'ja') expect(await wordsSplitAcrossLines(screen.page, phraseBroken), `${where}: a word split`).toEqual([]);
    }
    await screen.close();
  });
});

describe('the pseudo-locale at the smallest window', () => {
  it('renders every screen with nothing clipped, spilling or overlapping, and no word outside the catalog', async () => {
    const screen = await suite.open({ locale: pseudoLocale, width: minimumWindow.width, height: minimumWindow.height });
    for (const named of everyScreen) {
      await screen.showScreen(named);
      expect((await screenFit(screen.page)).problems, named.name).toEqual([]);
      expect(await textOutsideCatalog(screen.page), named.name).toEqual([]);
    }
    await screen.close();
  });
});
