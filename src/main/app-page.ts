/**
 * The one page the window shows, and so the one origin IPC answers. The development server URL
 * is honoured only in an unpackaged app: in a shipped app an environment variable must not be
 * able to point the trusted window at another site. A built page is served from app://renderer
 * (app-protocol.ts), never from file://.
 */
import { join } from 'node:path';
import { appPageUrl as builtPageUrl } from './app-protocol.ts';

export function appPageUrl(options: { readonly isPackaged: boolean; readonly devServerUrl: string | undefined }): string {
  if (!options.isPackaged && options.devServerUrl !== undefined && options.devServerUrl !== '') {
    return options.devServerUrl;
  }
  return builtPageUrl;
}

/** The built renderer folder, which app://renderer answers from. */
export function rendererDir(mainDir: string): string {
  return join(mainDir, '../renderer');
}

/** The built preload. A sandboxed preload cannot be an ES module, so it is built as CommonJS. */
export function preloadPath(mainDir: string): string {
  return join(mainDir, '../preload/index.cjs');
}
