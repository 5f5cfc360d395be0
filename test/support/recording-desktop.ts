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
}

export function recordingDesktop(): RecordingDesktop {
  const copied: string[] = [];
  const opened: string[] = [];
  return {
    copied,
    opened,
    writeClipboardText: (text) => {
      copied.push(text);
      return Promise.resolve();
    },
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
  };
}
