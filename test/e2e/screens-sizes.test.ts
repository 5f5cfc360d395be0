/**
 * Every screen of the sign-in window at four window sizes (the minimum, the default, a large one
 * and 200 % zoom), in the real built renderer in Chromium: a screenshot of each, nothing
 * sideways, nothing outside the window, nothing overlapping; the QR readable from the screen at 4
 * px a module or more; the code, the QR and what to check inside the smallest window; in a wide
 * one the QR beside the steps, the whole centred, and the QR toned down in dark mode.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxOf, largeWindow, layoutProblems, minimumWindow, styleOf, windowSizes } from '../support/layout-checks.ts';
import { awaiting, everyScreen, signedIn, verificationUri } from '../support/screen-states.ts';
import { type ScreenPage, type ScreenSuite, startScreens } from '../support/screen-window.ts';
import { readQrFromScreen, screenshotDir } from '../support/window-checks.ts';

let suite: ScreenSuite;
const pages = new Map<string, ScreenPage>();

beforeAll(async () => {
  suite = await startScreens();
  await mkdir(screenshotDir, { recursive: true });
  for (const size of windowSizes) pages.set(size.name, await suite.open({ width: size.width, height: size.height, scale: size.scale }));
});

afterAll(async () => {
  for (const screen of pages.values()) await screen.close();
  await suite.close();
});

const at = (name: string): ScreenPage => {
  const screen = pages.get(name);
  if (screen === undefined) throw new Error(`no window of ${name}`);
  return screen;
};

describe('the window at every size', () => {
  it.each(windowSizes.map((size) => [size.name]))('at %s: no sideways scroll, each box inside and apart, on every screen', async (name) => {
    const screen = at(name);
    for (const named of everyScreen) {
      await screen.showScreen(named);
      await screen.page.screenshot({ path: join(screenshotDir, `${named.name}-${name}.png`), animations: 'disabled' });
      expect(await layoutProblems(screen.page), `${named.name} at ${name}`).toEqual([]);
    }
    await screen.show(signedIn(), '[data-testid=profile-name]:has-text("Ada Lovelace")');
    await screen.page.getByRole('button', { name: 'Sign out' }).click();
    await screen.page.locator('dialog[open]').waitFor();
    await screen.page.screenshot({ path: join(screenshotDir, `sign-out-confirm-${name}.png`), animations: 'disabled' });
    expect(await layoutProblems(screen.page), `the sign-out dialog at ${name}`).toEqual([]);
    await screen.page.keyboard.press('Escape');
  });

  it('keeps the code on one line and the QR readable from the screen, at least 4 px a module, at every size', async () => {
    for (const size of windowSizes) {
      const { page } = at(size.name);
      // The longer code makes the denser QR: if it reads, the shorter one does.
      for (const code of ['BCDFGHJKLMNP']) {
        await at(size.name).show(awaiting({ userCode: code }), `[data-testid=user-code]:has-text("${code}")`);
        await page.evaluate('window.scrollTo(0, 0)');
        const box = await boxOf(page, '.user-code-value');
        expect(box.height, `${code} at ${size.name} is one line`).toBeLessThan(
          1.5 * Number.parseFloat(await styleOf(page, '.user-code-value', 'font-size')),
        );
        await expect(readQrFromScreen(page), `${code} at ${size.name}`).resolves.toBe(`${verificationUri}?user_code=${code}`);
        const modulesAcross = Number((await page.locator('svg.qr').getAttribute('viewBox'))?.split(' ')[2]);
        expect((await boxOf(page, 'svg.qr')).width / modulesAcross, `px a module at ${size.name}`).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it('shows the code, the QR and what to check inside the smallest window, demo line and all', async () => {
    const screen = at(minimumWindow.name);
    await screen.show(awaiting(), '[data-testid=user-code]:has-text("WDJB-MJHT")');
    for (const selector of ['.qr-frame', '[data-testid=verification-uri]', '.user-code-value', '[data-testid=trust-line]']) {
      const box = await boxOf(screen.page, selector);
      expect(box.bottom, selector).toBeLessThanOrEqual(minimumWindow.height);
      expect(box.top, selector).toBeGreaterThanOrEqual(0);
    }
  });

  it('in a wide window puts the QR beside the steps, centres the whole, and tones the QR panel down in dark mode', async () => {
    const { page } = at(largeWindow.name);
    await at(largeWindow.name).show(awaiting(), '[data-testid=user-code]:has-text("WDJB-MJHT")');
    const qr = await boxOf(page, '.qr-frame');
    const code = await boxOf(page, '.user-code-value');
    expect(qr.width).toBeGreaterThanOrEqual(300);
    expect(qr.right).toBeLessThanOrEqual(code.left);
    const view = await boxOf(page, '.view.awaiting');
    const above = view.top - (await boxOf(page, '.demo-notice')).bottom;
    const below = (await boxOf(page, '.provider-line')).top - view.bottom;
    expect(Math.abs(above - below), 'as much room above the screen as below it').toBeLessThan(40);
    const cancel = await boxOf(page, '.view.awaiting .actions button.quiet');
    expect(cancel.top, 'Cancel in the row, not on a line of its own').toBeLessThan((await boxOf(page, '.copy-button')).bottom);
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      expect(await styleOf(page, '.qr-frame', 'filter')).toMatch(/^brightness\(0\.\d+\)$/);
      await expect(page.locator('svg.qr path').getAttribute('fill')).resolves.toBe('#000000');
      await expect(readQrFromScreen(page)).resolves.toBe(`${verificationUri}?user_code=WDJB-MJHT`);
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
    const narrow = at('460x720');
    await narrow.show(awaiting(), '[data-testid=user-code]:has-text("WDJB-MJHT")');
    const narrowQr = await boxOf(narrow.page, '.qr-frame');
    expect(narrowQr.bottom).toBeLessThanOrEqual((await boxOf(narrow.page, '.user-code-value')).top);
    expect(narrowQr.width).toBeLessThan(qr.width);
  });
});
