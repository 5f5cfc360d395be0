/**
 * The code screen on its own: each way in labelled, the trust line worded for the phone or for
 * this computer's browser, the actions it offers (and in what order), what it asks for when they
 * are pressed, and what is left once the code has run out.
 */
import { describe, expect, it } from 'vitest';
import { viewsOfThisFile } from '../../support/view-harness.ts';

const opened = viewsOfThisFile();

const code = (page: string, extra: Readonly<Record<string, unknown>> = {}) => ({
  status: 'awaiting_user',
  userCode: 'BCDFGHJKLMNP',
  verificationUri: page,
  verificationUriComplete: `${page}?user_code=BCDFGHJKLMNP`,
  expiresAt: Date.now() + 9 * 60_000,
  interval: 5,
  slowedDown: false,
  ...extra,
});
const actions = { onCopy: true, onOpen: 'refused', onCancel: null, onNewCode: null };
const buttons = (): Promise<string[]> => opened().page.locator('.actions button').allTextContents();

describe('AwaitingUserView', () => {
  it('labels both ways in, groups the code alike in the trust line, and asks to copy, open and cancel in that order', async () => {
    const views = opened();
    await views.mount({ view: 'AwaitingUserView', props: { state: code('https://login.example.test/device') }, actions });
    const { page } = views;
    await expect(page.locator('.path-label').allTextContents()).resolves.toEqual([
      "Scan with your phone's camera",
      'Or go to login.example.test/device and enter:',
    ]);
    await expect(page.locator('.trust-line .code-group').allTextContents()).resolves.toEqual(['BCDF', 'GHJK', 'LMNP']);
    await expect(page.getByTestId('trust-line').textContent()).resolves.toMatch(/^Approve only if your phone shows/);
    await expect(buttons()).resolves.toEqual(['Copy code', 'Open in browser', 'Cancel']);
    await expect(page.locator('button.primary').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Copy code' }).click();
    await page.getByRole('button', { name: 'Open in browser' }).click();
    await page.getByTestId('open-note').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.keyboard.press('Escape');
    await expect(views.calls()).resolves.toEqual(['onCopy', 'onOpen', 'onCancel', 'onCancel']);
  });

  it('opens the page in the browser first, filled, where the page is on this computer, and says "browser"', async () => {
    const views = opened();
    await views.mount({ view: 'AwaitingUserView', props: { state: code('http://127.0.0.1:3000/device') }, actions });
    const { page } = views;
    await expect(buttons()).resolves.toEqual(['Open in browser', 'Copy code', 'Cancel']);
    await expect(page.locator('.actions button').first().getAttribute('class')).resolves.toBe('primary');
    await expect(page.locator('.qr-frame.dimmed').count()).resolves.toBe(1);
    await expect(page.getByTestId('trust-line').textContent()).resolves.toMatch(/^Approve only if your browser shows 127\.0\.0\.1:3000/);
  });

  it('once the code has run out offers only a new code and Cancel, and asks for the new code', async () => {
    const views = opened();
    await views.mount({
      view: 'AwaitingUserView',
      props: { state: code('https://login.example.test/device', { expiresAt: Date.now() - 1000 }) },
      actions,
    });
    const { page } = views;
    await expect(page.locator('main, section').first().locator('button').allTextContents()).resolves.toEqual(['Get a new code', 'Cancel']);
    await expect(page.locator('.trust-line, .polling-status, .path-label').count()).resolves.toBe(0);
    await expect(page.locator('.user-code.expired').count()).resolves.toBe(1);
    const before = (await views.calls()).length;
    await page.getByRole('button', { name: 'Get a new code' }).click();
    await expect(views.calls().then((calls) => calls.slice(before))).resolves.toEqual(['onNewCode']);
  });
});
