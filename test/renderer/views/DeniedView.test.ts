/** The screen after a refusal on the other device: what it says, what the server said behind Details, and "Try again". */
import { describe, expect, it } from 'vitest';
import { viewsOfThisFile } from '../../support/view-harness.ts';

const opened = viewsOfThisFile();

describe('DeniedView', () => {
  it("says the sign-in was declined, keeps the server's words behind Details, and tries again on request", async () => {
    const views = opened();
    await views.mount({ view: 'DeniedView', props: { description: 'End-User aborted interaction' }, actions: { onRetry: null } });
    const { page } = views;
    await expect(page.locator('h1').textContent()).resolves.toBe('Sign-in was declined');
    await expect(page.locator('.server-said').isVisible()).resolves.toBe(false);
    await page.getByText('Details').click();
    await expect(page.locator('.server-said').textContent()).resolves.toBe('The sign-in server said: “End-User aborted interaction”');
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(views.calls()).resolves.toEqual(['onRetry']);
  });

  it('shows no Details where the server gave no reason', async () => {
    const views = opened();
    await views.mount({ view: 'DeniedView', props: {}, actions: { onRetry: null } });
    await expect(views.page.locator('details').count()).resolves.toBe(0);
  });
});
