/**
 * The built main bundle (out/main/index.js, from the suite's one build of the app) started as
 * Electron would start it, under a recording stand-in `electron` (stand-in-electron.ts): the
 * closest this machine comes to launching the app. With nothing configured it runs the demo
 * provider and, having nothing to ask first, starts the sign-in itself and pushes the code to the
 * window; a second launch after a cancel starts it again; a failure on the way is a
 * dialog, a dangerous switch in a packaged app ends it, and the development CSP lets Vite's
 * stylesheet in only under the development server. Only out/main: packing app.asar takes
 * electron-builder minutes here (test/packaging/packed-app.test.ts), far beyond a boot test.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appUserModelId } from '../../src/main/app-id.ts';
import { buildApp } from '../support/built-app.ts';
import { type BootedMain, bootMain, type BootOptions, type Reported } from './booted-main.ts';

let bundle: string;
const running: BootedMain[] = [];

beforeAll(async () => {
  bundle = join((await buildApp('boot')).outDir, 'main/index.js');
}, 180_000);

afterEach(() => {
  for (const main of running.splice(0)) main.stop();
});

async function boot(options: BootOptions = {}): Promise<BootedMain> {
  const main = await bootMain(bundle, options);
  running.push(main);
  return main;
}

const ofType = (type: string) => (event: Reported) => event.type === type;
const indexOf = (main: BootedMain, type: string): number => main.events.findIndex(ofType(type));

describe('the built main bundle, started under a stand-in Electron', () => {
  it('shows its window before it reads the policy, then reaches a code from the demo provider without a click', async () => {
    const main = await boot();
    await main.waitFor(ofType('window.created'), 'the window');
    // The app's events are in place before anything waits, and the window before the sign-in is opened.
    for (const event of ['second-instance', 'activate', 'window-all-closed']) {
      expect(main.events.findIndex((seen) => seen.type === 'app.on' && seen['event'] === event)).toBeLessThan(indexOf(main, 'app.ready'));
    }
    await main.waitFor(ofType('session.setProxy'), 'the sign-in to open');
    expect(indexOf(main, 'window.created')).toBeLessThan(indexOf(main, 'session.setProxy'));
    expect(main.events.find(ofType('protocol.registerSchemesAsPrivileged'))).toMatchObject({ ready: false });

    const loopbackIssuer = expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+/) as unknown;
    expect(await main.invoke('sign-in:get-environment')).toMatchObject({ demo: true, issuer: loopbackIssuer });
    // Nothing to decide first (no notice, no choice): opening the window starts the sign-in, no "Sign in" pressed.
    const pushed = await main.waitFor(pushes('awaiting_user'), 'a code');
    expect(pushed['payload']).toMatchObject({ status: 'awaiting_user', userCode: expect.any(String) as unknown });
    expect(await main.invoke('sign-in:get-state')).toMatchObject({ status: 'awaiting_user' });
    // The admin's proxy (here the OS's) reaches electron-updater's own session too.
    expect(main.events.filter(ofType('session.setProxy')).map((event) => event['session'])).toEqual(['default', 'electron-updater']);
    // An unpackaged app keeps Electron's default menu, developer entries and all, and the strict CSP for its built page.
    expect(main.events.filter(ofType('Menu.setApplicationMenu'))).toEqual([]);
    expect(cspOf(main)).not.toContain("'unsafe-inline'");
    await main.invoke('sign-in:close-window');
    expect(main.events.find(ofType('window.close'))).toBeDefined();
  }, 30_000);

  it('starts the sign-in again when launched a second time after a cancel', async () => {
    const main = await boot();
    const first = await main.waitFor(pushes('awaiting_user'), 'the first code');
    const beforeCancel = main.events.length;
    await main.invoke('sign-in:cancel');
    await main.waitFor(after(main, beforeCancel, pushes('idle')), 'the signed-out screen after the cancel');
    // The idle screen stays after a cancel: only opening the window again starts a sign-in.
    expect(await main.invoke('sign-in:get-state')).toEqual({ status: 'idle' });

    const afterCancel = main.events.length;
    main.emit('second-instance');
    const second = await main.waitFor(after(main, afterCancel, pushes('awaiting_user')), 'a code after the second launch');
    expect(userCodeOf(second)).not.toBe(userCodeOf(first));
  }, 30_000);

  it('refuses a page that is not its own, even once ready', async () => {
    const main = await boot();
    await main.waitFor(ofType('session.setProxy'), 'the sign-in to open');
    await expect(main.invoke('sign-in:get-state', 'https://attacker.example/')).rejects.toThrow(/Refused sign-in:get-state/);
  }, 30_000);

  it('allows the development server its inline stylesheet and preamble, and only there', async () => {
    const main = await boot({ env: { ELECTRON_RENDERER_URL: 'http://localhost:5173/' } });
    await main.waitFor(ofType('webRequest.headers'), 'the web session policy');
    expect(cspOf(main)).toContain("style-src 'self' 'unsafe-inline'");
    expect(cspOf(main)).toContain("script-src 'self' 'unsafe-inline'");
    expect(await main.waitFor(ofType('window.loadURL'), 'the page')).toMatchObject({ url: 'http://localhost:5173/' });
  }, 30_000);

  it('as a packaged app: a menu without developer entries, the keyring path variable dropped, the strict CSP', async () => {
    const env = { NAPI_RS_NATIVE_LIBRARY_PATH: '/tmp/evil.node', ELECTRON_RENDERER_URL: 'http://localhost:5173/' };
    const main = await boot({ packaged: true, env });
    await main.waitFor(ofType('session.setProxy'), 'the sign-in to open');
    expect(main.events.filter(ofType('Menu.setApplicationMenu'))).toEqual([{ type: 'Menu.setApplicationMenu', template: null }]);
    expect(cspOf(main)).not.toContain("'unsafe-inline'");
    expect(main.events.find(ofType('window.loadURL'))).toMatchObject({ url: 'app://renderer/index.html' });
    expect(await logOf(main)).toContain('"event":"launch.ignored","variable":"NAPI_RS_NATIVE_LIBRARY_PATH"');
  }, 30_000);

  const dangerous = [['--remote-debugging-port=9222'], ['--ignore-certificate-errors'], ['-inspect']];
  it.each(dangerous)(
    'as a packaged app, quits at once when started with %s, saying so in its log',
    async (option) => {
      const main = await boot({ packaged: true, argv: [option] });
      expect(await main.exited).toBe(1);
      expect(main.events.find(ofType('window.created'))).toBeUndefined();
      expect(main.events.find(ofType('ipcMain.handle'))).toBeUndefined();
      expect(await logOf(main)).toMatch(/"event":"launch\.refused","option":"--(remote-debugging-port|ignore-certificate-errors|inspect)"/);
    },
    30_000,
  );

  it('on Windows, when ProgramData cannot be found, shows a dialog with one sentence and the log path, then quits', async () => {
    // Under Node there is no ntdll.dll among the loaded modules: the same failure as reg.exe being refused.
    const main = await boot({ platform: 'win32' });
    expect(await main.exited).toBe(1);
    const dialog = main.events.find(ofType('dialog.showErrorBox'));
    const logPath = join(main.folder, 'logs', 'device-signin.log');
    const content = `Device Sign-In could not start. The reason is written in the log: ${logPath}`;
    expect(dialog).toEqual({ type: 'dialog.showErrorBox', title: 'Device Sign-In', content });
    expect(indexOf(main, 'window.created')).toBeLessThan(indexOf(main, 'dialog.showErrorBox'));
    expect(main.events.find(ofType('app.setAppUserModelId'))).toMatchObject({ id: appUserModelId });
    expect(await logOf(main)).toMatch(/"event":"startup\.failed".*ProgramData/);
  }, 30_000);
});

/** Matches a state with this status that main pushed to the window. */
function pushes(status: string): (event: Reported) => boolean {
  return (event) => event.type === 'webContents.send' && (event['payload'] as { status?: string }).status === status;
}

/** Matches what `match` does, among the events reported after the first `count`. */
function after(main: BootedMain, count: number, match: (event: Reported) => boolean): (event: Reported) => boolean {
  return (event) => match(event) && main.events.indexOf(event) >= count;
}

function userCodeOf(event: Reported): unknown {
  return (event['payload'] as { userCode?: unknown }).userCode;
}

/** The CSP main put on a main-frame response. */
function cspOf(main: BootedMain): string {
  const answer = main.events.find(ofType('webRequest.headers'))?.['answer'] as { responseHeaders?: Record<string, string[]> } | undefined;
  return answer?.responseHeaders?.['Content-Security-Policy']?.[0] ?? '';
}

function logOf(main: BootedMain): Promise<string> {
  return readFile(join(main.folder, 'logs', 'device-signin.log'), 'utf8');
}
