/**
 * The sign-in window before a code and after one, in the real built renderer in Chromium: the
 * idle screen and its notes and warnings, the quiet waits, the right way out of each failure, and
 * the signed-in screen with its one main action, "Done", and a sign-out that asks first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorClasses, errorHeading } from '../../src/renderer/src/error-messages.ts';
import { errorCodes, type FlowState } from '../../src/shared/flow-state.ts';
import { isolated } from '../../src/shared/i18n/translate.ts';
import { translateIn } from '../support/catalogs.ts';
import { accountIdOnly, issuer, signedIn } from '../support/screen-states.ts';
import { type ScreenPage, type ScreenSuite, startScreens } from '../support/screen-window.ts';
import { captureScreen } from '../support/window-checks.ts';

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

describe('the sign-in window before a code', () => {
  it('offers to sign in, names the provider, and starts the flow from the keyboard', async () => {
    await screen.show({ status: 'requesting' });
    await screen.show({ status: 'idle' });
    const { page } = screen;
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in to 127.0.0.1:3000');
    await expect(page.locator('.provider-line').textContent()).resolves.toBe(
      'Signing in with 127.0.0.1:3000 · managed by your organization',
    );
    await page.locator('h1:focus').waitFor();
    const before = suite.flow.calls.length;
    await page.keyboard.press('Tab');
    await expect(page.locator('button:focus').textContent()).resolves.toBe('Sign in');
    await page.keyboard.press('Enter');
    await expect.poll(() => suite.calledSince(before)).toEqual(['start']);
  });

  it('shows a quiet spinner while opening a saved sign-in, getting a code and signing out, and the footer says which', async () => {
    const { page } = screen;
    await screen.show({ status: 'requesting' });
    await expect(page.locator('.spinner').isVisible()).resolves.toBe(true);
    await screen.show({ status: 'restoring' });
    await page.getByRole('heading', { name: 'Opening your saved sign-in…' }).waitFor();
    await screen.show({ status: 'signing_out' });
    await page.getByRole('heading', { name: 'Signing out…' }).waitFor();
    await expect(page.locator('.provider-where').textContent()).resolves.toContain('Signing out of 127.0.0.1:3000');
    await expect(page.locator('main button').count()).resolves.toBe(0);
  });
});

describe('the sign-in window once signed out', () => {
  it('tells a signed-out person why, in words, next to "Sign in", as a note', async () => {
    for (const code of ['session_ended', 'storage_damaged', 'storage_unavailable'] as const) {
      await screen.show({ status: 'idle', notice: { code } }, `.notice[data-notice="${code}"]`);
      const notice = screen.page.locator(`.notice[data-notice="${code}"]`);
      await expect(notice.textContent()).resolves.toMatch(/^[A-Z].+\.$/);
      await expect(notice.getAttribute('data-tone')).resolves.toBe('note');
    }
  });

  it('warns, with a named icon, where the provider did not end the session, and says truly why and until when', async () => {
    const validUntil = Date.UTC(2026, 11, 1, 15, 30);
    const expected = {
      refused: /refused to end the session there/,
      unreachable: /couldn't be reached/,
      server_error: /had a problem/,
      unsupported: /offers no way to end the session/,
    } as const;
    const notice = screen.page.locator('.notice[data-notice="revocation_failed"]');
    for (const [revocation, words] of Object.entries(expected) as [keyof typeof expected, RegExp][]) {
      await screen.show(
        { status: 'idle', notice: { code: 'revocation_failed', revocation, validUntil } },
        '.notice[data-notice="revocation_failed"]',
      );
      await expect.poll(() => notice.textContent()).toMatch(words);
      await expect(notice.textContent()).resolves.toMatch(/valid until .*2026/);
    }
    await expect(notice.getAttribute('data-tone')).resolves.toBe('warning');
    await expect(notice.getByRole('img', { name: 'Warning' }).count()).resolves.toBe(1);
    expect(await captureScreen(screen.page, 'idle-signed-out-refused')).toEqual([]);
  });

  it('never stores silently where tokens cannot be protected: "Sign in for this session only" is the explicit choice', async () => {
    const before = suite.flow.calls.length;
    await screen.show({ status: 'idle', notice: { code: 'storage_unavailable' } }, '.notice[data-notice="storage_unavailable"]');
    await screen.page.getByRole('button', { name: 'Sign in for this session only' }).click();
    await screen.show({ status: 'error', code: 'storage_unavailable', message: 'No keyring.' });
    await screen.page.getByRole('button', { name: 'Sign in for this session only' }).click();
    await expect.poll(() => suite.calledSince(before)).toEqual(['startSessionOnly', 'startSessionOnly']);
  });
});

describe('the sign-in window when the sign-in does not happen', () => {
  it('offers a new code in one click when the code expired, and another try when it was declined', async () => {
    const before = suite.flow.calls.length;
    await screen.show({ status: 'expired' });
    await screen.page.getByRole('button', { name: 'Get a new code' }).click();
    await screen.show({ status: 'denied', description: 'End-User aborted interaction' });
    await expect(screen.page.locator('.server-said').isVisible()).resolves.toBe(false);
    await screen.page.locator('.view details summary').click();
    await expect(screen.page.locator('.server-said').textContent()).resolves.toContain('End-User aborted interaction');
    await screen.page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => suite.calledSince(before)).toEqual(['start', 'start']);
  });

  it('gives every error its own heading, a status mark and one sentence, with details on demand under the text', async () => {
    const { page } = screen;
    for (const code of errorCodes) {
      await screen.show({ status: 'error', code, message: `technical message for ${code}` }, `.view.error:has(code:has-text("${code}"))`);
      await expect(page.getByRole('heading', { level: 1 }).textContent(), code).resolves.toBe(errorHeading(english, code));
      await expect(page.locator('.view .status-mark').count(), code).resolves.toBe(1);
      const sentence = await page.locator('.error-sentence').textContent();
      expect(sentence, code).toMatch(/^[A-Z].+\.$/);
      if (code !== 'proxy') expect(sentence, code).not.toContain(code);
      await expect(page.locator('.view details').getAttribute('open')).resolves.toBeNull();
    }
    const summary = await page.locator('.view details summary').boundingBox();
    const sentence = await page.locator('.error-sentence').boundingBox();
    const middle = (box: { x: number; width: number } | null): number => (box === null ? Number.NaN : box.x + box.width / 2);
    expect(Math.abs(middle(summary) - middle(sentence)), '"Details" centred under the text').toBeLessThan(2);
  });

  it('offers no "Try again" where only an admin can fix it, but the details to copy for the help desk', async () => {
    const adminOnly = errorCodes.filter((code) => errorClasses[code] === 'admin');
    for (const code of adminOnly) {
      const shownError = `.view.error[data-error-class=admin]:has(code:has-text("${code}"))`;
      await screen.show({ status: 'error', code, message: `technical message for ${code}` }, shownError);
      await expect(screen.page.getByRole('button', { name: 'Try again' }).count(), code).resolves.toBe(0);
    }
    await screen.page.getByRole('button', { name: 'Copy details' }).click();
    await screen.page.getByRole('button', { name: 'Details copied' }).waitFor();
    expect(screen.bridge.copied.at(-1)).toContain(`Error: ${String(adminOnly.at(-1))}`);
    expect(screen.bridge.copied.at(-1)).toContain(`Issuer: ${issuer}`);
  });
});

describe('the sign-in window once signed in', () => {
  it('says where and as whom, and offers "Done" as its main action, which asks main to close the window', async () => {
    await screen.show(signedIn({ hardware_verified: true }), '.badge');
    const { page } = screen;
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Signed in to 127.0.0.1:3000');
    await expect(page.locator('.avatar').textContent()).resolves.toBe('AL');
    await expect(page.locator('.badge').textContent()).resolves.toContain('Hardware\u2011verified');
    await expect(page.locator('.next-step').textContent()).resolves.toBe('You can close this window.');
    await expect(page.getByTestId('live-region').textContent()).resolves.toBe(`Signed in as ${isolated('Ada Lovelace')}.`);
    await expect(page.locator('main button').allTextContents()).resolves.toEqual(['Done', 'Sign out', 'Check this computer']);
    await expect(page.getByRole('button', { name: 'Done' }).getAttribute('class')).resolves.toBe('primary');
    const closes = screen.bridge.closeRequests();
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => screen.bridge.closeRequests()).toBe(closes + 1);
    expect(suite.flow.calls.at(-1), 'Done signs nobody out').not.toBe('signOut');
  });

  it('asks before signing out, and signs out only when confirmed', async () => {
    const { page } = screen;
    await screen.show(signedIn(), '[data-testid=profile-name]:has-text("Ada Lovelace")');
    const before = suite.flow.calls.length;
    await page.getByRole('button', { name: 'Sign out' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign out of 127.0.0.1:3000?' });
    await dialog.waitFor();
    expect(await captureScreen(page, 'sign-out-confirm')).toEqual([]);
    await dialog.getByRole('button', { name: 'Stay signed in' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(suite.calledSince(before)).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await dialog.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => suite.calledSince(before)).toEqual(['signOut']);
  });

  it('shows a labelled, shortened account id and a figure, never the raw id as a name, and says when nobody is named', async () => {
    const { page } = screen;
    await screen.show({ status: 'signed_in', profile: { issuer, sub: accountIdOnly }, persistence: 'stored' }, '[data-testid=account-id]');
    await expect(page.getByTestId('account-id').textContent()).resolves.toBe('Account ID 248289…2d9e');
    await expect(page.locator('.avatar[data-generic=true] svg').count()).resolves.toBe(1);
    await expect(page.locator('main').innerText()).resolves.not.toContain(accountIdOnly);
    await screen.show({ status: 'signed_in', profile: { issuer }, persistence: 'stored' }, '[data-testid=account-unnamed]');
    await expect(page.getByTestId('account-unnamed').textContent()).resolves.toBe('The provider does not say who signed in.');
  });

  it('says whether the session is bound to this device, and when it lasts only until the app quits', async () => {
    const { page } = screen;
    await screen.show({ ...signedIn(), deviceBound: true } as FlowState, '[data-testid=device-binding]');
    await expect(page.getByTestId('device-binding').textContent()).resolves.toContain('Bound to this device');
    await screen.show(
      { ...signedIn({ name: 'Bob Stone' }), deviceBound: false } as FlowState,
      '[data-testid=device-binding]:has-text("Not bound")',
    );
    await screen.show(signedIn({ name: 'Cleo Park' }), '[data-testid=profile-name]:has-text("Cleo Park")');
    await expect(page.getByTestId('device-binding').count()).resolves.toBe(0);
    await screen.show({ status: 'signed_in', profile: { issuer, sub: 'bob', name: 'Bob Stone' }, persistence: 'session_only' }, '.notice');
    await expect(page.locator('.notice').textContent()).resolves.toContain('lasts until you quit the app');
    await expect(page.locator('.notice').getAttribute('data-tone')).resolves.toBe('note');
  });
});
