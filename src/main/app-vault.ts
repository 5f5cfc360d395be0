/**
 * Opens the vault that core's chooseVault (src/core/vault/vault-choice.ts) picked for the app,
 * from plain dependencies so that it is testable without Electron; src/main/electron-vault.ts
 * gathers the facts and passes Electron's safeStorage, electron-store and the keyring.
 */
import { chmodSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock } from '../core/clock.ts';
import { type CipherTextStore, createEncryptedStoreVault, type SecretCipher } from '../core/vault/encrypted-store-vault.ts';
import { callKeyring, createKeyringVault, type KeyringEntry } from '../core/vault/keyring-vault.ts';
import { reportDamageOnce, type TokenVault } from '../core/vault/vault.ts';
import type { NoVaultReason, VaultChoice } from '../core/vault/vault-choice.ts';
import { openStoreSettingAsideDamage } from './json-store.ts';

/** The vault the app keeps sessions in, or why there is none (then a sign-in lasts this session only, by the user's choice). */
export interface AppVault {
  readonly vault?: TokenVault;
  /** A code: the window chooses the words (src/renderer/src/error-messages.ts). */
  readonly unavailable?: NoVaultReason;
  /** The vault is safeStorage's fixed key, which the admin allowed: the window says so. */
  readonly weak?: true;
}

/**
 * The ciphertext file is the user's alone, as the CLI's file vault is (0600, its folder 0700):
 * the key is in the OS keychain, but another local account should not even get the ciphertext.
 */
export const sessionStoreFileMode = 0o600;
const sessionStoreFolderMode = 0o700;

export interface AppVaultDependencies {
  readonly cipher: SecretCipher;
  /** Opens the electron-store file that holds the ciphertext; may throw on a damaged file. */
  readonly openStore: () => CipherTextStore;
  readonly storePath: string;
  readonly keyringEntry: () => KeyringEntry;
}

/** The vault for a choice, with a damaged store file set aside and reported on first load. */
export function openChosenVault(choice: VaultChoice, dependencies: AppVaultDependencies): AppVault {
  switch (choice.kind) {
    case 'safe-storage': {
      const { store, setAside } = openStoreSettingAsideDamage(dependencies.openStore, dependencies.storePath);
      restrictFolder(dirname(dependencies.storePath));
      const vault = createEncryptedStoreVault({ cipher: dependencies.cipher, store });
      return { vault: setAside === undefined ? vault : reportDamageOnce(vault, setAside), ...(choice.weak === true ? { weak: true } : {}) };
    }
    case 'keyring':
      return { vault: createKeyringVault({ entry: dependencies.keyringEntry(), clock: systemClock }) };
    case 'file':
      // chooseVault picks the plain file only for a front end that offers one; the app does not.
      throw new Error('The app keeps no session in a plain file.');
    case 'none':
      return { unavailable: choice.why };
  }
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
