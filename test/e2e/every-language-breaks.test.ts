/**
 * Where lines may break, in the real built renderer in Chromium: the longest real provider host in
 * docs/providers.md (Entra's login.microsoftonline.com) at 200 % in every language, broken only
 * after a dot, never inside a label and never sideways, an email only after "@" or a dot.
 * Japanese broken between phrases is checked where every screen is visited in Japanese, at the
 * default window (every-language-fit.test.ts) and at 200 % (every-language-zoom.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translatedLocales } from '../../src/shared/i18n/locales.ts';
import type { AppEnvironment } from '../../src/shared/ipc.ts';
import { screenFit, wordsSplitAcrossLines, zoomedWindow } from '../support/layout-checks.ts';
import { awaiting, signedIn } from '../support/screen-states.ts';
import { type ScreenSuite, startScreens } from '../support/screen-window.ts';

let suite: ScreenSuite;

beforeAll(async () => {
  suite = await startScreens();
});

afterAll(async () => {
  await suite.close();
});

const zoomed = { width: zoomedWindow.width, height: zoomedWindow.height, scale: zoomedWindow.scale };

/** Entra (docs/providers.md): its issuer host, the longest of the providers there, and its own device page on that host. */
const entra: AppEnvironment = {
  demo: false,
  issuer: 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0',
  managed: ['issuer'],
};
const entraPage = 'https://login.microsoftonline.com/common/oauth2/deviceauth';
/** Where the host is written: the heading, the page to open, the trust line, the account's host and the footer. */
const hostPlaces = 'h1, [data-testid=verification-uri], [data-testid=trust-line], [data-testid=issuer-note], .provider-line, .profile';

describe('the longest real provider host at 200 %', () => {
  it.each(translatedLocales)('in %s, breaks only after a dot, never inside a label, and never sideways', async (locale) => {
    const screen = await suite.open({ locale, environment: entra, ...zoomed });
    const { verificationUriComplete: _none, ...typed } = awaiting({ userCode: 'GHJK-LMNP', verificationUri: entraPage });
    const states = [
      [{ status: 'idle' }, 'main[data-status=idle]'],
      [typed, '[data-testid=user-code]:has-text("GHJK-LMNP")'],
      [signedIn({ issuer: entra.issuer, name: 'Ada Lovelace-Byron', email: 'ada.lovelace-byron@contoso.onmicrosoft.com' }), '.profile'],
    ] as const;
    for (const [state, ready] of states) {
      await screen.show(state, ready);
      const where = `${locale} ${state.status}`;
      expect((await screenFit(screen.page)).problems, where).toEqual([]);
      // Chinese and Japanese may break between any two of their characters; a host's labels never.
      const split = await wordsSplitAcrossLines(screen.page, hostPlaces);
      expect(
        split.filter((word) => /[A-Za-z]{2}/.test(word.slice(word.indexOf('"')))),
        where,
      ).toEqual([]);
    }
    await expect(screen.page.locator('.profile-email wbr').count()).resolves.toBeGreaterThan(0);
    await screen.close();
  });
});
