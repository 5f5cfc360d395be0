/** The screen before a code: where it signs in, the note or warning a signed-out person gets, and which start its button asks for. */
import { describe, expect, it } from 'vitest';
import { viewsOfThisFile } from '../../support/view-harness.ts';

const opened = viewsOfThisFile();

const environment = { demo: false, issuer: 'https://login.microsoftonline.com/contoso/v2.0', managed: [] };
const actions = { onSignIn: null, onSignInSessionOnly: null };

describe('IdleView', () => {
  it('names the host it signs in to, breakable only after a dot, and asks for a normal sign-in', async () => {
    const views = opened();
    await views.mount({ view: 'IdleView', props: {}, actions, environment });
    const { page } = views;
    await expect(page.locator('h1').textContent()).resolves.toBe('Sign in to login.microsoftonline.com');
    await expect(page.locator('h1 wbr').count()).resolves.toBe(2);
    await expect(page.locator('.notice').count()).resolves.toBe(0);
    const before = (await views.calls()).length;
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(views.calls().then((calls) => calls.slice(before))).resolves.toEqual(['onSignIn']);
  });

  it('says "Sign in" alone before main has said where', async () => {
    const views = opened();
    await views.mount({ view: 'IdleView', props: {}, actions });
    await expect(views.page.locator('h1').textContent()).resolves.toBe('Sign in');
  });

  it('shows a routine notice as a note, and a session the provider did not end as a warning with a named icon', async () => {
    const views = opened();
    const { page } = views;
    await views.mount({ view: 'IdleView', props: { notice: { code: 'session_ended' } }, actions, environment });
    await expect(page.locator('.notice').getAttribute('data-tone')).resolves.toBe('note');
    await expect(page.getByRole('img', { name: 'Warning' }).count()).resolves.toBe(0);
    const notice = { code: 'revocation_failed', revocation: 'refused', validUntil: Date.UTC(2026, 11, 7, 16, 30) };
    await views.mount({ view: 'IdleView', props: { notice }, actions, environment });
    await expect(page.locator('.notice').getAttribute('data-tone')).resolves.toBe('warning');
    await expect(page.getByRole('img', { name: 'Warning' }).count()).resolves.toBe(1);
    // The date keeps its day number, and the time its AM/PM marker, on one line.
    await expect(page.locator('.notice').textContent()).resolves.toMatch(/Dec\u00a07, 2026, \d+:30[\u00a0\u202f]PM\.$/);
  });

  it('signs in for this session only, by name, where no keyring can keep the sign-in', async () => {
    const views = opened();
    await views.mount({
      view: 'IdleView',
      props: { notice: { code: 'storage_unavailable', storage: 'no_keyring' } },
      actions,
      environment,
    });
    const before = (await views.calls()).length;
    await views.page.getByRole('button', { name: 'Sign in for this session only' }).click();
    await expect(views.calls().then((calls) => calls.slice(before))).resolves.toEqual(['onSignInSessionOnly']);
  });
});
