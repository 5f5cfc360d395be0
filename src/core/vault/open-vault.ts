/**
 * Opens the vault a `VaultChoice` names, for the app and the command line alike: each front end
 * chooses (vault-choice.ts) from the facts it gathers, says what it can make (a keyring entry, a
 * cipher and its store, a file) and which lock its writers hold, and gets one answer back: the
 * keeper of the session record in that vault, or why there is none.
 */
import { systemClock } from '../clock.ts';
import { createEncryptedStoreVault, type EncryptedStoreVaultOptions } from './encrypted-store-vault.ts';
import { createFileVault } from './file-vault.ts';
import { createKeyringVault, type KeyringEntry } from './keyring-vault.ts';
import type { RefreshLock } from './refresh-lock.ts';
import { RecordKeeper } from './record-keeper.ts';
import { withTokenCopy } from './token-copy.ts';
import { reportDamageOnce } from './vault.ts';
import type { TokenVault } from './session-record.ts';
import type { FileVaultReason, NoVaultReason, VaultChoice } from './vault-choice.ts';

/** What a front end can keep a session with; a choice it cannot make is a bug in that front end, not a user's problem. */
interface VaultMakers {
  /** The OS keyring entry of this front end's session. Making one throws where no Secret Service answers: that too means no keyring. */
  readonly keyringEntry?: () => KeyringEntry;
  /** The app's cipher (safeStorage) and the store for its ciphertext, opened when chosen. */
  readonly encryptedStore?: () => EncryptedStore;
  /** The command line's 0600 file. */
  readonly file?: string;
  /**
   * Where the command line keeps the token copy of its keyring session (token-copy.ts), in step
   * with every write; asked only when the keyring is chosen.
   */
  readonly tokenCopy?: () => { readonly folder: string | undefined; readonly name: string; readonly elsewhere: readonly string[] };
}

export interface EncryptedStore extends EncryptedStoreVaultOptions {
  /** Where a damaged store file was moved when it was opened: the first read says so, so the user learns why they are signed out. */
  readonly setAside?: string | undefined;
}

/** The vault a session is kept in, or why none can keep it: one answer for both front ends. */
export type OpenedVault = UsableVault | UnusableVault;

export interface UsableVault {
  readonly usable: true;
  /** Every read and write of the record goes through it; its `kind` says which vault it is. */
  readonly keeper: RecordKeeper;
  /** The lock the keeper's writers hold, which also remembers a failed refresh for the other processes. */
  readonly lock: RefreshLock;
  /** A vault the OS does not protect (vault-choice.ts): the front end says so wherever it says where the session is kept. */
  readonly weak: boolean;
  /** The plain file, when that is the vault: where, and why (the command line's sentences name both). */
  readonly file?: { readonly path: string; readonly why: FileVaultReason };
}

export interface UnusableVault {
  readonly usable: false;
  /** A code: each front end has its own words for it. */
  readonly why: NoVaultReason;
  /** The technical account, for details and logs: the keyring's own error, where there was one. */
  readonly detail?: string;
}

/** The vault `choice` names, made with `makers`, its record kept under `lock`. */
export function openVault(choice: VaultChoice, lock: RefreshLock, makers: VaultMakers): OpenedVault {
  const usable = (vault: TokenVault, file?: UsableVault['file']): UsableVault => ({
    usable: true,
    keeper: new RecordKeeper(vault, lock),
    lock,
    weak: choice.kind !== 'none' && choice.weak === true,
    ...(file === undefined ? {} : { file }),
  });
  switch (choice.kind) {
    case 'safe-storage': {
      const { setAside, ...store } = required(makers.encryptedStore, choice.kind)();
      const vault = createEncryptedStoreVault(store);
      return usable(setAside === undefined ? vault : reportDamageOnce(vault, setAside));
    }
    case 'keyring': {
      const makeEntry = required(makers.keyringEntry, choice.kind);
      let entry: KeyringEntry;
      try {
        entry = makeEntry();
      } catch (error) {
        return noKeyring(error);
      }
      const vault = createKeyringVault({ entry, clock: systemClock });
      const copy = makers.tokenCopy?.();
      return usable(copy === undefined ? vault : withTokenCopy(vault, copy.folder, copy.name, copy.elsewhere));
    }
    case 'file': {
      const path = required(makers.file, choice.kind);
      return usable(createFileVault(path), { path, why: choice.why });
    }
    case 'none':
      return { usable: false, why: choice.why };
  }
}

/** No keyring, with the error that says why (no Secret Service, or one that did not answer). */
export function noKeyring(error: unknown): UnusableVault {
  return { usable: false, why: 'no_keyring', detail: error instanceof Error ? error.message : String(error) };
}

function required<T>(maker: T | undefined, kind: VaultChoice['kind']): T {
  if (maker === undefined) throw new Error(`This front end keeps no session in a vault of kind ${kind}.`);
  return maker;
}
