/**
 * Electron's side of token storage: gathers the facts from safeStorage and opens the vault that
 * src/main/token-storage.ts picks. The ciphertext lives in `session.json` under the user-data
 * folder, written by electron-store (atomically); the key stays in the OS keychain.
 */
import { join } from 'node:path';
import { AsyncEntry } from '@napi-rs/keyring';
import { app, safeStorage } from 'electron';
import Store from 'electron-store';
import type { SessionStorage } from './sign-in-setup.ts';
import { chooseTokenStorage, openTokenVault, probeKeyring, type StoragePolicy } from './token-storage.ts';

/** The OS keyring entries belong to this service name. */
const keyringService = 'Device Sign-In';

export async function openSessionStorage(policy: StoragePolicy): Promise<SessionStorage> {
  const choice = await chooseTokenStorage(
    {
      platform: process.platform,
      encryptionAvailable: await safeStorage.isAsyncEncryptionAvailable(),
      ...(process.platform === 'linux' ? { linuxBackend: safeStorage.getSelectedStorageBackend() } : {}),
      policy,
    },
    () => probeKeyring(new AsyncEntry(keyringService, 'probe')),
  );
  if (choice.kind === 'none') return { storageUnavailable: choice.reason };
  const vault = openTokenVault(choice, {
    cipher: safeStorage,
    openStore: () => new Store({ name: 'session' }),
    storePath: join(app.getPath('userData'), 'session.json'),
    keyringEntry: () => new AsyncEntry(keyringService, 'session'),
  });
  return vault === undefined ? {} : { vault };
}
