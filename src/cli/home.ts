import { homedir } from 'node:os';
import { isAbsolute, join, win32 } from 'node:path';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Where the command line keeps its data (settings.json, and the session file when the user
 * opts into `--insecure-storage`): `DEVICE_SIGNIN_HOME` when set, otherwise the platform's
 * per-user configuration folder.
 */
export function homeFolder(env: Environment, platform: NodeJS.Platform = process.platform, userHome = homedir()): string {
  const override = env['DEVICE_SIGNIN_HOME'];
  if (override !== undefined && override !== '') return override;
  switch (platform) {
    case 'darwin':
      return join(userHome, 'Library', 'Application Support', 'Device Sign-In');
    case 'win32':
      return win32.join(env['APPDATA'] ?? win32.join(userHome, 'AppData', 'Roaming'), 'Device Sign-In');
    default: {
      // XDG Base Directory: a relative XDG_CONFIG_HOME is invalid and must be ignored.
      const xdg = env['XDG_CONFIG_HOME'];
      return join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(userHome, '.config'), 'device-signin');
    }
  }
}
