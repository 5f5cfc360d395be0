/**
 * The window in the person's language: the real built renderer in Chromium, whose preferred
 * languages come from the browser context, as Electron's come from the OS. German is loaded as a
 * chunk of its own; the pseudo-locale shows what is already through the catalog.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../support/built-app.ts';
import { launchBrowser } from '../support/phone.ts';
import { serveRenderer, type RendererBridge } from '../support/renderer-bridge.ts';
import { createScriptedFlow } from '../support/scripted-flow.ts';

const flow = createScriptedFlow();
let browser: Browser;
let bridge: RendererBridge;

/** The heading names the issuer once the environment has arrived, so headings are polled, not read once. */
async function windowIn(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 460, height: 720 } });
  const page = await context.newPage();
  await page.goto(bridge.url);
  await page.locator('main[data-status="idle"]').waitFor();
  return page;
}

beforeAll(async () => {
  const [{ rendererDir }, launched] = await Promise.all([buildApp('languages'), launchBrowser()]);
  browser = launched;
  bridge = await serveRenderer({ flow, environment: { demo: false, issuer: 'https://login.example.test', managed: [] }, rendererDir });
});

afterAll(async () => {
  await browser.close();
  await bridge.close();
});

describe('the window in German', () => {
  it('asks an Austrian to sign in in German, and says so at the document root', async () => {
    flow.show({ status: 'idle' });
    const page = await windowIn('de-AT');
    // The first screen renders once its language's catalog has loaded: wait for it as every screen test does.
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Bei login.example.test anmelden');
    await expect(page.getByRole('button', { name: 'Anmelden' }).isVisible()).resolves.toBe(true);
    const root = page.locator('html');
    await expect(Promise.all([root.getAttribute('lang'), root.getAttribute('dir')])).resolves.toEqual(['de', 'ltr']);
    await page.context().close();
  });

  it('says that it is getting a code, with a way to cancel', async () => {
    flow.show({ status: 'idle' });
    const page = await windowIn('de-DE');
    flow.show({ status: 'requesting' });
    await page.getByRole('heading', { name: 'Code wird angefordert …' }).waitFor();
    await expect(page.getByRole('button', { name: 'Abbrechen' }).isVisible()).resolves.toBe(true);
    await page.context().close();
  });
});

describe('the expired and declined screens in German', () => {
  it('offers a new code, and says the phone declined, with what the server said behind Details', async () => {
    flow.show({ status: 'idle' });
    const page = await windowIn('de-DE');
    flow.show({ status: 'expired' });
    await page.getByRole('heading', { name: 'Dieser Code ist abgelaufen' }).waitFor();
    await expect(page.getByRole('button', { name: 'Neuen Code holen' }).isVisible()).resolves.toBe(true);
    flow.show({ status: 'denied', description: 'End-User aborted interaction' });
    await page.getByRole('heading', { name: 'Anmeldung abgelehnt' }).waitFor();
    await expect(page.locator('.server-said').textContent()).resolves.toBe('Der Anmeldeserver meldete: „End-User aborted interaction“');
    await page.context().close();
  });
});

describe('a language without a catalog', () => {
  it('falls back to English', async () => {
    flow.show({ status: 'idle' });
    const page = await windowIn('ko-KR');
    // The first screen renders once its language's catalog has loaded: wait for it as every screen test does.
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to login.example.test');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.context().close();
  });
});

describe('the pseudo-locale', () => {
  it('accents and lengthens what goes through the catalog', async () => {
    flow.show({ status: 'idle' });
    const page = await windowIn('en-XA');
    // The first screen renders once its language's catalog has loaded: wait for it as every screen test does.
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^\[Šîĝñ îñ ţö .*login\.example\.test\]$/);
    await page.context().close();
  });
});
