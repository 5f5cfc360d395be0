import { existsSync, renameSync } from 'node:fs';
import { setAsideName } from '../core/vault/vault.ts';

/**
 * Opens an electron-store/conf file, and when it is damaged (not JSON, or refused by its
 * schema) moves it aside as `name.damaged-<time>` and starts a fresh one, so a bad file costs
 * the user a sign-in, never a crash. `setAside` says where the damaged file went.
 */
export function openStoreSettingAsideDamage<T>(open: () => T, filePath: string, now = new Date()): { store: T; setAside?: string } {
  try {
    return { store: open() };
  } catch (error) {
    if (!existsSync(filePath)) throw error;
    const setAside = setAsideName(filePath, now);
    renameSync(filePath, setAside);
    return { store: open(), setAside };
  }
}
