/**
 * Who is signed in and to what, "Done" as the main action, and a sign-out that asks first; with
 * accounts kept, the others below it (KeptAccounts: each to use or sign out, by main's id, its
 * buttons named for whose account they act on, their words loaded apart) and a way to add one more.
 */
import { describe, expect, it } from 'vitest';
import { viewsOfThisFile } from '../../support/view-harness.ts';

const opened = viewsOfThisFile();

const profile = {
  issuer: 'https://login.example.test',
  sub: 'ada',
  name: 'Ada Lovelace',
  email: 'ada.lovelace@contoso.example',
  hardware_verified: true,
};
const actions = { onDone: null, onSignOut: null, onCheckComputer: null };
const accountActions = { onUseAccount: true, onSignOutAccount: 'revoked', onAddAccount: null };
const ada = { id: 'id-ada', name: 'Ada Lovelace', email: 'ada.lovelace@contoso.example', where: 'login.example.test', current: true };
const grace = { id: 'id-grace', name: 'Grace Hopper', email: 'grace@navy.example', where: 'login.example.test', current: false };
const emailOnly = { id: 'id-kay', email: 'kay@example.test', where: 'login.example.test', current: false };
const unnamed = { id: 'id-nobody', where: 'login.example.test', current: false };
const isolated = (text: string): string => `\u2068${text}\u2069`;

describe('SignedInView', () => {
  it('names the person, breaks the email only after "@" or a dot, and keeps "Hardware-verified" in one piece', async () => {
    const views = opened();
    await views.mount({ view: 'SignedInView', props: { profile, persistence: 'stored' }, actions });
    const { page } = views;
    await expect(page.locator('h1').textContent()).resolves.toBe('Signed in to login.example.test');
    await expect(page.locator('.profile-name').textContent()).resolves.toBe('Ada Lovelace');
    const pieces = await page.evaluate<string[]>(
      `[...document.querySelector('.profile-email').childNodes].map((node) => node.textContent)`,
    );
    expect(pieces.filter((piece) => piece !== '')).toEqual(['ada.', 'lovelace@', 'contoso.', 'example']);
    await expect(page.locator('.badge').textContent()).resolves.toBe('✓ Hardware\u2011verified');
  });

  it('offers "Done" as its main action, and signs out only once the dialog confirms', async () => {
    const views = opened();
    await views.mount({ view: 'SignedInView', props: { profile, persistence: 'stored' }, actions });
    const { page } = views;
    await expect(page.locator('.actions button').allTextContents()).resolves.toEqual(['Done', 'Sign out']);
    await expect(page.getByRole('button', { name: 'Done' }).getAttribute('class')).resolves.toBe('primary');
    const before = (await views.calls()).length;
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out' }).click();
    await expect(views.calls().then((calls) => calls.slice(before))).resolves.toEqual(['onDone', 'onSignOut']);
  });

  it('says when the sign-in lasts only until the app quits, and warns where it is kept without a keyring', async () => {
    const views = opened();
    await views.mount({ view: 'SignedInView', props: { profile, persistence: 'session_only' }, actions });
    await expect(views.page.locator('.notice').getAttribute('data-tone')).resolves.toBe('note');
    const environment = { demo: false, issuer: 'https://login.example.test', managed: [], storage: 'weak' as const };
    await views.mount({ view: 'SignedInView', props: { profile, persistence: 'stored' }, actions, environment });
    await expect(views.page.getByTestId('weak-storage').getAttribute('data-tone')).resolves.toBe('warning');
  });

  it('offers to check this computer, quietly, below its actions', async () => {
    const views = opened();
    await views.mount({ view: 'SignedInView', props: { profile, persistence: 'stored' }, actions });
    const check = views.page.getByRole('button', { name: 'Check this computer' });
    await expect(check.getAttribute('class')).resolves.toBe('quiet');
    await check.click();
    await expect(views.calls().then((calls) => calls.at(-1))).resolves.toBe('onCheckComputer');
  });

  it('offers to add another account where this one is kept, and lists none while it is the only one', async () => {
    const views = opened();
    await views.mount({ view: 'KeptAccounts', props: { accounts: [ada] }, actions: accountActions });
    const { page } = views;
    await expect(page.getByRole('heading', { name: 'Other accounts' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Add another account' }).click();
    await expect(views.calls().then((calls) => calls.at(-1))).resolves.toBe('onAddAccount');
    // Signed in for this session only, beside kept accounts: nothing to keep another beside.
    await views.mount({ view: 'KeptAccounts', props: { accounts: [grace] }, actions: accountActions });
    await page.getByTestId('other-account').waitFor();
    await expect(page.getByRole('button', { name: 'Add another account' }).count()).resolves.toBe(0);
  });

  it('lists the other accounts by name, email and where, each button named for whose account it acts on', async () => {
    const views = opened();
    const accounts = [ada, grace, emailOnly, unnamed];
    await views.mount({ view: 'KeptAccounts', props: { accounts }, actions: accountActions });
    const { page } = views;
    await expect(page.getByRole('heading', { name: 'Other accounts', level: 2 }).count()).resolves.toBe(1);
    const rows = page.getByRole('list').getByRole('listitem');
    const lines = (await rows.allInnerTexts()).map((text) => text.split(/\n+/));
    expect(lines).toEqual([
      ['GH', 'Grace Hopper', 'grace@navy.example', 'login.example.test', 'Use this account', 'Sign out'],
      ['K', 'kay@example.test', 'login.example.test', 'Use this account', 'Sign out'],
      ['Account without a name', 'login.example.test', 'Use this account', 'Sign out'],
    ]);
    // Each button's name as a screen reader gets it: its label where it has one, else its words.
    const names = await page.evaluate<string[]>(
      `[...document.querySelectorAll('#root button')].map((button) => button.getAttribute('aria-label') ?? button.textContent)`,
    );
    expect(names).toEqual([
      `Use this account: ${isolated('Grace Hopper')}`,
      `Sign out: ${isolated('Grace Hopper')}`,
      `Use this account: ${isolated('kay@example.test')}`,
      `Sign out: ${isolated('kay@example.test')}`,
      `Use this account: ${isolated('Account without a name')}`,
      `Sign out: ${isolated('Account without a name')}`,
      'Add another account',
    ]);
    const branded = { demo: false, issuer: 'https://login.example.test', managed: [], branding: { organizationName: 'Contoso' } };
    await views.mount({ view: 'KeptAccounts', props: { accounts }, actions: accountActions, environment: branded });
    await expect(page.locator('.account-where').allTextContents()).resolves.toEqual(['Contoso', 'Contoso', 'Contoso']);
  });

  it('uses another account by main’s id for it', async () => {
    const views = opened();
    await views.mount({ view: 'KeptAccounts', props: { accounts: [ada, grace] }, actions: accountActions });
    await views.page.getByRole('button', { name: 'Use this account: \u2068Grace Hopper\u2069' }).click();
    await expect(views.callsWithArguments().then((calls) => calls.at(-1))).resolves.toEqual(['onUseAccount', 'id-grace']);
  });

  it('asks before signing out one account, signs it out by its id, and says so where the focus now is', async () => {
    const views = opened();
    await views.mount({ view: 'KeptAccounts', props: { accounts: [ada, grace] }, actions: accountActions });
    const { page } = views;
    await page.getByRole('button', { name: 'Sign out: \u2068Grace Hopper\u2069' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading').textContent()).resolves.toBe('Sign out Grace Hopper?');
    await dialog.getByRole('button', { name: 'Sign out' }).click();
    await expect(views.callsWithArguments().then((calls) => calls.at(-1))).resolves.toEqual(['onSignOutAccount', 'id-grace']);
    const said = page.getByTestId('account-signed-out');
    await expect(said.textContent()).resolves.toBe(`${isolated('Grace Hopper')} is signed out.`);
    await expect(page.evaluate('document.activeElement?.dataset.testid')).resolves.toBe('account-signed-out');

    await views.mount({
      view: 'KeptAccounts',
      props: { accounts: [ada, grace] },
      actions: { ...accountActions, onSignOutAccount: 'unreachable' },
    });
    await page.getByRole('button', { name: 'Sign out: \u2068Grace Hopper\u2069' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByTestId('account-signed-out').locator('.notice').getAttribute('data-tone')).resolves.toBe('warning');
  });
});
