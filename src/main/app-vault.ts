/**
 * What the app can keep a session with, from plain dependencies so that it is testable without
 * Electron: the ciphertext store with its damage set aside and its folder the user's alone, and
 * the keyring probe. src/main/open-app-vault.ts gathers the facts, lets core choose and open.
 */
import { chmodSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock } from '../core/clock.ts';
import type { CipherTextStore, SecretCipher } from '../core/vault/encrypted-store-vault.ts';
import { callKeyring, type KeyringEntry } from '../core/vault/keyring-vault.ts';
import type { EncryptedStore } from '../core/vault/open-vault.ts';
import { openStoreSettingAsideDamage } from './json-store.ts';

/**
 * The ciphertext file is the user's alone, as the CLI's file vault is (0600, its folder 0700):
 * the key is in the OS keychain, but another local account should not even get the ciphertext.
 */
export const sessionStoreFileMode = 0o600;
const sessionStoreFolderMode = 0o700;

/**
 * The electron-store file at `storePath` that holds the ciphertext, opened by `openStore`: a
 * damaged file is set aside (core's vault reports it on the first read) and a fresh one started.
 */
export function encryptedSessionStore(cipher: SecretCipher, openStore: () => CipherTextStore, storePath: string): EncryptedStore {
  const { store, setAside } = openStoreSettingAsideDamage(openStore, storePath);
  restrictFolder(dirname(storePath));
  return { cipher, store, setAside };
}

/** Best effort: a folder we cannot narrow (not ours, or on a file system without modes) is left as it is. */
function restrictFolder(folder: string): void {
  try {
    chmodSync(folder, sessionStoreFolderMode);
  } catch {
    // Windows ignores POSIX modes; its user-data folder is already per user.
  }
}

/**
 * Whether the OS keyring answers a write and a delete of a throwaway entry within a few seconds.
 * The entry is made here: where no Secret Service runs, making one already throws, and that too
 * means "no keyring" (the window's notice), not an app that cannot start.
 */
export async function probeKeyring(makeEntry: () => KeyringEntry, timeoutMs = 3_000): Promise<boolean> {
  try {
    await callKeyring(systemClock, timeoutMs, 'probe', (signal) => {
      const probeEntry = makeEntry();
      return probeEntry.setPassword('probe', signal).then(() => probeEntry.deletePassword(signal));
    });
    return true;
  } catch {
    return false;
  }
}
