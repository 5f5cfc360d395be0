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

/** Starts the browser and does not wait for it; resolves false when the opener could not be started. */
export function launchBrowser(launch: Extract<BrowserLaunch, { kind: 'launch' }>): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(launch.command, [...launch.args], { stdio: 'ignore', detached: true, windowsHide: true });
    child.once('error', () => {
      resolve(false);
    });
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}
