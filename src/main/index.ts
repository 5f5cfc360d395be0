/**
 * The Electron main process: one locked-down window, the sign-in flow behind typed IPC, and the
 * system services the flow needs (network through Chromium's stack and system proxies,
 * clipboard, the default browser). Everything with a decision in it lives in its own module.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, clipboard, protocol, session, shell } from 'electron';
import electronUpdater from 'electron-updater';
import { createRedactingLog, fileLogWriter } from '../core/log.ts';
import { platformPolicyReader } from '../core/policy/platform-policy.ts';
import { bundledPolicyPath, machinePolicyPath } from '../core/policy/policy.ts';
import { applyUpdatePolicy } from '../core/policy/update-policy.ts';
import { type AppEnvironment, stateChannel } from '../shared/ipc.ts';
import { helpDeskLinkToOpen } from './external-url-rule.ts';
import { appPageUrl, preloadPath, rendererDir } from './app-page.ts';
import { appSchemePrivileges, createAppProtocolHandler } from './app-protocol.ts';
import { developmentContentSecurityPolicy, headerContentSecurityPolicy } from './content-security-policy.ts';
import { registerRequestHandlers, send } from './ipc-main.ts';
import { lockDownNavigation } from './navigation-lockdown.ts';
import { loadAppSettings } from './provider-config.ts';
import { publicState } from './public-state.ts';
import { electronSignInOpener } from './app-sign-in.ts';
import { createRequestHandlers } from './request-handlers.ts';
import { applyWebSessionPolicy } from './web-session-policy.ts';
import { followPolicy } from './policy-follower.ts';
import { followVisibility } from './window-visibility.ts';
import { windowLocale } from '../shared/i18n/window-locale.ts';
import { createSignInWindow, focusWindow } from './sign-in-window.ts';

// electron-updater is CommonJS; its autoUpdater is a property of the default export under ESM.
const { autoUpdater } = electronUpdater;

async function main(): Promise<void> {
  // A second launch hands over to the first (which focuses its window) and quits.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Known once the policy is read; until then no link opens.
  const helpDesk: { support?: () => AppEnvironment['support'] } = {};
  lockDownNavigation((url) => {
    const link = helpDeskLinkToOpen(url, helpDesk.support?.());
    if (link !== undefined) void shell.openExternal(link);
  });
  // Must precede 'ready': app://renderer is the page's own origin (app-protocol.ts).
  protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
  await app.whenReady();
  const pageUrl = appPageUrl({ isPackaged: app.isPackaged, devServerUrl: process.env['ELECTRON_RENDERER_URL'] });
  const built = !pageUrl.startsWith('http');
  session.defaultSession.protocol.handle(
    appSchemePrivileges.scheme,
    createAppProtocolHandler({ rendererDir: rendererDir(import.meta.dirname), readFile: (path) => readFile(path), contentSecurityPolicy: headerContentSecurityPolicy }),
  );
  applyWebSessionPolicy(session.defaultSession, built ? headerContentSecurityPolicy : developmentContentSecurityPolicy);

  // Written for support; every token and code is scrubbed before a line reaches the file.
  const log = createRedactingLog(fileLogWriter(join(app.getPath('logs'), 'device-signin.log')));
  const systemPolicyPath = await machinePolicyPath(process.platform);
  let window: BrowserWindow | undefined;
  // Every policy source is read again when the window is shown and before each sign-in (policy-follower.ts).
  const followed = await followPolicy({
    load: () => loadAppSettings({ env: process.env, systemPolicyPath, bundledPolicyPath: bundledPolicyPath(app.getAppPath()), platform: platformPolicyReader(process.platform, log), log }),
    ...electronSignInOpener(log),
    // The page asks for the environment when it loads (getEnvironment on mount): a reload shows the new one.
    onEnvironmentChanged: () => {
      if (window !== undefined && !window.isDestroyed()) window.webContents.reload();
    },
    log,
  });
  helpDesk.support = () => followed.environment().support;
  const started = followed.settings();
  if (app.isPackaged && started.resolved !== undefined) {
    // Updates only in a packaged app, as the policy read at start-up says: off, or pinned to a channel.
    void applyUpdatePolicy(started.resolved, autoUpdater);
  }
  registerRequestHandlers(
    createRequestHandlers({
      flow: followed.flow,
      // The organization's name, logo and help desk, as the policy sets them now.
      environment: () => followed.environment(),
      writeClipboardText: (text) => clipboard.writeText(text),
      openExternal: (url) => shell.openExternal(url),
      reportUnexpected: (error) => {
        console.error('Sign-in failed unexpectedly:', error);
      },
      appVersion: app.getVersion(),
      openAllowance: () => followed.openAllowance(),
    }),
    pageUrl,
  );

  const locale = windowLocale({ policyLanguage: started.resolved?.settings.language, systemLanguages: app.getPreferredSystemLanguages() });
  const openWindow = (): BrowserWindow => {
    window = createSignInWindow({ pageUrl, preloadPath: preloadPath(import.meta.dirname), locale });
    followVisibility(window, (visible) => {
      followed.flow.watching(visible);
      if (visible) void followed.refresh();
    });
    return window;
  };
  // A reloaded or reopened page asks for the state itself (getState on mount); this pushes changes.
  followed.flow.subscribe((state) => {
    if (window !== undefined && !window.isDestroyed()) send(window.webContents, stateChannel, publicState(state));
  });
  openWindow();

  app.on('second-instance', () => {
    focusWindow(window !== undefined && !window.isDestroyed() ? window : openWindow());
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    followed.flow.cancel();
    void followed.close();
  });
}

main().catch((error: unknown) => {
  console.error('Device Sign-In could not start:', error);
  app.exit(1);
});
