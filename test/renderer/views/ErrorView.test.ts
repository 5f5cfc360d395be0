/** A failure with the way out that fits it: another try, the session-only choice, or the help desk and the details for it. */
import { describe, expect, it } from 'vitest';
import { viewsOfThisFile } from '../../support/view-harness.ts';

const opened = viewsOfThisFile();

const actions = { onRetry: null, onSignInSessionOnly: null, onCopyDetails: true, onCheckComputer: null };

describe('ErrorView', () => {
  it('offers another try for a network failure, the code and the message behind Details', async () => {
    const views = opened();
    await views.mount({
      view: 'ErrorView',
      props: { state: { status: 'error', code: 'network', message: 'connect ECONNREFUSED' } },
      actions,
    });
    const { page } = views;
    await expect(page.locator('h1').textContent()).resolves.toBe("Can't reach the sign-in server");
    await expect(page.locator('.view.error').getAttribute('data-error-class')).resolves.toBe('retry');
    await expect(page.locator('details dd').allTextContents()).resolves.toEqual(['network', 'connect ECONNREFUSED']);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(views.calls()).resolves.toContain('onRetry');
  });

  it('offers no try where only an admin can fix it, but a copy of the details and the help desk', async () => {
    const views = opened();
    const environment = { demo: false, issuer: 'https://login.corp.example', managed: [], support: { url: 'https://help.corp.example' } };
    await views.mount({
      view: 'ErrorView',
      props: { state: { status: 'error', code: 'invalid_client', message: 'x' } },
      actions,
      environment,
    });
    const { page } = views;
    await expect(page.getByRole('button', { name: 'Try again' }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Get help from your help desk' }).getAttribute('href')).resolves.toBe(
      'https://help.corp.example',
    );
    await page.getByRole('button', { name: 'Copy details' }).click();
    await page.getByRole('button', { name: 'Details copied' }).waitFor();
    await expect(views.calls()).resolves.toContain('onCopyDetails');
  });

  it('offers a sign-in for this session only where the sign-in cannot be stored', async () => {
    const views = opened();
    await views.mount({
      view: 'ErrorView',
      props: { state: { status: 'error', code: 'storage_unavailable', message: 'no keyring' } },
      actions,
    });
    await views.page.getByRole('button', { name: 'Sign in for this session only' }).click();
    await expect(views.calls().then((calls) => calls.at(-1))).resolves.toBe('onSignInSessionOnly');
  });

  it('offers to check this computer from its Details, whatever the failure', async () => {
    const views = opened();
    await views.mount({ view: 'ErrorView', props: { state: { status: 'error', code: 'tls_untrusted', message: 'self-signed' } }, actions });
    const check = views.page.getByRole('button', { name: 'Check this computer' });
    await expect(check.isVisible()).resolves.toBe(false);
    await views.page.locator('details summary').click();
    await check.click();
    await expect(views.calls().then((calls) => calls.at(-1))).resolves.toBe('onCheckComputer');
  });
});
