/**
 * The application menu. Electron's default menu has View › Reload, Force Reload and Toggle
 * Developer Tools, which a packaged app must not offer: DevTools on the window would show the
 * page's state and let anyone drive its IPC requests. A packaged app therefore gets a menu with
 * no developer entries: on macOS the app menu (About, Hide, Quit), Edit (without it Cmd+C and
 * Cmd+V do nothing in a Mac app) and Window; on Windows and Linux none at all, where copy and paste
 * work without one. An unpackaged app keeps Electron's default, developer entries included.
 * Plain data, no Electron import: index.ts hands it to Menu.buildFromTemplate.
 */

/** One top-level entry, by its Electron role (MenuItemConstructorOptions['role']). */
export interface MenuEntry {
  readonly role: 'appMenu' | 'editMenu' | 'windowMenu';
}

/** The template to build, `null` for no menu, or `'default'` to leave Electron's. */
export function applicationMenu(options: {
  readonly isPackaged: boolean;
  readonly platform: NodeJS.Platform;
}): readonly MenuEntry[] | null | 'default' {
  if (!options.isPackaged) return 'default';
  if (options.platform !== 'darwin') return null;
  return [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }];
}
