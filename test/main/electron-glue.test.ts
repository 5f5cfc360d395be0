/**
 * The thin Electron files, run against a stand-in `electron` module (the real binary is not
 * needed, nor available on the build machine): the window's settings, what happens to
 * navigation and new windows, the sender check on every IPC request, what main pushes to the
 * window, and the web session's rules.
 */
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestHandlers } from '../../src/shared/ipc.ts';
import { setup, storedSession } from '../support/kept-session-setup.ts';
import { scriptedIssuer } from '../support/stored-session.ts';

// Hoisted above the imports, with the mock: so it imports what it needs itself.
const fake = await vi.hoisted(async () => {
  const events = await import('node:events');
  return {
    windows: [] as { options: unknown; loaded: string[] }[],
    handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
    app: new events.EventEmitter(),
  };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const app = fake.app;
  class BrowserWindow extends Emitter {
    readonly record: { options: unknown; loaded: string[] };
    constructor(options: unknown) {
      super();
      this.record = { options, loaded: [] };
      fake.windows.push(this.record);
    }
    loadURL(url: string): Promise<void> {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
  }
  return {
    app,
    BrowserWindow,
    nativeTheme: { shouldUseDarkColors: false },
    ipcMain: {
      handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) => {
        fake.handlers.set(channel, listener);
      },
    },
  };
});

const { createSignInWindow } = await import('../../src/main/sign-in-window.ts');
const { lockDownNavigation } = await import('../../src/main/navigation-lockdown.ts');
const { pushChanges, registerRequestHandlers } = await import('../../src/main/ipc-main.ts');
const { applyWebSessionPolicy } = await import('../../src/main/web-session-policy.ts');
const { headerContentSecurityPolicy } = await import('../../src/main/content-security-policy.ts');

beforeEach(() => {
  fake.windows.length = 0;
  fake.handlers.clear();
});

describe('the sign-in window', () => {
  it('is isolated, sandboxed, without Node, with web security, keeps its compiled code, and loads only the app page', () => {
    createSignInWindow({ pageUrl: 'app://renderer/index.html', preloadPath: '/app/out/preload/index.cjs', locale: 'de' });
    expect(fake.windows).toHaveLength(1);
    const [window] = fake.windows;
    expect(window?.loaded).toEqual(['app://renderer/index.html']);
    expect(window?.options).toMatchObject({
      webPreferences: {
        preload: '/app/out/preload/index.cjs',
        additionalArguments: ['--device-signin-locale=de'],
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        v8CacheOptions: 'bypassHeatCheck',
      },
    });
  });
});

describe('navigation and new windows', () => {
  it('are refused for every web contents the app creates', () => {
    lockDownNavigation();
    const contents = Object.assign(new EventEmitter(), {
      openHandler: undefined as (() => unknown) | undefined,
      setWindowOpenHandler(handler: () => unknown) {
        this.openHandler = handler;
      },
    });
    fake.app.emit('web-contents-created', {}, contents);
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      contents.emit(event, { preventDefault });
      expect(preventDefault, event).toHaveBeenCalledOnce();
    }
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
  });
});

describe('IPC requests', () => {
  const appPage = 'app://renderer/index.html';
  const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });
  const handlers = (
    getState: RequestHandlers['sign-in:get-state'] = () => ({ status: 'idle' }),
    switchAccount: RequestHandlers['sign-in:switch-account'] = () => false,
  ): RequestHandlers => ({
    'sign-in:start': () => undefined,
    'sign-in:start-session-only': () => undefined,
    'sign-in:cancel': () => undefined,
    'sign-in:sign-out': () => undefined,
    'sign-in:copy-details': () => false,
    'sign-in:copy-code': () => true,
    'sign-in:open-verification-page': () => 'refused',
    'sign-in:close-window': () => undefined,
    'sign-in:check-computer': () => ({ checks: [], summary: { ok: 0, warning: 0, problem: 0, skipped: 0 } }),
    'sign-in:copy-report': () => false,
    'sign-in:get-state': getState,
    'sign-in:get-environment': () => ({ demo: true, issuer: 'http://127.0.0.1:1', managed: [] }),
    'sign-in:get-accounts': () => [],
    'sign-in:switch-account': switchAccount,
    'sign-in:sign-out-account': () => 'not_listed',
    'sign-in:add-account': () => undefined,
  });

  it('are answered for the app page', async () => {
    registerRequestHandlers(handlers(), appPage);
    expect([...fake.handlers.keys()].sort()).toEqual([
      'sign-in:add-account',
      'sign-in:cancel',
      'sign-in:check-computer',
      'sign-in:close-window',
      'sign-in:copy-code',
      'sign-in:copy-details',
      'sign-in:copy-report',
      'sign-in:get-accounts',
      'sign-in:get-environment',
      'sign-in:get-state',
      'sign-in:open-verification-page',
      'sign-in:sign-out',
      'sign-in:sign-out-account',
      'sign-in:start',
      'sign-in:start-session-only',
      'sign-in:switch-account',
    ]);
    expect(await fake.handlers.get('sign-in:get-state')?.(frame(appPage))).toEqual({ status: 'idle' });
  });

  it('are refused for another page, a subframe, or an unknown sender', () => {
    const getState = vi.fn(() => ({ status: 'idle' as const }));
    registerRequestHandlers(handlers(getState), appPage);
    const listener = fake.handlers.get('sign-in:get-state');
    expect(() => listener?.(frame('https://evil.example.test/'))).toThrow(/Refused sign-in:get-state/);
    expect(() => listener?.(frame(appPage, {}))).toThrow(/Refused/);
    expect(() => listener?.({ senderFrame: null })).toThrow(/Refused/);
    expect(getState).not.toHaveBeenCalled();
  });

  it('hand what the page sent to its handler, unchecked, and only from the app page', async () => {
    const switchAccount = vi.fn((_id: unknown) => true);
    registerRequestHandlers(handlers(undefined, switchAccount), appPage);
    const listener = fake.handlers.get('sign-in:switch-account');
    expect(() => listener?.(frame('https://evil.example.test/'), 'some-id')).toThrow(/Refused sign-in:switch-account/);
    expect(switchAccount).not.toHaveBeenCalled();
    await expect(Promise.resolve(listener?.(frame(appPage), 'some-id'))).resolves.toBe(true);
    expect(switchAccount).toHaveBeenCalledWith('some-id');
  });
});

describe('the web session', () => {
  it('adds the CSP header to pages and grants no permission', () => {
    let onHeaders: ((details: unknown, callback: (response: unknown) => void) => void) | undefined;
    let onRequest: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let onCheck: (() => boolean) | undefined;
    const session = {
      webRequest: { onHeadersReceived: (listener: typeof onHeaders) => (onHeaders = listener) },
      setPermissionRequestHandler: (handler: typeof onRequest) => (onRequest = handler),
      setPermissionCheckHandler: (handler: typeof onCheck) => (onCheck = handler),
    };
    applyWebSessionPolicy(session as unknown as Parameters<typeof applyWebSessionPolicy>[0], headerContentSecurityPolicy);

    const page = vi.fn();
    onHeaders?.({ resourceType: 'mainFrame', responseHeaders: { 'X-Other': ['1'] } }, page);
    expect(page).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [headerContentSecurityPolicy] },
    });
    const api = vi.fn();
    onHeaders?.({ resourceType: 'xhr', responseHeaders: {} }, api);
    expect(api).toHaveBeenCalledWith({});

    const granted = vi.fn();
    onRequest?.({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(onCheck?.()).toBe(false);
  });
});

describe('what main pushes to the window', () => {
  it('sends each state and, once signed in, the kept accounts by id; none where the policy keeps one account', async () => {
    const s = setup({}, { proactiveRefresh: false });
    const kept = (sub: string) => storedSession(s.clock, 3_600_000, { profile: { issuer: scriptedIssuer, sub, name: sub } });
    await s.vault.save({ ...kept('bob'), others: [kept('alice')] });
    const sent: unknown[][] = [];
    const contents = { isDestroyed: () => false, send: (...args: unknown[]) => sent.push(args) };
    const window = { isDestroyed: () => false, webContents: contents } as unknown as import('electron').BrowserWindow;
    let several = true;
    const accounts = pushChanges(
      s.flow,
      () => window,
      () => several,
    );
    await s.clock.run(s.flow.restore());
    await accounts.list();
    expect(sent.filter(([channel]) => channel === 'sign-in:state').map(([, state]) => (state as { status: string }).status)).toEqual([
      'restoring',
      'signed_in',
    ]);
    const lists = sent.filter(([channel]) => channel === 'sign-in:accounts').map(([, list]) => list as { name: string; id: string }[]);
    expect(lists.at(-1)?.map((account) => account.name)).toEqual(['bob', 'alice']);
    expect(JSON.stringify(lists)).not.toMatch(/"sub"|access-token|refresh-token/);
    several = false;
    await expect(accounts.list()).resolves.toEqual([]);
  });
});
