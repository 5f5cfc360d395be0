/**
 * Electron's side of the app's vault: gathers the facts from safeStorage, lets core's
 * chooseVault pick, and opens what it picked (src/main/app-vault.ts). The ciphertext lives in
 * `session.json` under the user-data folder, written by electron-store (atomically); the key
 * stays in the OS keychain.
 */
import { join } from 'node:path';
import { app, safeStorage } from 'electron';
import Store from 'electron-store';
import type { ClientConfig } from '../core/config.ts';
import type { TokenStorage } from '../core/policy/schema.ts';
import { keyringEntryName } from '../core/vault/keyring-names.ts';
import { systemKeyringEntry } from '../core/vault/system-keyring.ts';
import { chooseVaultProbing } from '../core/vault/vault-choice.ts';
import { type AppVault, openChosenVault, probeKeyring, sessionStoreFileMode } from './app-vault.ts';

export async function openAppVault(client: Pick<ClientConfig, 'issuer' | 'clientId'>, tokenStorage: TokenStorage): Promise<AppVault> {
  const encryption = {
    available: await safeStorage.isAsyncEncryptionAvailable(),
    ...(process.platform === 'linux' ? { linuxBackend: safeStorage.getSelectedStorageBackend() } : {}),
  };
  const choice = await chooseVaultProbing({ platform: process.platform, tokenStorage, encryption }, () =>
    probeKeyring(() => systemKeyringEntry(keyringEntryName('app', 'probe'))),
  );
  return openChosenVault(choice, {
    cipher: safeStorage,
    openStore: () => new Store({ name: 'session', configFileMode: sessionStoreFileMode }),
    storePath: join(app.getPath('userData'), 'session.json'),
    keyringEntry: () => systemKeyringEntry(keyringEntryName('app', client)),
  });
}

