import type { Clock } from '../clock.ts';
import { SignInError } from '../errors.ts';
import { decodeSession, encodeSession, VaultDamagedError } from './vault.ts';
import type { TokenVault } from './session-record.ts';

/** The part of `@napi-rs/keyring`'s AsyncEntry the vault uses. */
export interface KeyringEntry {
  setPassword(password: string, signal?: AbortSignal): Promise<void>;
  getPassword(signal?: AbortSignal): Promise<string | null>;
  deletePassword(signal?: AbortSignal): Promise<boolean>;
}

interface KeyringVaultOptions {
  readonly entry: KeyringEntry;
  readonly clock: Clock;
  /** A locked or absent Secret Service can leave a call waiting forever; a few seconds is plenty. */
  readonly timeoutMs?: number;
}

export const defaultKeyringTimeoutMs = 5_000;

/**
 * One keyring call that ends within `timeoutMs` whatever the keyring does: a hang or an error
 * becomes `storage_unavailable`, and the call's signal is aborted on timeout.
 */
export async function callKeyring<T>(clock: Clock, timeoutMs: number, what: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timerDone = new AbortController();
  const timedOut = clock.sleep(timeoutMs, timerDone.signal).then(
    () => {
      controller.abort();
      throw new SignInError('storage_unavailable', `The system keyring did not answer within ${timeoutMs / 1000} s (${what}).`);
    },
    () => new Promise<never>(() => undefined),
  );
  try {
    return await Promise.race([call(controller.signal), timedOut]);
  } catch (error) {
    if (error instanceof SignInError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SignInError('storage_unavailable', `The system keyring is not usable (${what}): ${reason}`, { cause: error });
  } finally {
    timerDone.abort();
  }
}

/**
 * Tokens in the OS keyring (Keychain, Windows Credential Manager, Secret Service), for the CLI
 * and wherever safeStorage cannot encrypt. One entry holds the whole session, so an update
 * replaces it in one step. Every call ends within the timeout, as `storage_unavailable`.
 */
export function createKeyringVault(options: KeyringVaultOptions): TokenVault {
  const timeoutMs = options.timeoutMs ?? defaultKeyringTimeoutMs;
  const { entry } = options;

  const withTimeout = <T>(what: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> =>
    callKeyring(options.clock, timeoutMs, what, call);

  return {
    kind: 'keyring',
    async load() {
      const stored = await withTimeout('read', (signal) => entry.getPassword(signal));
      if (stored === null) return undefined;
      try {
        return decodeSession(stored);
      } catch (error) {
        // The keyring holds one entry: the damaged one is removed so the next sign-in starts clean.
        await withTimeout('delete', (signal) => entry.deletePassword(signal));
        throw error instanceof VaultDamagedError ? error : new VaultDamagedError('The stored session is not readable.', undefined, error);
      }
    },
    async save(session) {
      await withTimeout('write', (signal) => entry.setPassword(encodeSession(session), signal));
    },
    async clear() {
      await withTimeout('delete', (signal) => entry.deletePassword(signal));
    },
  };
}
