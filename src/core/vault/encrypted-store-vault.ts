import { SignInError } from '../errors.ts';
import { decodeSession, encodeSession, setAsideName, VaultDamagedError } from './vault.ts';
import type { TokenVault } from './session-record.ts';
import type { SessionRecord } from './session-record.ts';

/**
 * The part of Electron's `safeStorage` the vault uses; main passes `safeStorage` itself. The
 * asynchronous API, since Electron 45 deprecates the synchronous one.
 */
export interface SecretCipher {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  /** `shouldReEncrypt`: the OS key was rotated; writing the session again moves it to the new key. */
  decryptStringAsync(encrypted: Buffer): Promise<{ readonly result: string; readonly shouldReEncrypt: boolean }>;
}

/** The part of `electron-store` (or `conf`, which it extends) that holds the ciphertext. */
export interface CipherTextStore {
  get(key: string): unknown;
  set(key: string, value: string): void;
  delete(key: string): void;
}

export interface EncryptedStoreVaultOptions {
  readonly cipher: SecretCipher;
  readonly store: CipherTextStore;
  readonly key?: string;
}

/**
 * Tokens encrypted with the OS-backed key (Electron safeStorage: Keychain, DPAPI, or the Secret
 * Service/KWallet on Linux), the ciphertext kept in an electron-store file, which writes
 * atomically (temporary file, then rename), so a crash mid-write leaves the previous session.
 */
export function createEncryptedStoreVault(options: EncryptedStoreVaultOptions): TokenVault {
  const key = options.key ?? 'session';
  const { cipher, store } = options;

  async function requireCipher(): Promise<void> {
    if (!(await cipher.isAsyncEncryptionAvailable())) {
      throw new SignInError('storage_unavailable', 'The system cannot encrypt data for this app right now.');
    }
  }

  async function save(session: SessionRecord): Promise<void> {
    await requireCipher();
    store.set(key, (await cipher.encryptStringAsync(encodeSession(session))).toString('base64'));
  }

  return {
    kind: 'safe-storage',
    async load() {
      const stored = store.get(key);
      if (stored === undefined) return undefined;
      await requireCipher();
      let decrypted: { readonly result: string; readonly shouldReEncrypt: boolean };
      try {
        if (typeof stored !== 'string') throw new TypeError('not a string');
        decrypted = await cipher.decryptStringAsync(Buffer.from(stored, 'base64'));
      } catch (error) {
        // Keep the undecryptable value under another key for support, and out of the way of the next sign-in.
        const aside = setAsideName(key, new Date(), '-');
        if (typeof stored === 'string') store.set(aside, stored);
        store.delete(key);
        throw new VaultDamagedError('The stored session could not be decrypted.', aside, error);
      }
      let session;
      try {
        session = decodeSession(decrypted.result);
      } catch (error) {
        store.delete(key);
        throw error;
      }
      if (decrypted.shouldReEncrypt) await save(session);
      return session;
    },
    save,
    async clear() {
      store.delete(key);
    },
  };
}
