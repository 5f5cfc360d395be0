/**
 * The window shows one local page and nothing else: no navigation, no redirects, no new windows,
 * no <webview>. Applied to every webContents the app ever creates, so nothing slips through a
 * window made later. Links to the verification page go through the "Open in browser" request,
 * which main checks (external-url-rule.ts).
 */
import { app } from 'electron';

/**
 * `onWindowOpen` hears each URL the page tried to open in a new window (always refused); main
 * passes it on to the system browser only when it is the admin's help-desk page (external-url-rule.ts).
 */
export function lockDownNavigation(onWindowOpen?: (url: string) => void): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
    });
    contents.setWindowOpenHandler((details) => {
      if (onWindowOpen !== undefined) onWindowOpen(details.url);
      return { action: 'deny' };
    });
  });
}
