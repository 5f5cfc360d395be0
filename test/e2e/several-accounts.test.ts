/**
 * Two accounts side by side in the window, at the smallest window (360×560), in real Chromium
 * against the embedded demo provider: the built renderer behind the bridge over the real core,
 * its sessions kept in a vault (in memory here, as the app keeps them in the keyring). The phone
 * approves Ada, then, through "Add another account", Grace; the window lists the other account,
 * switches back to Ada, and, in Arabic, signs Grace out, whose grant the provider then ends while
 * Ada's stays; a third sign-in adds another, a cancelled one goes back to the account signed in,
 * and signing out the account signed in signs in as the one kept beside it.
 * axe runs on the screen with two accounts in English and in Arabic.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultScope } from '../../src/core/config.ts';
import { createSignInFlow, type SignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import { accountsOf } from '../../src/core/vault/kept-accounts.ts';
import type { TokenVault } from '../../src/core/vault/session-record.ts';
import { buildApp } from '../support/built-app.ts';
import { isTokenActive } from '../support/introspect.ts';
import { minimumWindow, screenFit } from '../support/layout-checks.ts';
import { createMemoryVault } from '../support/memory-vault.ts';
import { approveOnPhone, launchBrowser } from '../support/phone.ts';
import { type ProxiedProvider, startTestProvider } from '../support/provider-proxy.ts';
import { serveRenderer, type RendererBridge } from '../support/renderer-bridge.ts';
import { axeViolationsOnce } from '../support/window-checks.ts';

/** The provider announces a 1 s interval; this leaves room for a loaded machine. */
const approvalTimeout = 20_000;

let browser: Browser;
let provider: ProxiedProvider;
let vault: TokenVault;
let flow: SignInFlow;
let bridge: RendererBridge;

beforeAll(async () => {
  const [{ rendererDir }, launched, started] = await Promise.all([
    buildApp('several-accounts'),
    launchBrowser(),
    startTestProvider({ interval: 1 }),
  ]);
  browser = launched;
  provider = started;
  vault = createMemoryVault();
  flow = createSignInFlow({
    config: { issuer: provider.issuer, clientId: provider.clientId, scope: defaultScope },
    fetch: (url, init) => fetch(url, init),
    vault,
  });
  bridge = await serveRenderer({ flow, environment: { demo: true, issuer: provider.issuer, managed: [] }, rendererDir });
});

afterAll(async () => {
  flow.cancel();
  await bridge.close();
  await browser.close();
  await provider.close();
});

/** The window at the smallest size, in `locale`, once it has drawn its first screen. */
async function openWindow(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: minimumWindow.width, height: minimumWindow.height } });
  const page = await context.newPage();
  await page.goto(bridge.url);
  await page.locator('main:not([data-status=loading])').waitFor();
  return page;
}

/**
 * Presses `button`, and approves the code it brings up on the phone as `login`; resolves once the
 * window shows `name` signed in. The code screen names who stays signed in (`staying`) when the
 * code adds an account, and nobody when it is the first sign-in.
 */
async function signInVia(page: Page, button: string, login: string, name: string, staying?: string): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByTestId('user-code').waitFor();
  const note = page.getByTestId('stays-signed-in');
  if (staying === undefined) await expect(note.count()).resolves.toBe(0);
  else await expect(note.textContent()).resolves.toBe(`\u2068${staying}\u2069 stays signed in; this code adds another account.`);
  const state = flow.getState();
  if (state.status !== 'awaiting_user' || state.verificationUriComplete === undefined) throw new Error('No code is showing.');
  await approveOnPhone(browser, state.verificationUriComplete, { login });
  await page.getByTestId('profile-name').filter({ hasText: name }).waitFor({ timeout: approvalTimeout });
}

const otherAccounts = (page: Page): Promise<string[]> => page.locator('[data-testid=other-account] .account-name').allTextContents();

/** Nothing sideways, cut off, spilling or overlapping, and no axe violation. */
async function checkScreen(page: Page, where: string): Promise<void> {
  expect((await screenFit(page)).problems, where).toEqual([]);
  expect(await axeViolationsOnce(page), where).toEqual([]);
}

describe('several accounts in the window', () => {
  it('adds a second account beside the first, lists the other one, and switches back by keyboard', async () => {
    const page = await openWindow('en-US');
    await signInVia(page, 'Sign in', 'ada.lovelace', 'Ada Lovelace');
    await expect(otherAccounts(page)).resolves.toEqual([]);
    await signInVia(page, 'Add another account', 'grace.hopper', 'Grace Hopper', 'Ada Lovelace');
    await page.locator('[data-testid=other-account]').waitFor();
    await expect(otherAccounts(page)).resolves.toEqual(['Ada Lovelace']);
    await expect(page.locator('.account-email').textContent()).resolves.toBe('ada.lovelace@example.test');
    await checkScreen(page, 'two accounts, English, 360x560');

    await page.getByRole('button', { name: 'Use this account: \u2068Ada Lovelace\u2069', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('profile-name').filter({ hasText: 'Ada Lovelace' }).waitFor();
    await expect(otherAccounts(page)).resolves.toEqual(['Grace Hopper']);
    await expect(page.evaluate('document.activeElement?.tagName')).resolves.toBe('H1');
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'ada.lovelace' } });
    await page.context().close();
  });

  it('in Arabic, right to left, signs the other account out: its grant ends, the signed-in one’s stays', async () => {
    const page = await openWindow('ar');
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
    await page.locator('[data-testid=other-account]').waitFor();
    const row = page.locator('[data-testid=other-account]');
    const [avatar, who] = [await row.locator('.avatar').boundingBox(), await row.locator('.account-who').boundingBox()];
    expect((avatar?.x ?? 0) > (who?.x ?? 0), 'the avatar at the start of the row, on the right').toBe(true);
    const buttons = row.getByRole('button');
    const labels = await Promise.all([0, 1].map((index) => buttons.nth(index).getAttribute('aria-label')));
    expect(labels).toEqual(['استخدام هذا الحساب: \u2068Grace Hopper\u2069', 'تسجيل الخروج: \u2068Grace Hopper\u2069']);
    await checkScreen(page, 'two accounts, Arabic, 360x560');

    const kept = accountsOf(await vault.load());
    const tokensOf = (sub: string) => kept.find((record) => record.profile.sub === sub)?.tokens.accessToken ?? '';
    await row.getByRole('button', { name: 'تسجيل الخروج' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading').textContent()).resolves.toBe('هل تريد تسجيل خروج Grace Hopper؟');
    await dialog.getByRole('button', { name: 'تسجيل الخروج' }).click();
    await page.getByTestId('account-signed-out').waitFor();
    await expect(page.getByTestId('account-signed-out').textContent()).resolves.toBe('تم تسجيل خروج \u2068Grace Hopper\u2069.');
    await expect(row.count()).resolves.toBe(0);
    await expect(isTokenActive(provider, tokensOf('grace.hopper'))).resolves.toBe(false);
    await expect(isTokenActive(provider, tokensOf('ada.lovelace'))).resolves.toBe(true);
    expect(accountsOf(await vault.load()).map((record) => record.profile.sub)).toEqual(['ada.lovelace']);
    await page.context().close();
  });

  it('adds another, goes back to the one signed in when an added one is cancelled, and signs in as the next after a sign-out', async () => {
    const page = await openWindow('en-US');
    await signInVia(page, 'Add another account', 'alan.turing', 'Alan Turing', 'Ada Lovelace');
    await expect(otherAccounts(page)).resolves.toEqual(['Ada Lovelace']);
    await page.getByRole('button', { name: 'Add another account' }).click();
    await page.getByTestId('user-code').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('profile-name').filter({ hasText: 'Alan Turing' }).waitFor();
    await expect(otherAccounts(page)).resolves.toEqual(['Ada Lovelace']);

    // The screen's own Sign out, with another account kept: that one is signed in after it.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('profile-name').filter({ hasText: 'Ada Lovelace' }).waitFor();
    await expect(page.getByRole('button', { name: 'Add another account' }).isVisible()).resolves.toBe(true);
    await expect(otherAccounts(page)).resolves.toEqual([]);
    await page.context().close();
  });
});
