/**
 * Where the app keeps tokens: decided here from plain facts about the machine and the policy,
 * so the rule is testable without Electron. The Electron side (src/main/index.ts) gathers the
 * facts from safeStorage and opens what this picks.
 */
import { systemClock } from '../core/clock.ts';
import { openStoreSettingAsideDamage } from './json-store.ts';
import { reportDamageOnce, type TokenVault } from '../core/vault/vault.ts';
import { type CipherTextStore, createEncryptedStoreVault, type SecretCipher } from '../core/vault/encrypted-store-vault.ts';
import { callKeyring, createKeyringVault, type KeyringEntry } from '../core/vault/keyring-vault.ts';

/** What the admin policy allows (issue 6's `tokenStorage`). */
export type StoragePolicy = 'protected' | 'session-only' | 'allow-unprotected';

export interface StorageFacts {
  readonly platform: NodeJS.Platform;
  /** safeStorage.isAsyncEncryptionAvailable() */
  readonly encryptionAvailable: boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux. */
  readonly linuxBackend?: string;
  readonly policy: StoragePolicy;
}

export type StorageChoice =
  | { readonly kind: 'safe-storage' }
  | { readonly kind: 'keyring' }
  | { readonly kind: 'none'; readonly reason: string };

/**
 * On Linux without a keyring daemon, safeStorage falls back to `basic_text`: a hard-coded key,
 * which protects nothing. Then the OS keyring is tried directly; failing that, nothing is
 * stored unless the admin allowed weaker storage, and the user may choose a session-only sign-in.
 */
export async function chooseTokenStorage(facts: StorageFacts, keyringWorks: () => Promise<boolean>): Promise<StorageChoice> {
  if (facts.policy === 'session-only') {
    return { kind: 'none', reason: 'Your organization allows sign-ins for this session only.' };
  }
  const weak = facts.platform === 'linux' && facts.linuxBackend === 'basic_text';
  if (facts.encryptionAvailable && (!weak || facts.policy === 'allow-unprotected')) return { kind: 'safe-storage' };
  if (await keyringWorks()) return { kind: 'keyring' };
  return { kind: 'none', reason: 'This desktop has no keyring to protect your sign-in with.' };
}

export interface TokenStorageDependencies {
  readonly cipher: SecretCipher;
  /** Opens the electron-store file that holds the ciphertext; may throw on a damaged file. */
  readonly openStore: () => CipherTextStore;
  readonly storePath: string;
  readonly keyringEntry: () => KeyringEntry;
}

/** The vault for a choice, with a damaged store file set aside and reported on first load. */
export function openTokenVault(choice: StorageChoice, dependencies: TokenStorageDependencies): TokenVault | undefined {
  switch (choice.kind) {
    case 'safe-storage': {
      const { store, setAside } = openStoreSettingAsideDamage(dependencies.openStore, dependencies.storePath);
      const vault = createEncryptedStoreVault({ cipher: dependencies.cipher, store });
      return setAside === undefined ? vault : reportDamageOnce(vault, setAside);
    }
    case 'keyring':
      return createKeyringVault({ entry: dependencies.keyringEntry(), clock: systemClock });
    case 'none':
      return undefined;
  }
}

/** Whether the OS keyring answers a write and a delete of a throwaway entry within a few seconds. */
export async function probeKeyring(probeEntry: KeyringEntry, timeoutMs = 3_000): Promise<boolean> {
  try {
    await callKeyring(systemClock, timeoutMs, 'probe', (signal) =>
      probeEntry.setPassword('probe', signal).then(() => probeEntry.deletePassword(signal)),
    );
    return true;
  } catch {
    return false;
  }
}
