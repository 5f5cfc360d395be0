/** Who is signed in and to what, "Done" as the main action, and a sign-out that asks first. */
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
});
