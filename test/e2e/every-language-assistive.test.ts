/**
 * The code screen as assistive technology and other languages meet it, in the real built renderer
 * in Chromium: Chromium's accessibility tree, the one live region over a running countdown, high
 * contrast, dark mode and reduced motion; in Arabic a mirrored layout whose code and hosts still
 * read left to right, and the README's picture of it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { characterLefts, layoutProblems } from '../support/layout-checks.ts';
import { awaiting } from '../support/screen-states.ts';
import { type ScreenSuite, startScreens } from '../support/screen-window.ts';
import { readQrFromScreen, screenshotDir } from '../support/window-checks.ts';

let suite: ScreenSuite;

beforeAll(async () => {
  suite = await startScreens();
});

afterAll(async () => {
  await suite.close();
});

describe('the code screen to assistive technology', () => {
  it('names the code letter by letter, the QR as an image with its text, and has one live region', async () => {
    const screen = await suite.open();
    await screen.show(awaiting({ userCode: 'WDJB-MJHT' }), '[data-testid=user-code]:has-text("WDJB-MJHT")');
    const tree = await screen.page.locator('body').ariaSnapshot();
    expect(tree).toContain('- heading "Sign in to login.example.test" [level=1]');
    expect(tree).toContain('- img "QR code that opens the sign-in page on your phone"');
    expect(tree).toContain('- paragraph: "Your code: W D J B dash M J H T"');
    // The drawn groups are hidden: the code as one word is only in the sentence that says what to check.
    expect(
      tree
        .split('\n')
        .filter((line) => line.includes('MJHT'))
        .map((line) => line.trim()),
    ).toEqual(['- strong: WDJB-MJHT']);
    expect(tree.match(/^\s*- status/gm)).toHaveLength(1);
    await expect(screen.page.locator('[aria-live]').count()).resolves.toBe(1);
    await screen.close();
  });

  it('announces the countdown only at 2 minutes, 30 seconds and expiry, not every second', async () => {
    // The page's clock is the test's: minutes pass in a moment. The code's expiry is set from it.
    const screen = await suite.open({ clock: true });
    const { page } = screen;
    const now = await page.evaluate<number>('Date.now()');
    await screen.show(awaiting({ userCode: 'KLMN-PQRS', expiresAt: now + 150_000 }), '[data-testid=user-code]:has-text("KLMN-PQRS")');
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
    await screen.close();
  });

  it('keeps the QR dark on light with its quiet zone in high contrast and dark mode, and stops motion when asked', async () => {
    const screen = await suite.open();
    const { page } = screen;
    await screen.show(awaiting({ userCode: 'TVWX-ZBCD' }), '[data-testid=user-code]:has-text("TVWX-ZBCD")');
    await page.emulateMedia({ forcedColors: 'active', colorScheme: 'dark' });
    const colours = await page.evaluate<string[]>(
      `['svg.qr rect', 'svg.qr path'].map((selector) => getComputedStyle(document.querySelector(selector)).fill)`,
    );
    expect(colours).toEqual(['rgb(255, 255, 255)', 'rgb(0, 0, 0)']);
    await expect(readQrFromScreen(page)).resolves.toContain('user_code=TVWX-ZBCD');
    await screen.show({ status: 'requesting' }, '.spinner');
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await expect(page.evaluate<string>(`getComputedStyle(document.querySelector('.spinner')).animationName`)).resolves.not.toBe('none');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await expect(page.evaluate<string>(`getComputedStyle(document.querySelector('.spinner')).animationName`)).resolves.toBe('none');
    await screen.close();
  });
});

describe('Arabic, right to left', () => {
  it('mirrors the layout, while the code, its hyphen and the hosts read left to right', async () => {
    const screen = await suite.open({ locale: 'ar-EG', width: 1280, height: 860 });
    const { page } = screen;
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
    await screen.show(awaiting({ userCode: 'ABCD-1234' }), '[data-testid=user-code]:has-text("ABCD-1234")');
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
    await expect(page.getByTestId('user-code').textContent()).resolves.toBe('ABCD-1234');
    await screen.close();
  });

  it("is the README's picture of the code screen in another language, mirrored, with the code and the page as they are", async () => {
    const branding = { organizationName: 'Example Corp' };
    const environment = { demo: false, issuer: 'https://login.example.test', managed: ['issuer'], branding };
    const screen = await suite.open({ locale: 'ar', environment });
    await screen.show(awaiting(), '[data-testid=user-code]:has-text("WDJB-MJHT")');
    await expect(readQrFromScreen(screen.page)).resolves.toContain('user_code=WDJB-MJHT');
    await screen.page.screenshot({ path: join(screenshotDir, 'readme-code-and-qr-ar.png'), animations: 'disabled' });
    expect(await layoutProblems(screen.page)).toEqual([]);
    await screen.close();
  });
});
