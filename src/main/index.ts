/**
 * The Electron main process: one locked-down window, the sign-in flow behind typed IPC, and the
 * system services the flow needs (network through Chromium's stack and system proxies,
 * clipboard, the default browser). Everything with a decision in it lives in its own module.
 *
 * The order is the point here. Before anything waits: the launch is checked (launch-lockdown.ts),
 * the app's events are registered, so a second launch or a closed window is never missed. Then the
 * window is shown at once, its requests waiting (deferred-handlers.ts) while the policy, the vault
 * and the keyring answer, which can take seconds. A failure on the way is a dialog with one
 * sentence and the log's path (start-up-failure.ts), never an app that silently is not there.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, clipboard, dialog, Menu, protocol, session, shell } from 'electron';
import { createRedactingLog, createRedactor, fileLogWriter, type Log } from '../core/log.ts';
import { platformPolicyReader } from '../core/policy/platform-policy.ts';
import { bundledPolicyPath, machinePolicyPath } from '../core/policy/policy.ts';
import { applyUpdatePolicy } from '../core/policy/update-policy.ts';
import { createAppSystemEvents } from '../core/system-log/app-system-events.ts';
import type { Locale } from '../shared/i18n/locales.ts';
import { windowLocale } from '../shared/i18n/window-locale.ts';
import type { AppEnvironment, RequestHandlers } from '../shared/ipc.ts';
import { appComputerCheck } from './app-computer-check.ts';
import { appUserModelId } from './app-id.ts';
import { applicationMenu } from './app-menu.ts';
import { appPageUrl, preloadPath, rendererDir } from './app-page.ts';
import { appSchemePrivileges, createAppProtocolHandler } from './app-protocol.ts';
import { electronSignInOpener } from './app-sign-in.ts';
import { developmentContentSecurityPolicy, headerContentSecurityPolicy } from './content-security-policy.ts';
import { answeringWhenReady } from './deferred-handlers.ts';
import { helpDeskLinkToOpen } from './external-url-rule.ts';
import { pushChanges, registerRequestHandlers } from './ipc-main.ts';
import { dropIgnoredEnvironment, refusedLaunchOption } from './launch-lockdown.ts';
import { lockDownNavigation } from './navigation-lockdown.ts';
import { type FollowedSignIn, followPolicy } from './policy-follower.ts';
import { loadAppSettings } from './provider-config.ts';
import { createRequestHandlers } from './request-handlers.ts';
import { createSignInWindow, focusWindow } from './sign-in-window.ts';
import { startOnOpen } from './start-on-open.ts';
import { startUpFailureText } from './start-up-failure.ts';
import { applyWebSessionPolicy } from './web-session-policy.ts';
import { followVisibility } from './window-visibility.ts';

/**
 * The one window, how to open it once the app is ready (before that a second launch has nothing
 * to focus), and its language, which the failure dialog speaks too.
 */
interface WindowSlot {
  current?: BrowserWindow;
  open?: () => BrowserWindow;
  /** Starts the sign-in when there is nothing to decide first (start-on-open.ts); set once the sign-in is open. */
  opened?: () => void;
  locale: Locale;
}

/** The log's scrubbing, which "Copy report" applies too: what the app hands support is redacted one way. */
const redactor = createRedactor();

function main(): void {
  const logPath = join(app.getPath('logs'), 'device-signin.log');
  // Written for support; every token and code is scrubbed before a line reaches the file.
  const log = createRedactingLog(fileLogWriter(logPath), undefined, redactor);
  if (app.isPackaged) {
    const refused = refusedLaunchOption(process.argv, process.env, process.platform);
    if (refused !== undefined) {
      log.warn('launch.refused', { option: refused, reason: 'it would expose the session or turn off certificate checks' });
      app.exit(1);
      return;
    }
    for (const variable of dropIgnoredEnvironment(process.env)) log.warn('launch.ignored', { variable });
  }
  // A second launch hands over to the first (which focuses its window) and quits.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const windows: WindowSlot = { locale: windowLocale({ systemLanguages: [] }) };
  const live = (): BrowserWindow | undefined => (windows.current?.isDestroyed() === false ? windows.current : undefined);
  app.on('second-instance', () => {
    const window = live() ?? windows.open?.();
    if (window !== undefined) focusWindow(window);
    windows.opened?.();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length > 0) return;
    windows.open?.();
    windows.opened?.();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Known once the policy is read; until then no link opens.
  const helpDesk: { support?: () => AppEnvironment['support'] } = {};
  lockDownNavigation((url) => {
    const link = helpDeskLinkToOpen(url, helpDesk.support?.());
    if (link === undefined) return;
    shell.openExternal(link).catch((error: unknown) => {
      log.warn('help_desk.open_failed', { error: describe(error) });
    });
  });
  // Must precede 'ready': app://renderer is the page's own origin (app-protocol.ts).
  protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
  process.on('unhandledRejection', (reason) => {
    log.warn('main.unhandled_rejection', { error: describe(reason) });
  });
  start(log, windows, helpDesk).catch(async (error: unknown) => {
    log.warn('startup.failed', { error: describe(error) });
    const text = await startUpFailureText(windows.locale, logPath).catch(() => `Device Sign-In could not start. See ${logPath}`);
    dialog.showErrorBox('Device Sign-In', text);
    app.exit(1);
  });
}

async function start(log: Log, windows: WindowSlot, helpDesk: { support?: () => AppEnvironment['support'] }): Promise<void> {
  await app.whenReady();
  const menu = applicationMenu({ isPackaged: app.isPackaged, platform: process.platform });
  if (menu !== 'default') Menu.setApplicationMenu(menu === null ? null : Menu.buildFromTemplate([...menu]));
  if (process.platform === 'win32') app.setAppUserModelId(appUserModelId);
  const pageUrl = appPageUrl({ isPackaged: app.isPackaged, devServerUrl: process.env['ELECTRON_RENDERER_URL'] });
  serveAppPage(pageUrl);

  let handlersReady: (handlers: RequestHandlers) => void = () => undefined;
  registerRequestHandlers(answeringWhenReady(new Promise((resolve) => (handlersReady = resolve))), pageUrl);
  const systemLanguages = app.getPreferredSystemLanguages();
  windows.locale = windowLocale({ systemLanguages });
  let visibility: (visible: boolean) => void = () => undefined;
  windows.open = () => {
    const window = createSignInWindow({
      pageUrl,
      preloadPath: preloadPath(import.meta.dirname),
      locale: windows.locale,
      onLoadFailed: (error) => {
        log.warn('window.load_failed', { error: describe(error) });
      },
    });
    windows.current = window;
    followVisibility(window, (visible) => {
      visibility(visible);
    });
    return window;
  };
  windows.open();

  const followed = await openSignIn(log);
  // A failure the flow did not turn into state: a bug, not a sign-in error.
  const reportUnexpected = (error: unknown): void => {
    log.warn('sign_in.unexpected', { error: describe(error) });
  };
  helpDesk.support = () => followed.environment().support;
  visibility = (visible) => {
    followed.flow.watching(visible);
    if (visible) void followed.refresh();
  };
  // A reloaded or reopened page asks for the state and the accounts itself (on mount); this pushes changes.
  const severalAccounts = (): boolean => followed.settings().resolved?.settings.multipleAccounts !== false;
  const accounts = pushChanges(followed.flow, () => windows.current, severalAccounts);
  app.on('will-quit', () => {
    followed.flow.cancel();
    void followed.close();
  });
  handlersReady(
    createRequestHandlers({
      flow: followed.flow,
      // The organization's name, logo and help desk, as the policy sets them now.
      environment: () => followed.environment(),
      writeClipboardText: (text) => clipboard.writeText(text),
      openExternal: (url) => shell.openExternal(url),
      // "Done": the window goes; the app, its session and a second launch's window stay.
      closeWindow: () => {
        windows.current?.close();
      },
      reportUnexpected,
      appVersion: app.getVersion(),
      openAllowance: () => followed.openAllowance(),
      // "Check this computer": the core's checks with the settings, network and keyring the sign-in uses.
      checkComputer: appComputerCheck(followed),
      redact: redactor.scrub,
      accounts,
    }),
  );

  windows.opened = () => {
    startOnOpen(followed.flow, reportUnexpected);
  };
  windows.opened();

  const started = followed.settings();
  const chosen = windowLocale({ policyLanguage: started.resolved?.settings.language, systemLanguages });
  if (chosen !== windows.locale) {
    // The policy names another language than the OS's: the page reads its language once, before its first paint.
    windows.locale = chosen;
    const shown = windows.current;
    windows.open();
    shown?.destroy();
  } else if (windows.current?.isDestroyed() === false) {
    followed.flow.watching(windows.current.isVisible() && !windows.current.isMinimized());
  }
  if (app.isPackaged && started.resolved !== undefined) {
    // Updates only in a packaged app, as the policy read at start-up says: off, or pinned to a channel.
    // electron-updater is CommonJS and loaded only here; its autoUpdater is a property of the default export.
    const { default: electronUpdater } = await import('electron-updater');
    void applyUpdatePolicy(started.resolved, electronUpdater.autoUpdater);
  }
}

/** The built page is served at app://, and the default session gets the CSP (strict unless the page is Vite's dev server). */
function serveAppPage(pageUrl: string): void {
  const built = !pageUrl.startsWith('http');
  session.defaultSession.protocol.handle(
    appSchemePrivileges.scheme,
    createAppProtocolHandler({
      rendererDir: rendererDir(import.meta.dirname),
      readFile: (path) => readFile(path),
      contentSecurityPolicy: headerContentSecurityPolicy,
    }),
  );
  applyWebSessionPolicy(session.defaultSession, built ? headerContentSecurityPolicy : developmentContentSecurityPolicy);
}

/** Every policy source is read again when the window is shown and before each sign-in (policy-follower.ts). */
async function openSignIn(log: Log): Promise<FollowedSignIn> {
  const systemPolicyPath = await machinePolicyPath(process.platform);
  // Sign-in events go to the system's own log too, unless the policy's systemLog says no (core/system-log).
  const events = createAppSystemEvents(log, process.platform);
  const followed = await followPolicy({
    load: async () =>
      events.loaded(
        await loadAppSettings({
          env: process.env,
          systemPolicyPath,
          bundledPolicyPath: bundledPolicyPath(app.getAppPath()),
          platform: platformPolicyReader(process.platform, log),
          log,
        }),
      ),
    ...electronSignInOpener(events.log),
    // The page asks for the environment when it loads (getEnvironment on mount): a reload shows the new one.
    onEnvironmentChanged: () => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.reload();
    },
    log: events.log,
  });
  events.follow(followed);
  return followed;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

main();
