/**
 * The whole story in real Chromium against the embedded demo provider: the window (the built
 * renderer behind the bridge, over the real core) shows a code and a QR; the test reads the QR
 * from the screen's pixels, a second browser context plays the phone and approves or declines,
 * and the window follows. The bridge has no main process, so the test opens the window as main
 * does (start-on-open.ts): with nothing to decide first, the first code appears without a click;
 * "Sign in" is what a person presses after a cancel or a sign-out.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../support/built-app.ts';
import { focusedElement } from '../support/layout-checks.ts';
import { startOnOpen } from '../../src/main/start-on-open.ts';
import { openDemoWindow, type DemoWindow } from '../support/demo-window.ts';
import { approveOnPhone, denyOnPhone, launchBrowser } from '../support/phone.ts';
import { captureScreen, readQrFromScreen } from '../support/window-checks.ts';

/** The provider announces a 1 s interval; this leaves room for a loaded machine. */
const approvalTimeout = 20_000;

let browser: Browser;
let window: DemoWindow;
let page: Page;

beforeAll(async () => {
  const [{ rendererDir }, launched] = await Promise.all([buildApp('sign-in'), launchBrowser()]);
  browser = launched;
  // A 1 s interval instead of RFC 8628's default 5 s: this file is about the window, not the polling pace.
  window = await openDemoWindow(browser, rendererDir, { interval: 1 });
  page = window.page;
});

afterAll(async () => {
  await window.close();
  await browser.close();
});

/** Presses the button and returns the code the window then shows. */
async function newCodeVia(button: string): Promise<string> {
  await page.getByRole('button', { name: button }).click();
  const code = page.getByTestId('user-code');
  await code.waitFor();
  return (await code.textContent()) ?? '';
}

/** Presses Tab until `name` has the focus; returns what had it on the way, in order. A page that never gets there fails. */
async function tabTo(name: string): Promise<string[]> {
  const passed: string[] = [];
  for (let presses = 0; presses < 12; presses += 1) {
    await page.keyboard.press('Tab');
    const now = await focusedElement(page);
    passed.push(now.name);
    if (now.name === name) {
      expect(now.ring, `a visible focus ring on "${name}"`).toBe(true);
      return passed;
    }
  }
  throw new Error(`Tab never reached "${name}"; it went through ${passed.join(' → ')}`);
}

describe('signing in with the keyboard alone', () => {
  it('opens on a code, cancels with Escape, signs in again and signs out with Tab, Enter and Escape, never the mouse', async () => {
    const unexpected: unknown[] = [];
    startOnOpen(window.flow, (error) => unexpected.push(error));
    const code = page.getByTestId('user-code');
    await code.waitFor();
    // Each screen puts the focus on its heading, so Tab starts from the top of the new screen.
    await expect(page.evaluate('document.activeElement?.tagName')).resolves.toBe('H1');
    // The demo's page is on this computer: opening it in the browser first, then copy, then Cancel, in reading order.
    const order = await tabTo('Cancel');
    expect(order.filter((name) => ['Open in browser', 'Copy code', 'Cancel'].includes(name))).toEqual([
      'Open in browser',
      'Copy code',
      'Cancel',
    ]);
    await page.keyboard.press('Escape');
    // After a cancel the signed-out screen stays, its button the way back in.
    await page.locator('main[data-status="idle"]').waitFor();
    await expect(page.evaluate('document.activeElement?.tagName')).resolves.toBe('H1');
    expect((await tabTo('Sign in')).at(-1)).toBe('Sign in');
    await page.keyboard.press('Enter');
    await code.waitFor();
    await approveOnPhone(browser, await readQrFromScreen(page), { login: 'jane.doe' });
    await page.getByTestId('profile-name').filter({ hasText: 'Jane Doe' }).waitFor({ timeout: approvalTimeout });

    await tabTo('Sign out');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect(page.locator('main').getAttribute('data-status')).resolves.toBe('signed_in');
    await tabTo('Sign out');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    // The dialog holds the focus: Tab moves between its two buttons only.
    await tabTo('Sign out');
    await page.keyboard.press('Enter');
    await page.locator('main[data-status="idle"]').waitFor();
    expect(unexpected).toEqual([]);
  });
});

describe('signing in with a phone', () => {
  it('switches to the signed-in name after the phone approves the code it scanned off the screen', async () => {
    const userCode = await newCodeVia('Sign in');
    expect(userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);

    const scanned = await readQrFromScreen(page);
    const state = window.flow.getState();
    expect(state.status === 'awaiting_user' ? state.verificationUriComplete : undefined).toBe(scanned);
    expect(new URL(scanned).searchParams.get('user_code')).toBe(userCode);
    expect(await captureScreen(page, 'demo-awaiting-user')).toEqual([]);

    // A reloaded window asks main for the state and shows the same code, not a fresh start.
    await page.reload();
    await expect(page.getByTestId('user-code').textContent()).resolves.toBe(userCode);

    await approveOnPhone(browser, scanned, { login: 'jane.doe' });
    await page.getByTestId('profile-name').filter({ hasText: 'Jane Doe' }).waitFor({ timeout: approvalTimeout });
    await expect(page.locator('.profile-email').textContent()).resolves.toBe('jane.doe@example.test');
    await expect(page.locator('.avatar').textContent()).resolves.toBe('JD');
    await expect(page.locator('.badge').count()).resolves.toBe(0);
    expect(await captureScreen(page, 'demo-signed-in')).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out' }).click();
    await page.locator('main[data-status="idle"]').waitFor();
  });

  it('says so when the phone declines, and "Try again" shows a new code', async () => {
    const declinedCode = await newCodeVia('Sign in');
    await denyOnPhone(browser, await readQrFromScreen(page));
    await page.getByRole('heading', { name: 'Sign-in was declined' }).waitFor({ timeout: approvalTimeout });
    expect(await captureScreen(page, 'demo-denied')).toEqual([]);

    const nextCode = await newCodeVia('Try again');
    expect(nextCode).not.toBe(declinedCode);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('main[data-status="idle"]').waitFor();
  });

  it('shows the hardware-verified badge when the provider asserts it', async () => {
    await newCodeVia('Sign in');
    await approveOnPhone(browser, await readQrFromScreen(page), { login: 'hw-grace' });
    await page.getByTestId('profile-name').filter({ hasText: 'Hw Grace' }).waitFor({ timeout: approvalTimeout });
    await expect(page.locator('.badge').textContent()).resolves.toMatch(/Hardware.verified/);
  });
});
