/** The single sign-in window, locked down: isolated, sandboxed, no Node, web security on. */
import { BrowserWindow, nativeTheme } from 'electron';
import { localeArgumentPrefix } from '../shared/i18n/window-locale.ts';

export interface SignInWindowOptions {
  readonly pageUrl: string;
  readonly preloadPath: string;
  readonly locale: string;
  /** Where a page that could not load is reported (the log): never an unhandled rejection. */
  readonly onLoadFailed?: (error: unknown) => void;
}

export function createSignInWindow(options: SignInWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 460,
    height: 720,
    minWidth: 360,
    minHeight: 560,
    show: false,
    title: 'Device Sign-In',
    // Matches the page background so that the first frame does not flash the other theme.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#f6f7f9',
    webPreferences: {
      preload: options.preloadPath,
      // The page's language, for the preload to read before the first paint (window-locale.ts).
      additionalArguments: [`${localeArgumentPrefix}${options.locale}`],
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click (auxclick) on a link could otherwise open it in a new window.
      disableBlinkFeatures: 'Auxclick',
      // Keep the bundle's compiled code from the first launch on, not after Blink's warm-up runs
      // (app:// allows the cache: app-protocol.ts); compiling it is most of the first screen's wait.
      v8CacheOptions: 'bypassHeatCheck',
    },
  });
  window.once('ready-to-show', () => {
    window.show();
  });
  window.loadURL(options.pageUrl).catch((error: unknown) => options.onLoadFailed?.(error));
  return window;
}

/** Brings the window forward, for a second launch of the app. */
export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
