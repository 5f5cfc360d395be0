/**
 * Codes that stop working, and a provider that goes away, against the real demo provider: the
 * window offers a new code in one click, and says it is retrying while the server is unreachable.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../support/built-app.ts';
import { openDemoWindow } from '../support/demo-window.ts';
import { launchBrowser } from '../support/phone.ts';
import { captureScreen, readQrFromScreen } from '../support/window-checks.ts';

/** The provider announces a 1 s interval (RFC 8628's default is 5 s); this leaves room for a loaded machine. */
const pollTimeout = 20_000;

let browser: Browser;
let rendererDir: string;

beforeAll(async () => {
  const [built, launched] = await Promise.all([buildApp('code-expiry'), launchBrowser()]);
  rendererDir = built.rendererDir;
  browser = launched;
});

afterAll(async () => {
  await browser.close();
});

describe('when the code or the server goes away', () => {
  it('shows "Get a new code" after the code expires, and one click shows a new code', async () => {
    // Three seconds: long enough to show the code, gone after the first few polls.
    const window = await openDemoWindow(browser, rendererDir, { interval: 1, deviceCodeTtl: 3 });
    try {
      const { page } = window;
      await page.getByRole('button', { name: 'Sign in' }).click();
      const expiredCode = (await page.getByTestId('user-code').textContent()) ?? '';
      // This window is not watched, so the core does not renew the code in place: the expired screen comes.
      await page.locator('main[data-status="expired"]').waitFor({ timeout: pollTimeout });
      expect(await captureScreen(page, 'demo-expired')).toEqual([]);

      await page.getByRole('button', { name: 'Get a new code' }).click();
      await page.getByTestId('user-code').waitFor();
      const newCode = (await page.getByTestId('user-code').textContent()) ?? '';
      expect(newCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
      expect(newCode).not.toBe(expiredCode);
      expect(new URL(await readQrFromScreen(page)).searchParams.get('user_code')).toBe(newCode);
    } finally {
      await window.close();
    }
  });

  it('says it cannot reach the server, and keeps the code on screen, while the provider is down', async () => {
    const window = await openDemoWindow(browser, rendererDir, { interval: 1 });
    try {
      const { page } = window;
      await page.getByRole('button', { name: 'Sign in' }).click();
      const code = (await page.getByTestId('user-code').textContent()) ?? '';
      await window.stopProvider();
      const status = page.locator('.polling-status .status-sentence');
      await status.filter({ hasText: 'Reconnecting…' }).waitFor({ timeout: pollTimeout });
      await expect(page.locator('.status-details').textContent()).resolves.toContain("Can't reach the sign-in server");
      await expect(page.locator('.retry-in').textContent()).resolves.toMatch(/Next try in \d+ seconds? \(attempt \d+\)/);
      await expect(page.getByTestId('user-code').textContent()).resolves.toBe(code);
      expect(await captureScreen(page, 'demo-offline-retrying')).toEqual([]);
    } finally {
      await window.close();
    }
  });
});
