/**
 * Every screen in every language the window speaks, in real Chromium: no axe violation, nothing cut off or overlapping, the focus on each new screen's heading; in the
 * pseudo-locale (accented, 40 % longer) at the smallest window, nothing clipped and no word that
 * skipped the catalog; every language at 200 % text; in Arabic a mirrored layout whose code and
 * hosts still read left to right.
 * Screenshots of every screen in German, Japanese and Arabic land in test-output/screenshots/.
 * And the code screen as assistive technology meets it: Chromium's accessibility tree, the one
 * live region over a running countdown, high contrast, dark mode and reduced motion.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Locale, pseudoLocale, translatedLocales } from '../../src/shared/i18n/locales.ts';
import { buildApp } from '../support/built-app.ts';
import { characterLefts, clippedText, layoutProblems, minimumWindow, textOutsideCatalog, type WindowSize, zoomedWindow } from '../support/layout-checks.ts';
import { launchBrowser } from '../support/phone.ts';
import { serveRenderer, type RendererBridge } from '../support/renderer-bridge.ts';
import { awaiting, everyScreen, issuer, type NamedScreen } from '../support/screen-states.ts';
import { createScriptedFlow } from '../support/scripted-flow.ts';
import { axeViolationsOnce, readQrFromScreen, screenshotDir } from '../support/window-checks.ts';

const flow = createScriptedFlow();
let browser: Browser;
let bridge: RendererBridge;
let rendererDir: string;
const pageErrors: string[] = [];

/** The languages whose every screen is also kept as a picture. */
const photographed: ReadonlySet<Locale> = new Set(['de', 'ja', 'ar']);

async function windowIn(locale: string, size: Pick<WindowSize, 'width' | 'height'> & { scale?: number } = { width: 460, height: 720 }): Promise<Page> {
  const viewport = { width: size.width, height: size.height };
  const context = await browser.newContext({ locale, viewport, deviceScaleFactor: size.scale ?? 1 });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${locale}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`${locale}: ${message.text()}`);
  });
  await page.goto(bridge.url);
  await page.locator('main:not([data-status=loading])').waitFor();
  return page;
}

async function showScreen(page: Page, screen: NamedScreen): Promise<void> {
  const state = screen.state();
  flow.show(state);
  await page.locator(screen.ready ?? `main[data-status="${state.status}"]`).first().waitFor();
}

beforeAll(async () => {
  const [built, launched] = await Promise.all([buildApp('every-language'), launchBrowser()]);
  browser = launched;
  rendererDir = built.rendererDir;
  await mkdir(screenshotDir, { recursive: true });
  // The demo environment, so the demo line and its loopback note are on every screen too.
  bridge = await serveRenderer({ flow, environment: { demo: true, issuer, managed: ['issuer'] }, rendererDir });
});

afterAll(async () => {
  expect(pageErrors, 'no script error or missing message in any language').toEqual([]);
  await browser.close();
  await bridge.close();
});

describe.each(translatedLocales)('every screen in %s', (locale) => {
  it('passes axe, keeps every box apart and inside the window, cuts no text, and focuses the heading', async () => {
    const page = await windowIn(locale);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(locale);
    for (const screen of everyScreen) {
      await showScreen(page, screen);
      const where = `${locale} ${screen.name}`;
      // Colours do not change with the language: light and dark are both checked in English by screens.test.ts.
      expect(await axeViolationsOnce(page), where).toEqual([]);
      if (photographed.has(locale)) await page.screenshot({ path: join(screenshotDir, `${locale}-${screen.name}.png`), animations: 'disabled' });
      expect([...(await layoutProblems(page)), ...(await clippedText(page))], where).toEqual([]);
      await expect(page.evaluate('document.activeElement?.tagName'), where).resolves.toBe('H1');
    }
    await page.context().close();
  });
});

describe('the pseudo-locale at the smallest window', () => {
  it('renders every screen with nothing clipped, spilling or overlapping, and no word outside the catalog', async () => {
    const page = await windowIn(pseudoLocale, minimumWindow);
    for (const screen of everyScreen) {
      await showScreen(page, screen);
      expect([...(await layoutProblems(page)), ...(await clippedText(page))], screen.name).toEqual([]);
      expect(await textOutsideCatalog(page), screen.name).toEqual([]);
    }
    await page.context().close();
  });
});

describe('text at 200 %', () => {
  // The default window zoomed to 200 %: half as many CSS pixels, each drawn twice as large.
  it.each([...translatedLocales, pseudoLocale])('in %s, every screen without clipping, spilling or overlap', async (locale) => {
    const page = await windowIn(locale, zoomedWindow);
    for (const screen of everyScreen) {
      await showScreen(page, screen);
      expect([...(await layoutProblems(page)), ...(await clippedText(page))], `${locale} ${screen.name} at ${zoomedWindow.name}`).toEqual([]);
    }
    await page.context().close();
  });
});

describe('Arabic, right to left', () => {
  it('mirrors the layout, while the code, its hyphen and the hosts read left to right', async () => {
    const page = await windowIn('ar-EG', { width: 1280, height: 860 });
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
    flow.show(awaiting({ userCode: 'ABCD-1234' }));
    await page.locator('[data-testid=user-code]:has-text("ABCD-1234")').waitFor();
    // Wide enough for the QR beside the steps: in Arabic the QR is on the right.
    const qr = await page.locator('.qr-frame').boundingBox();
    const steps = await page.locator('.steps-side').boundingBox();
    expect((qr?.x ?? 0) > (steps?.x ?? 0)).toBe(true);
    for (const selector of ['[data-testid=user-code]', '.trust-line .code-inline', '[data-testid=verification-uri]', '.provider-host']) {
      const lefts = await characterLefts(page, selector);
      expect(lefts.length, selector).toBeGreaterThan(4);
      expect(
        lefts.every((left, index) => index === 0 || left > (lefts[index - 1] ?? 0)),
        `${selector} reads left to right`,
      ).toBe(true);
    }
    // The code is the code: what is drawn is exactly what the server sent, hyphen in place.
    await expect(page.getByTestId('user-code').textContent()).resolves.toBe('ABCD-1234');
    await page.context().close();
  });
});

describe('the picture in the README in another language', () => {
  it('is the code screen in Arabic, mirrored, with the code and the page as they are', async () => {
    const served = await serveRenderer({
      flow,
      environment: { demo: false, issuer: 'https://login.example.test', managed: ['issuer'], branding: { organizationName: 'Example Corp' } },
      rendererDir,
    });
    const context = await browser.newContext({ locale: 'ar', viewport: { width: 460, height: 720 }, colorScheme: 'light' });
    const page = await context.newPage();
    try {
      await page.goto(served.url);
      flow.show(awaiting());
      await page.locator('[data-testid=user-code]:has-text("WDJB-MJHT")').waitFor();
      await expect(readQrFromScreen(page)).resolves.toContain('user_code=WDJB-MJHT');
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.screenshot({ path: join(screenshotDir, 'readme-code-and-qr-ar.png'), animations: 'disabled' });
      expect(await layoutProblems(page)).toEqual([]);
    } finally {
      await context.close();
      await served.close();
    }
  });
});

describe('the code screen to assistive technology', () => {
  it('names the code letter by letter, the QR as an image with its text, and one live region', async () => {
    const page = await windowIn('en-US');
    flow.show(awaiting({ userCode: 'WDJB-MJHT' }));
    await page.locator('[data-testid=user-code]:has-text("WDJB-MJHT")').waitFor();
    const tree = await page.locator('body').ariaSnapshot();
    expect(tree).toContain('- heading "Sign in to login.example.test" [level=1]');
    expect(tree).toContain('- img "QR code that opens the sign-in page on your phone"');
    expect(tree).toContain('- paragraph: "Your code: W D J B dash M J H T"');
    // The drawn groups are hidden: the code as one word is only in the sentence that says what to check.
    expect(tree.split('\n').filter((line) => line.includes('MJHT')).map((line) => line.trim())).toEqual(['- strong: WDJB-MJHT']);
    expect(tree.match(/^\s*- status/gm)).toHaveLength(1);
    await expect(page.locator('[aria-live]').count()).resolves.toBe(1);
    await page.context().close();
  });

  it('announces the countdown only at 2 minutes, 30 seconds and expiry, not every second', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 460, height: 720 } });
    const page = await context.newPage();
    // The page's clock is the test's: minutes pass in a moment. The code's expiry is set from it.
    await page.clock.install();
    await page.goto(bridge.url);
    await page.locator('main:not([data-status=loading])').waitFor();
    const now = await page.evaluate<number>('Date.now()');
    flow.show(awaiting({ userCode: 'KLMN-PQRS', expiresAt: now + 150_000 }));
    await page.locator('[data-testid=user-code]:has-text("KLMN-PQRS")').waitFor();
    await page.evaluate(`(() => {
      window.said = [];
      const region = document.querySelector('[aria-live]');
      new MutationObserver(() => { if (region.textContent !== '') window.said.push(region.textContent); })
        .observe(region, { childList: true, subtree: true, characterData: true });
    })()`);
    for (let second = 0; second < 155; second += 1) await page.clock.runFor(1000);
    await expect
      .poll(() => page.evaluate<string[]>('window.said'))
      .toEqual(['The code expires in 2 minutes.', 'The code expires in 30 seconds.', 'This code has expired.']);
    await context.close();
  });

  it('keeps the QR dark on light with its quiet zone in high contrast and dark mode, and stops motion when asked', async () => {
    const page = await windowIn('en-US');
    flow.show(awaiting({ userCode: 'TVWX-ZBCD' }));
    await page.locator('[data-testid=user-code]:has-text("TVWX-ZBCD")').waitFor();
    await page.emulateMedia({ forcedColors: 'active', colorScheme: 'dark' });
    const colours = await page.evaluate<string[]>(
      `['svg.qr rect', 'svg.qr path'].map((selector) => getComputedStyle(document.querySelector(selector)).fill)`,
    );
    expect(colours).toEqual(['rgb(255, 255, 255)', 'rgb(0, 0, 0)']);
    await expect(readQrFromScreen(page)).resolves.toContain('user_code=TVWX-ZBCD');
    flow.show({ status: 'requesting' });
    await page.locator('.spinner').waitFor();
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await expect(page.evaluate<string>(`getComputedStyle(document.querySelector('.spinner')).animationName`)).resolves.not.toBe('none');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await expect(page.evaluate<string>(`getComputedStyle(document.querySelector('.spinner')).animationName`)).resolves.toBe('none');
    await page.context().close();
  });
});
