import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher } from '../../src/core/vault/encrypted-store-vault.ts';
import { requirement } from './requirements.ts';

/**
 * A real AES-256-GCM cipher in the shape of Electron's safeStorage, which only exists inside
 * Electron. The vault code under test is the app's own; only the key's home differs (safeStorage
 * keeps its key in the OS keychain).
 */
export function testCipher(available = true): SecretCipher & { breakKey(): void } {
  let key = randomBytes(32);
  return {
    isAsyncEncryptionAvailable: () => Promise.resolve(available),
    async encryptStringAsync(plainText) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async decryptStringAsync(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return {
        result: Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8'),
        shouldReEncrypt: false,
      };
    },
    /** As after an OS reinstall or a profile copied to another machine: old ciphertext no longer opens. */
    breakKey() {
      key = randomBytes(32);
    },
  };
}

/** Whether a real Secret Service answers here (inside `npm test`'s D-Bus session), with the reason if not. */
export async function keyringAvailability(): Promise<{ available: true } | { available: false; reason: string }> {
  const availability = await probeKeyring();
  // On CI a missing keyring fails the run rather than skipping its cases.
  requirement('The Secret Service (gnome-keyring)', availability.available ? undefined : availability.reason);
  return availability;
}

async function probeKeyring(): Promise<{ available: true } | { available: false; reason: string }> {
  if (process.env.DBUS_SESSION_BUS_ADDRESS === undefined) {
    return { available: false, reason: 'no D-Bus session (run the tests with `npm test`, which starts one with gnome-keyring)' };
  }
  try {
    const { AsyncEntry } = await import('@napi-rs/keyring');
    const probe = new AsyncEntry('device-signin-test', `probe-${process.pid}`);
    await probe.setPassword('probe');
    await probe.deletePassword();
    return { available: true };
  } catch (error) {
    return { available: false, reason: `the Secret Service did not answer: ${error instanceof Error ? error.message : String(error)}` };
  }
}
