/** The screen for a code that ran out before anyone approved it: what it says and what "Get a new code" asks for. */
import { describe, expect, it } from 'vitest';
import { viewsOfThisFile } from '../../support/view-harness.ts';

const opened = viewsOfThisFile();

describe('ExpiredView', () => {
  it('says the code expired, with a status mark, and asks for a new code in one click', async () => {
    const views = opened();
    await views.mount({ view: 'ExpiredView', props: {}, actions: { onNewCode: null } });
    await expect(views.page.locator('h1').textContent()).resolves.toBe('This code has expired');
    await expect(views.page.locator('svg.status-mark[data-tone=expired]').count()).resolves.toBe(1);
    await views.page.getByRole('button', { name: 'Get a new code' }).click();
    await expect(views.calls()).resolves.toEqual(['onNewCode']);
  });
});
