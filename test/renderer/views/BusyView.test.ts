/** The short waits: a spinner under the title, and Cancel only where the wait can be called off. */
import { describe, expect, it } from 'vitest';
import { viewsOfThisFile } from '../../support/view-harness.ts';

const opened = viewsOfThisFile();

describe('BusyView', () => {
  it('shows its title as the focused heading over a spinner, marked busy, with Cancel when it can be cancelled', async () => {
    const views = opened();
    await views.mount({ view: 'BusyView', props: { title: 'Getting a code…' }, actions: { onCancel: null } });
    const { page } = views;
    await expect(page.locator('h1:focus').textContent()).resolves.toBe('Getting a code…');
    await expect(page.locator('section[aria-busy=true] .spinner').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(views.calls()).resolves.toEqual(['onCancel']);
  });

  it('offers no button where there is nothing to cancel', async () => {
    const views = opened();
    await views.mount({ view: 'BusyView', props: { title: 'Signing out…' }, actions: {} });
    await expect(views.page.locator('button').count()).resolves.toBe(0);
  });
});
