import { chmod, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import type { KeyringEntry } from '../../src/core/vault/keyring-vault.ts';
import { openVault } from '../../src/core/vault/open-vault.ts';
import { processOnlyRefreshLock } from '../../src/core/vault/refresh-lock.ts';
import { encryptedSessionStore, probeKeyring, sessionStoreFileMode } from '../../src/main/app-vault.ts';
import { storedSession } from '../support/stored-session.ts';
import { testCipher } from '../support/test-cipher.ts';

/** The app's safeStorage vault over an electron-store file in `folder`, as main opens it. */
function appStoreVault(folder: string, name: string, weak = false) {
  const storePath = join(folder, `${name}.json`);
  const openStore = () => new Conf({ cwd: folder, configName: name, projectName: 'device-signin', configFileMode: sessionStoreFileMode });
  const opened = openVault({ kind: 'safe-storage', ...(weak ? { weak: true as const } : {}) }, processOnlyRefreshLock, {
    encryptedStore: () => encryptedSessionStore(testCipher(), openStore, storePath),
  });
  if (!opened.usable) throw new Error('the safeStorage vault did not open');
  return { opened, storePath };
}

describe('the vault the app opens', () => {
  it('sets a damaged session file aside and reports it once', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'device-signin-userdata-'));
    await writeFile(join(folder, 'session.json'), '{"session": "half-writ');
    const { opened } = appStoreVault(folder, 'session');
    await expect(opened.keeper.read()).rejects.toMatchObject({ code: 'storage_damaged' });
    expect(appStoreVault(folder, 'other', true).opened.weak).toBe(true);
    expect(opened.weak).toBe(false);
    expect(await opened.keeper.read()).toBeUndefined();
    expect((await readdir(folder)).some((name) => name.startsWith('session.json.damaged-'))).toBe(true);
  });

  it('writes the session file for this user only (0600, its folder 0700), whatever the umask', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'device-signin-userdata-'));
    await chmod(folder, 0o755);
    const previous = process.umask(0o022);
    let storePath: string;
    try {
      const app = appStoreVault(folder, 'session');
      storePath = app.storePath;
      await app.opened.keeper.change(() => Promise.resolve({ write: storedSession(Date.now(), 3_600_000), result: undefined }));
    } finally {
      process.umask(previous);
    }
    expect((await stat(storePath)).mode & 0o777).toBe(0o600);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
  });

  it('probes the keyring with a time limit', async () => {
    const hanging: KeyringEntry = {
      setPassword: () => new Promise(() => undefined),
      getPassword: () => Promise.resolve(null),
      deletePassword: () => Promise.resolve(true),
    };
    expect(await probeKeyring(() => hanging, 50)).toBe(false);
    const fine: KeyringEntry = {
      setPassword: () => Promise.resolve(),
      getPassword: () => Promise.resolve(null),
      deletePassword: () => Promise.resolve(true),
    };
    expect(await probeKeyring(() => fine, 50)).toBe(true);
    // No Secret Service: @napi-rs/keyring throws while making the entry.
    expect(
      await probeKeyring(() => {
        throw new Error('Platform failure: DBus error');
      }, 50),
    ).toBe(false);
  });
});
