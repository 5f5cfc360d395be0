/**
 * The Electron main process: one locked-down window, the sign-in flow behind typed IPC, and the
 * system services the flow needs (network through Chromium's stack and system proxies,
 * clipboard, the default browser). Everything with a decision in it lives in its own module.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, clipboard, net, protocol, session, shell } from 'electron';
import electronUpdater from 'electron-updater';
import { createRedactingLog, fileLogWriter } from '../core/log.ts';
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
import { openAppVault } from './electron-vault.ts';
import { provideAuthorizedFetch } from './authorized-fetch.ts';
import { createRequestHandlers } from './request-handlers.ts';
import { applyWebSessionPolicy } from './web-session-policy.ts';
import { windowBranding } from './branding.ts';
import { followVisibility } from './window-visibility.ts';
import { setUpSignIn } from './sign-in-setup.ts';
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
  const helpDesk: { support?: AppEnvironment['support'] } = {};
  lockDownNavigation((url) => {
    const link = helpDeskLinkToOpen(url, helpDesk.support);
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

  const settings = await loadAppSettings({
    env: process.env,
    systemPolicyPath: await machinePolicyPath(process.platform),
    bundledPolicyPath: bundledPolicyPath(app.getAppPath()),
  });
  // The admin's proxy for fleets whose OS settings are not enough; net.fetch uses this session.
  if (settings.proxy !== undefined) await session.defaultSession.setProxy(settings.proxy);
  const provider = settings.choice;
  // Only a real provider's sessions are kept; the demo provider starts afresh every run.
  const appVault = provider.kind === 'configured' ? await openAppVault(provider.config, settings.resolved?.settings.tokenStorage ?? 'protected') : {};
  // Written for support; every token and code is scrubbed before a line reaches the file.
  const log = createRedactingLog(fileLogWriter(join(app.getPath('logs'), 'device-signin.log')));
  const signIn = await setUpSignIn({ choice: provider, fetch: (url, init) => net.fetch(url, init), appVault, managed: settings.managed, log });
  // The rest of the app calls its APIs through authorizedFetch (src/main/authorized-fetch.ts).
  provideAuthorizedFetch(signIn.authorizedFetch);
  if (app.isPackaged && settings.resolved !== undefined) {
    // Updates only in a packaged app, as the policy says: off, or pinned to a channel.
    void applyUpdatePolicy(settings.resolved, autoUpdater);
  }
  const environment = { ...signIn.environment, ...(await windowBranding(settings.resolved?.settings, (path) => readFile(path), log)) };
  helpDesk.support = environment.support;
  registerRequestHandlers(
    createRequestHandlers({
      flow: signIn.flow,
      // The organization's name, logo and help desk, as the policy sets them.
      environment,
      writeClipboardText: (text) => clipboard.writeText(text),
      openExternal: (url) => shell.openExternal(url),
      reportUnexpected: (error) => {
        console.error('Sign-in failed unexpectedly:', error);
      },
      appVersion: app.getVersion(),
      openAllowance: signIn.openAllowance,
    }),
    pageUrl,
  );

  const locale = windowLocale({ policyLanguage: settings.resolved?.settings.language, systemLanguages: app.getPreferredSystemLanguages() });
  let window: BrowserWindow | undefined;
  const openWindow = (): BrowserWindow => {
    window = createSignInWindow({ pageUrl, preloadPath: preloadPath(import.meta.dirname), locale });
    followVisibility(window, (visible) => {
      signIn.flow.watching(visible);
    });
    return window;
  };
  // A reloaded or reopened page asks for the state itself (getState on mount); this pushes changes.
  signIn.flow.subscribe((state) => {
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
    signIn.flow.cancel();
    void signIn.close();
  });
}

main().catch((error: unknown) => {
  console.error('Device Sign-In could not start:', error);
  app.exit(1);
});
