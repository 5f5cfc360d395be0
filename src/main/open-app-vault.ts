/**
 * Electron's side of the app's vault: gathers the facts from safeStorage, lets core's
 * chooseVault pick and openVault open it. The ciphertext lives in `session.json` under the
 * user-data folder, written by electron-store (atomically); the key stays in the OS keychain.
 */
import { join } from 'node:path';
import { app, ipcMain, safeStorage } from 'electron';
import Store from 'electron-store';
import type { ClientConfig } from '../core/config.ts';
import type { TokenStorage } from '../core/policy/schema.ts';
import { keyringEntryName } from '../core/vault/keyring-names.ts';
import { type OpenedVault, openVault } from '../core/vault/open-vault.ts';
import { processOnlyRefreshLock } from '../core/vault/refresh-lock.ts';
import { systemKeyringEntry } from '../core/vault/system-keyring.ts';
import { chooseVaultProbing } from '../core/vault/vault-choice.ts';
import { encryptedSessionStore, probeKeyring, sessionStoreFileMode } from './app-vault.ts';

export async function openAppVault(client: Pick<ClientConfig, 'issuer' | 'clientId'>, tokenStorage: TokenStorage): Promise<OpenedVault> {
  const encryption = {
    available: await safeStorage.isAsyncEncryptionAvailable(),
    ...(process.platform === 'linux' ? { linuxBackend: safeStorage.getSelectedStorageBackend() } : {}),
  };
  const choice = await chooseVaultProbing({ platform: process.platform, tokenStorage, encryption }, () =>
    probeKeyring(() => systemKeyringEntry(keyringEntryName('app', 'probe'))),
  );
  // The app runs single-instance: no other process writes its record.
  return openVault(choice, processOnlyRefreshLock, {
    encryptedStore: () => encryptedSessionStore(safeStorage, openSessionStore, join(app.getPath('userData'), 'session.json')),
    keyringEntry: () => systemKeyringEntry(keyringEntryName('app', client)),
  });
}

/**
 * electron-store's channel for renderers (`electron-store-get-data`, which answers any sender with
 * the user-data path): its constructor registers it in main whether or not a renderer uses a
 * store (electron-store 12, index.js), and ours never does. Removed in the same turn, before
 * any message can arrive.
 */
export const electronStoreChannel = 'electron-store-get-data';

function openSessionStore(): Store {
  const store = new Store({ name: 'session', configFileMode: sessionStoreFileMode });
  ipcMain.removeAllListeners(electronStoreChannel);
  return store;
}
