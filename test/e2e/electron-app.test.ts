/**
 * The real built app in a real Electron, driven by Playwright's Electron support: the window is
 * locked down, the preload's API is the only thing the page gets, it opens on a code without a
 * click, and a sign-in with the phone against the embedded demo provider ends with the name on
 * screen. Needs the Electron binary, which `npm ci` cannot download everywhere (not on the
 * offline build machine): without it the tests are skipped with the reason printed, never failed.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { _electron, type Browser, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestChannelOf } from '../../src/shared/ipc.ts';
import { buildApp } from '../support/built-app.ts';
import { approveOnPhone, launchBrowser } from '../support/phone.ts';
import { readQrFromScreen } from '../support/window-checks.ts';

/**
 * Where `require('electron')` would point, worked out without calling it: in Electron 42 and
 * later that call downloads the binary when it is missing, which must not happen in a test run.
 */
function installedElectron(): { path: string } | { missing: string } {
  const packageDir = resolve(import.meta.dirname, '../../node_modules/electron');
  const pathFile = join(packageDir, 'path.txt');
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (!existsSync(pathFile) && override === undefined) {
    return { missing: `no Electron binary installed (${pathFile} does not exist)` };
  }
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const binary = join(override ?? join(packageDir, 'dist'), relative);
  return existsSync(binary) ? { path: binary } : { missing: `no Electron binary at ${binary}` };
}

const electron = installedElectron();
if ('missing' in electron) console.warn(`electron-app.test.ts skipped: ${electron.missing}.`);

/** Electron refuses to run as root without this (the CI container runs as root). */
const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];

describe.skipIf('missing' in electron)('the Electron app', () => {
  let binary: string;
  let mainScript: string;
  let app: ElectronApplication;
  let page: Page;
  let phone: Browser;

  beforeAll(async () => {
    if (!('path' in electron)) return;
    binary = electron.path;
    const { outDir } = await buildApp('electron-app');
    mainScript = join(outDir, 'main/index.js');
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('DEVICE_SIGNIN_'),
      ),
    );
    [app, phone] = await Promise.all([_electron.launch({ executablePath: binary, args: [...rootArgs, mainScript], env }), launchBrowser()]);
    page = await app.firstWindow();
    // Nothing to decide first (the demo keeps nothing, so no notice): the window opens on a code, no "Sign in" pressed.
    await page.locator('main[data-status="awaiting_user"]').waitFor();
  });

  afterAll(async () => {
    await app.close();
    await phone.close();
  });

  it('opens one window that says it is a demo', async () => {
    // The window's settings themselves are checked in test/main/sign-in-window.test.ts.
    await expect(app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).resolves.toBe(1);
    await expect(page.locator('.demo-notice').isVisible()).resolves.toBe(true);
  });

  it('gives the page the preload API and nothing of Node or Electron', async () => {
    const globals = await page.evaluate<{ api: string[]; node: string[] }>(
      `({ api: Object.keys(window.deviceSignIn).sort(),
          node: ['require', 'process', 'module', 'ipcRenderer'].filter((name) => name in window) })`,
    );
    expect(globals).toEqual({
      // A method per request of the one contract, and the two subscriptions.
      api: [...Object.keys(requestChannelOf), 'onAccounts', 'onState'].sort(),
      node: [],
    });
  });

  it('refuses navigation and new windows', async () => {
    const before = page.url();
    await page.evaluate(`window.open('https://example.test/'); location.href = 'https://example.test/';`);
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    await expect(app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).resolves.toBe(1);
  });

  it('signs in with the phone and copies the code through main', async () => {
    const userCode = (await page.getByTestId('user-code').textContent()) ?? '';
    await page.getByRole('button', { name: 'Copy code' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    await expect(app.evaluate(({ clipboard }) => clipboard.readText())).resolves.toBe(userCode);

    await approveOnPhone(phone, await readQrFromScreen(page), { login: 'jane.doe' });
    await page.getByTestId('profile-name').filter({ hasText: 'Jane Doe' }).waitFor({ timeout: 20_000 });
  });

  it('keeps the state across a reload', async () => {
    await page.reload();
    await page.getByTestId('profile-name').filter({ hasText: 'Jane Doe' }).waitFor();
  });

  it('hands a second launch over to the first instance', async () => {
    const second = spawn(binary, [...rootArgs, mainScript], { stdio: 'ignore' });
    const exitCode = await new Promise<number | null>((resolveExit) => second.on('exit', resolveExit));
    expect(exitCode).toBe(0);
    await expect(app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).resolves.toBe(1);
  });
});
