/**
 * Which IPC senders main answers. Only the app's own page, in the window's top frame, may drive
 * the sign-in: not a page the window was somehow navigated to, and not a frame inside it.
 * Plain code with no Electron import so that it is tested directly.
 */

/** The parts of Electron's WebFrameMain that decide trust. */
export interface SenderFrame {
  readonly url: string;
  /** True for the window's top-level frame (WebFrameMain.parent === null). */
  readonly isMainFrame: boolean;
}

/**
 * True when the sender is the app page itself. Query and fragment are ignored (a reload may keep
 * them); scheme, host, port and path must match, with `/` and `/index.html` counted as one page
 * for the development server.
 */
export function isAppPage(frame: SenderFrame | null | undefined, appPageUrl: string): boolean {
  if (frame?.isMainFrame !== true) return false;
  const sender = parseUrl(frame.url);
  const app = parseUrl(appPageUrl);
  if (sender === undefined || app === undefined) return false;
  return sender.protocol === app.protocol && sender.host === app.host && samePage(sender.pathname, app.pathname);
}

function samePage(a: string, b: string): boolean {
  const normalise = (path: string): string => (path.endsWith('/') ? `${path}index.html` : path);
  return normalise(a) === normalise(b);
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
