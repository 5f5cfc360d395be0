/**
 * The one page the window shows, and so the one origin IPC answers. The development server URL
 * is honoured only in an unpackaged app: in a shipped app an environment variable must not be
 * able to point the trusted window at another site.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function appPageUrl(options: {
  readonly isPackaged: boolean;
  readonly devServerUrl: string | undefined;
  /** The directory of the built main bundle (out/main). */
  readonly mainDir: string;
}): string {
  if (!options.isPackaged && options.devServerUrl !== undefined && options.devServerUrl !== '') {
    return options.devServerUrl;
  }
  return pathToFileURL(join(options.mainDir, '../renderer/index.html')).href;
}

/** The built preload. A sandboxed preload cannot be an ES module, so it is built as CommonJS. */
export function preloadPath(mainDir: string): string {
  return join(mainDir, '../preload/index.cjs');
}
