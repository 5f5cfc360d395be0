/**
 * Electron's side of the app's vault: gathers the facts from safeStorage, lets core's
 * chooseVault pick and openVault open it. The ciphertext lives in `session.json` under the
 * user-data folder, written by electron-store (atomically); the key stays in the OS keychain.
 */
import { join } from 'node:path';
import { app, safeStorage } from 'electron';
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
    encryptedStore: () =>
      encryptedSessionStore(safeStorage, () => new Store({ name: 'session', configFileMode: sessionStoreFileMode }), join(app.getPath('userData'), 'session.json')),
    keyringEntry: () => systemKeyringEntry(keyringEntryName('app', client)),
  });
}
