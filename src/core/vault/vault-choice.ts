/**
 * Which vault a front end keeps sessions in: one rule for the app and the command line. Each
 * front end gathers the facts (Electron's safeStorage, the keyring, its flags and the admin's
 * policy) and opens what this picks with open-vault.ts; neither decides on its own.
 */
import type { StorageUnavailableReason } from '../../shared/flow-state.ts';
import type { TokenStorage } from '../policy/schema.ts';
import type { VaultKind } from './session-record.ts';

export interface VaultFacts {
  readonly platform: NodeJS.Platform;
  /** The admin's `tokenStorage` setting. */
  readonly tokenStorage: TokenStorage;
  /**
   * OS-backed encryption for a ciphertext store (Electron's safeStorage), where the front end has
   * it: whether it works now, and on Linux its backend (`basic_text` is a hard-coded key).
   */
  readonly encryption?: { readonly available: boolean; readonly linuxBackend?: string | undefined };
  /**
   * The 0600 file vault, where the front end offers it (the command line): `requested` by the
   * user (`--insecure-storage`), or `offered` as the fallback `allow-unprotected` may allow.
   */
  readonly file?: 'requested' | 'offered';
}

/** Why no vault can be used: the admin wants sign-ins kept in memory only, or nothing protects them here. */
export type NoVaultReason = Exclude<StorageUnavailableReason, 'keyring_unreadable'>;

/** Why the plain file keeps the session: the user `requested` it, or the admin `allowed` it where no keyring works. */
export type FileVaultReason = 'requested' | 'allowed';

/**
 * `weak` marks a vault the OS does not protect: safeStorage's fixed `basic_text` key, or the
 * plain file. The front end says so wherever it says the session is kept (the window's signed-in
 * screen, `status`), since the user was promised nothing weaker without being told.
 */
export type VaultChoice =
  | { readonly kind: Exclude<VaultKind, 'memory' | 'file'>; readonly weak?: true }
  | { readonly kind: 'file'; readonly weak: true; readonly why: FileVaultReason }
  | { readonly kind: 'none'; readonly why: NoVaultReason };

/**
 * On Linux without a keyring daemon, safeStorage falls back to `basic_text`: a hard-coded key,
 * which protects nothing. Then the OS keyring is tried directly; failing that, nothing is
 * kept unless the admin allowed a weak vault (`allow-unprotected`), and the app's user may
 * choose a sign-in for this session only. `keyringWorks` is asked only when the choice depends on it.
 */
export function chooseVault(facts: VaultFacts, keyringWorks: () => boolean): VaultChoice {
  if (facts.file === 'requested') return { kind: 'file', weak: true, why: 'requested' };
  if (facts.tokenStorage === 'session-only') return { kind: 'none', why: 'session_only_policy' };
  const unprotectedAllowed = facts.tokenStorage === 'allow-unprotected';
  const weak = facts.platform === 'linux' && facts.encryption?.linuxBackend === 'basic_text';
  if (facts.encryption?.available === true && !weak) return { kind: 'safe-storage' };
  // The strongest vault that works comes first: a keyring beats a fixed key, even where the
  // admin would accept the fixed key.
  if (keyringWorks()) return { kind: 'keyring' };
  if (unprotectedAllowed && facts.encryption?.available === true) return { kind: 'safe-storage', weak: true };
  if (unprotectedAllowed && facts.file === 'offered') return { kind: 'file', weak: true, why: 'allowed' };
  return { kind: 'none', why: 'no_keyring' };
}

/** The same rule for a front end whose keyring check takes a while (a probe write): the probe runs only when it matters. */
export async function chooseVaultProbing(facts: VaultFacts, probeKeyring: () => Promise<boolean>): Promise<VaultChoice> {
  const withKeyring = chooseVault(facts, () => true);
  const withoutKeyring = chooseVault(facts, () => false);
  if (withKeyring.kind === withoutKeyring.kind) return withKeyring;
  return (await probeKeyring()) ? withKeyring : withoutKeyring;
}
