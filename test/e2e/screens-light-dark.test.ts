/**
 * Every screen of the sign-in window in light and in dark, in the real built renderer in
 * Chromium: a picture of each, and axe clean in both schemes (their contrasts differ). The
 * languages do not change colours, so this runs once, in English; every-language-fit.test.ts
 * runs axe once per language on the code screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyScreen } from '../support/screen-states.ts';
import { type ScreenPage, type ScreenSuite, startScreens } from '../support/screen-window.ts';
import { captureScreen } from '../support/window-checks.ts';

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

describe('every screen in light and dark', () => {
  it.each(everyScreen.map((named) => [named.name, named] as const))('%s passes axe in both', async (_name, named) => {
    await screen.showScreen(named);
    expect(await captureScreen(screen.page, named.name)).toEqual([]);
  });
});
