import { chmod, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import type { KeyringEntry } from '../../src/core/vault/keyring-vault.ts';
import { openChosenVault, probeKeyring, sessionStoreFileMode } from '../../src/main/app-vault.ts';
import { storedSession } from '../support/stored-session.ts';
import { testCipher } from '../support/test-cipher.ts';

describe('the vault the app opens', () => {
  it('sets a damaged session file aside and reports it once', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'device-signin-userdata-'));
    const storePath = join(folder, 'session.json');
    await writeFile(storePath, '{"session": "half-writ');
    const { vault } = openChosenVault(
      { kind: 'safe-storage' },
      { cipher: testCipher(), openStore: () => new Conf({ cwd: folder, configName: 'session', projectName: 'device-signin' }), storePath, keyringEntry: () => { throw new Error('unused'); } },
    );
    await expect(vault?.load()).rejects.toMatchObject({ code: 'storage_damaged' });
    const weak = openChosenVault(
      { kind: 'safe-storage', weak: true },
      { cipher: testCipher(), openStore: () => new Conf({ cwd: folder, configName: 'other', projectName: 'device-signin' }), storePath: join(folder, 'other.json'), keyringEntry: () => { throw new Error('unused'); } },
    );
    expect(weak.weak).toBe(true);
    expect(await vault?.load()).toBeUndefined();
    expect((await readdir(folder)).some((name) => name.startsWith('session.json.damaged-'))).toBe(true);
  });

  it('writes the session file for this user only (0600, its folder 0700), whatever the umask', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'device-signin-userdata-'));
    await chmod(folder, 0o755);
    const storePath = join(folder, 'session.json');
    const previous = process.umask(0o022);
    try {
      const { vault } = openChosenVault(
        { kind: 'safe-storage' },
        {
          cipher: testCipher(),
          openStore: () => new Conf({ cwd: folder, configName: 'session', projectName: 'device-signin', configFileMode: sessionStoreFileMode }),
          storePath,
          keyringEntry: () => {
            throw new Error('unused');
          },
        },
      );
      await vault?.save(storedSession(Date.now(), 3_600_000));
    } finally {
      process.umask(previous);
    }
    expect((await stat(storePath)).mode & 0o777).toBe(0o600);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
  });

  it('says in a sentence why there is none', () => {
    const unused = { cipher: testCipher(), openStore: () => { throw new Error('unused'); }, storePath: '', keyringEntry: () => { throw new Error('unused'); } };
    expect(openChosenVault({ kind: 'none', why: 'no_keyring' }, unused)).toEqual({ unavailable: 'no_keyring' });
    expect(openChosenVault({ kind: 'none', why: 'session_only_policy' }, unused)).toEqual({ unavailable: 'session_only_policy' });
  });

  it('probes the keyring with a time limit', async () => {
    const hanging: KeyringEntry = { setPassword: () => new Promise(() => undefined), getPassword: () => Promise.resolve(null), deletePassword: () => Promise.resolve(true) };
    expect(await probeKeyring(() => hanging, 50)).toBe(false);
    const fine: KeyringEntry = { setPassword: () => Promise.resolve(), getPassword: () => Promise.resolve(null), deletePassword: () => Promise.resolve(true) };
    expect(await probeKeyring(() => fine, 50)).toBe(true);
    // No Secret Service: @napi-rs/keyring throws while making the entry.
    expect(await probeKeyring(() => { throw new Error('Platform failure: DBus error'); }, 50)).toBe(false);
  });
});
