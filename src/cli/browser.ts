import { spawn } from 'node:child_process';
import { type HttpAllowance, openableUrl } from '../core/protocol/uri-safety.ts';
import type { Environment } from './home.ts';

export type BrowserLaunch =
  | { readonly kind: 'launch'; readonly command: string; readonly args: readonly string[] }
  | { readonly kind: 'skip'; readonly reason: string };

/**
 * How to open `url` in the user's browser here, if at all. Only https, or http on loopback:
 * the core has validated the URL already, and this check keeps the opener honest on its own.
 * The URL is always one argument of a program, never part of a shell string. Windows has no
 * `start` outside cmd.exe, whose parsing a URL with `&` could escape, so it uses rundll32.
 */
export function browserLaunch(url: string, platform: NodeJS.Platform, env: Environment, allowance: HttpAllowance = {}): BrowserLaunch {
  const parsed = openableUrl(url, allowance);
  if (parsed === undefined) return { kind: 'skip', reason: 'the address is not https' };
  switch (platform) {
    case 'darwin':
      return { kind: 'launch', command: 'open', args: [parsed.href] };
    case 'win32':
      return { kind: 'launch', command: 'rundll32.exe', args: ['url.dll,FileProtocolHandler', parsed.href] };
    default:
      if (!nonEmpty(env['DISPLAY']) && !nonEmpty(env['WAYLAND_DISPLAY'])) return { kind: 'skip', reason: 'there is no display' };
      return { kind: 'launch', command: 'xdg-open', args: [parsed.href] };
  }
}

/** What became of the opener: it opened the page, could not be started, or exited with a failure status. */
export type LaunchOutcome =
  { readonly kind: 'opened' } | { readonly kind: 'not_started' } | { readonly kind: 'failed'; readonly status: number | string };

/**
 * How long to wait for the opener's exit status. `xdg-open`, `open` and rundll32 hand the page
 * to the browser and exit at once; one still running after this is most likely the browser
 * itself (xdg-open's generic fallback runs it in the foreground), so the page is taken as opened.
 */
export const openerWaitMs = 3_000;

/**
 * Starts the opener and waits (at most `waitMs`) for its exit status: `xdg-open` with no
 * browser or no display exits 3 or 4, and the page is then not open, whatever was started.
 */
export function launchBrowser(launch: Extract<BrowserLaunch, { kind: 'launch' }>, waitMs = openerWaitMs): Promise<LaunchOutcome> {
  return new Promise((resolve) => {
    const child = spawn(launch.command, [...launch.args], { stdio: 'ignore', detached: true, windowsHide: true });
    const stillRunning = setTimeout(() => {
      child.unref();
      resolve({ kind: 'opened' });
    }, waitMs);
    stillRunning.unref();
    child.once('error', () => {
      clearTimeout(stillRunning);
      resolve({ kind: 'not_started' });
    });
    child.once('exit', (status, signal) => {
      clearTimeout(stillRunning);
      resolve(status === 0 ? { kind: 'opened' } : { kind: 'failed', status: status ?? signal ?? 'unknown' });
    });
  });
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}
