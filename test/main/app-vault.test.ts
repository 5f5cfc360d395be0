import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import type { KeyringEntry } from '../../src/core/vault/keyring-vault.ts';
import { chooseTokenStorage, openTokenVault, probeKeyring, type StorageFacts } from '../../src/main/token-storage.ts';
import { testCipher } from '../support/test-cipher.ts';

const works = () => Promise.resolve(true);
const fails = () => Promise.resolve(false);

describe('where the app keeps tokens', () => {
  it.each<[string, StorageFacts, () => Promise<boolean>, string]>([
    ['macOS Keychain via safeStorage', { platform: 'darwin', encryptionAvailable: true, policy: 'protected' }, fails, 'safe-storage'],
    ['Windows DPAPI via safeStorage', { platform: 'win32', encryptionAvailable: true, policy: 'protected' }, fails, 'safe-storage'],
    ['Linux with libsecret', { platform: 'linux', encryptionAvailable: true, linuxBackend: 'gnome_libsecret', policy: 'protected' }, fails, 'safe-storage'],
    ['Linux basic_text, but the keyring answers', { platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text', policy: 'protected' }, works, 'keyring'],
    ['Linux basic_text and no keyring', { platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text', policy: 'protected' }, fails, 'none'],
    ['Linux basic_text, weaker storage allowed by the admin', { platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text', policy: 'allow-unprotected' }, fails, 'safe-storage'],
    ['no encryption at all and no keyring', { platform: 'linux', encryptionAvailable: false, policy: 'allow-unprotected' }, fails, 'none'],
    ['the admin wants session-only sign-ins', { platform: 'darwin', encryptionAvailable: true, policy: 'session-only' }, works, 'none'],
  ])('%s → %s', async (_name, facts, keyring, kind) => {
    const choice = await chooseTokenStorage(facts, keyring);
    expect(choice.kind).toBe(kind);
    if (choice.kind === 'none') expect(choice.reason).toMatch(/\w+/);
  });

  it('sets a damaged session file aside and reports it once', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'device-signin-userdata-'));
    const storePath = join(folder, 'session.json');
    await writeFile(storePath, '{"session": "half-writ');
    const vault = openTokenVault(
      { kind: 'safe-storage' },
      { cipher: testCipher(), openStore: () => new Conf({ cwd: folder, configName: 'session', projectName: 'device-signin' }), storePath, keyringEntry: () => { throw new Error('unused'); } },
    );
    await expect(vault?.load()).rejects.toMatchObject({ code: 'storage_damaged' });
    expect(await vault?.load()).toBeUndefined();
    expect((await readdir(folder)).some((name) => name.startsWith('session.json.damaged-'))).toBe(true);
  });

  it('probes the keyring with a time limit', async () => {
    const hanging: KeyringEntry = { setPassword: () => new Promise(() => undefined), getPassword: () => Promise.resolve(null), deletePassword: () => Promise.resolve(true) };
    expect(await probeKeyring(hanging, 50)).toBe(false);
    const fine: KeyringEntry = { setPassword: () => Promise.resolve(), getPassword: () => Promise.resolve(null), deletePassword: () => Promise.resolve(true) };
    expect(await probeKeyring(fine, 50)).toBe(true);
  });
});
