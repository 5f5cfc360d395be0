/**
 * The clipboard and the system browser as main's request handlers see them, recording instead of
 * acting: "copied" codes and "opened" pages are kept for a test to check.
 */
import type { RequestHandlerOptions } from '../../src/main/request-handlers.ts';

export interface RecordingDesktop extends Pick<RequestHandlerOptions, 'writeClipboardText' | 'openExternal'> {
  /** User codes the page asked to copy, oldest first. */
  readonly copied: readonly string[];
  /** Pages the page asked to open (after main's rule let them through). */
  readonly opened: readonly string[];
  /** Makes the next opens fail the way shell.openExternal does on a system without a browser. */
  readonly withoutBrowser: (missing: boolean) => void;
}

export function recordingDesktop(): RecordingDesktop {
  const copied: string[] = [];
  const opened: string[] = [];
  let browserMissing = false;
  return {
    copied,
    opened,
    withoutBrowser: (missing) => {
      browserMissing = missing;
    },
    writeClipboardText: (text) => {
      copied.push(text);
      return Promise.resolve();
    },
    openExternal: (url) => {
      if (browserMissing) return Promise.reject(new Error('Failed to open: no application is associated with the URL'));
      opened.push(url);
      return Promise.resolve();
    },
  };
}
