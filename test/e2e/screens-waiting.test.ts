/**
 * The code screen as time passes, in the real built renderer in Chromium: the status and the
 * countdown side by side on one line, the waiting, slowed-down and reconnecting words with the
 * reason behind Details, the last minute's way to a new code, and a code that has run out, which
 * nothing offers any more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translateIn } from '../support/catalogs.ts';
import { boxOf, styleOf } from '../support/layout-checks.ts';
import { awaiting, verificationUri } from '../support/screen-states.ts';
import { type ScreenPage, type ScreenSuite, startScreens } from '../support/screen-window.ts';
import { captureScreen, readQrFromScreen } from '../support/window-checks.ts';

const english = translateIn('en');
let suite: ScreenSuite;
let screen: ScreenPage;

beforeAll(async () => {
  suite = await startScreens();
  screen = await suite.open();
});

afterAll(async () => {
  await screen.close();
  await suite.close();
});

const shown = (code: string): string => `[data-testid=user-code]:has-text("${code}")`;

describe('the status line while the user approves', () => {
  it('puts status and time left on one line, says in plain words that it waits or reconnects, the QR and code unmoved', async () => {
    const { page } = screen;
    const boxes = async (): Promise<unknown[]> =>
      Promise.all(['svg.qr', '[data-testid=user-code]', '.actions'].map((s) => page.locator(s).boundingBox()));
    const statusText = (): Promise<string | null> => page.locator('.polling-status .status-sentence').textContent();

    await screen.show(awaiting(), shown('WDJB-MJHT'));
    const layout = await boxes();
    await expect(statusText()).resolves.toBe('Waiting for your approval…');
    await expect(page.locator('.countdown').textContent()).resolves.toBe('10 minutes left');
    const status = await boxOf(page, '.polling-status');
    const countdown = await boxOf(page, '.countdown');
    expect(Math.abs(status.top - countdown.top), 'the status and the countdown share a line').toBeLessThan(4);
    await expect(page.locator('.status-details').count()).resolves.toBe(0);

    await screen.show(awaiting({ slowedDown: true, interval: 10 }), '.polling-status.slow');
    await expect(statusText()).resolves.toBe('Still waiting for approval…');
    await expect(page.locator('.status-details').textContent()).resolves.toContain('check less often (every 10 seconds)');
    expect(await boxes()).toEqual(layout);
    expect(await captureScreen(page, 'awaiting-slowed-down')).toEqual([]);

    const reasons = {
      network: "Can't reach the sign-in server.",
      timeout: 'The sign-in server is not answering.',
      server_error: 'The sign-in server had a problem.',
      rate_limited: 'The sign-in server is busy.',
    } as const;
    for (const [reason, words] of Object.entries(reasons)) {
      const retrying = { reason: reason as keyof typeof reasons, attempt: 3, nextAttemptAt: Date.now() + 8_000 };
      await screen.show(awaiting({ retrying }), '.polling-status.retrying');
      await expect(statusText()).resolves.toBe('Reconnecting…');
      await expect.poll(() => page.locator('.status-details').textContent()).toContain(words);
      await expect(page.locator('.retry-in').textContent()).resolves.toMatch(/Next try in \d seconds? \(attempt 3\)/);
      await expect(page.locator('.status-details').getAttribute('open')).resolves.toBeNull();
      expect(await boxes()).toEqual(layout);
    }
  });
});

describe('the code screen as the code runs out', () => {
  it('counts down in minutes, and in minutes and seconds only in the last two', async () => {
    const { page } = screen;
    await screen.show(awaiting({ expiresAt: Date.now() + 5 * 60_000 + 10_000 }), shown('WDJB-MJHT'));
    await expect.poll(() => page.locator('.countdown').textContent()).toBe('6 minutes left');
    await screen.show(awaiting({ userCode: 'RSTV-WXZB', expiresAt: Date.now() + 100_000 }), shown('RSTV-WXZB'));
    await expect(page.locator('.countdown').textContent()).resolves.toMatch(/^01:[34]\d left$/);
    await expect(page.getByRole('button', { name: 'Get a new code' }).count()).resolves.toBe(0);
  });

  it('offers "Get a new code" beside the countdown in the last minute, quietly', async () => {
    const { page } = screen;
    await screen.show(awaiting({ userCode: 'QRST-VWXZ', expiresAt: Date.now() + 45_000 }), '.countdown.ending');
    const countdown = await boxOf(page, '.countdown p');
    const button = await boxOf(page, '.countdown button');
    expect(Math.abs(button.top + button.height / 2 - (countdown.top + countdown.height / 2))).toBeLessThan(8);
    await expect(page.locator('.countdown button').getAttribute('class')).resolves.toBe('secondary small');
    const before = suite.flow.calls.length;
    await page.getByRole('button', { name: 'Get a new code' }).click();
    await expect.poll(() => suite.calledSince(before)).toEqual(['start']);
  });

  it('at 0:00 offers nothing of the old code: greyed, no copy, no opening, no waiting, and a new code as the main action', async () => {
    const { page } = screen;
    await screen.show(awaiting({ userCode: 'HJKL-MNPQ', expiresAt: Date.now() - 1_000 }), '.qr-frame.expired');
    await expect(page.locator('.qr-frame').getAttribute('aria-hidden')).resolves.toBe('true');
    expect(Number(await styleOf(page, '.qr-frame', 'opacity'))).toBeLessThan(0.5);
    await expect(page.getByRole('img', { name: english('qr.label') }).count()).resolves.toBe(0);
    expect(await styleOf(page, '.user-code-value', 'color')).not.toBe(await styleOf(page, 'h1', 'color'));
    await expect(page.getByRole('button', { name: 'Copy code' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Open in browser' }).count()).resolves.toBe(0);
    await expect(page.locator('.polling-status').count()).resolves.toBe(0);
    await expect(page.getByTestId('trust-line').count()).resolves.toBe(0);
    await expect(page.locator('main').innerText()).resolves.not.toMatch(/waiting/i);
    await expect(page.locator('.countdown p').textContent()).resolves.toBe('This code has expired.');
    const renew = page.getByRole('button', { name: 'Get a new code' });
    await expect(renew.getAttribute('class')).resolves.toBe('primary');
    await expect(page.locator('main button.primary').count()).resolves.toBe(1);
    const before = suite.flow.calls.length;
    await renew.click();
    await expect.poll(() => suite.calledSince(before)).toEqual(['start']);
    expect(await captureScreen(page, 'awaiting-code-expired')).toEqual([]);
  });

  it('shows a new code in place when the core renews it: same screen, new code and QR', async () => {
    const { page } = screen;
    await screen.show(awaiting({ userCode: 'BCDF-GHJK' }), shown('BCDF-GHJK'));
    await screen.show(awaiting({ userCode: 'LMNP-QRST' }), shown('LMNP-QRST'));
    await expect(readQrFromScreen(page)).resolves.toBe(`${verificationUri}?user_code=LMNP-QRST`);
    await expect(page.getByTestId('trust-line').textContent()).resolves.toContain('LMNP-QRST');
    await expect(page.getByRole('button', { name: 'Copy code' }).count()).resolves.toBe(1);
  });
});
