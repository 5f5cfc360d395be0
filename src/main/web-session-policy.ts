/**
 * Rules for Electron's web session (the browser profile the window's page runs in, not the
 * sign-in session): the CSP as a response header on every page it loads (app://renderer sets
 * it itself as well, and the page carries it as a <meta>), and no web permission ever granted. The page needs none;
 * copying goes through main's clipboard.
 */
import type { Session } from 'electron';

/** `contentSecurityPolicy` is headerContentSecurityPolicy, or its development variant under the dev server. */
export function applyWebSessionPolicy(session: Session, contentSecurityPolicy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType !== 'mainFrame' && details.resourceType !== 'subFrame') {
      callback({});
      return;
    }
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy],
      },
    });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}
