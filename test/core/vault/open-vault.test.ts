import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import type { KeyringEntry } from '../../../src/core/vault/keyring-vault.ts';
import { openVault } from '../../../src/core/vault/open-vault.ts';
import { processOnlyRefreshLock } from '../../../src/core/vault/refresh-lock.ts';
import { storedSession } from '../../support/stored-session.ts';
import { testCipher } from '../../support/test-cipher.ts';

const unused = (): never => {
  throw new Error('a maker was asked that this choice does not need');
};

function memoryEntry(): KeyringEntry {
  let password: string | null = null;
  return {
    setPassword: (value) => {
      password = value;
      return Promise.resolve();
    },
    getPassword: () => Promise.resolve(password),
    deletePassword: () => {
      password = null;
      return Promise.resolve(true);
    },
  };
}

describe('opening the vault a front end chose', () => {
  it('says why there is none, in a code each front end words, without making anything', () => {
    const makers = { keyringEntry: unused, encryptedStore: unused, file: '/nowhere' };
    expect(openVault({ kind: 'none', why: 'no_keyring' }, processOnlyRefreshLock, makers)).toEqual({ usable: false, why: 'no_keyring' });
    expect(openVault({ kind: 'none', why: 'session_only_policy' }, processOnlyRefreshLock, makers)).toEqual({
      usable: false,
      why: 'session_only_policy',
    });
  });

  it('keeps the record in the keyring, under the lock it was given', async () => {
    const opened = openVault({ kind: 'keyring' }, processOnlyRefreshLock, { keyringEntry: memoryEntry });
    if (!opened.usable) throw new Error('the keyring did not open');
    expect(opened).toMatchObject({ weak: false, lock: processOnlyRefreshLock });
    expect(opened.file).toBeUndefined();
    expect(opened.keeper.kind).toBe('keyring');
    await opened.keeper.change(() => Promise.resolve({ write: storedSession(Date.now(), 3_600_000), result: undefined }));
    expect((await opened.keeper.read())?.profile.sub).toBe('alice');
  });

  it('reads a keyring entry that cannot be made (no Secret Service) as no keyring, with its error as the detail', () => {
    const opened = openVault({ kind: 'keyring' }, processOnlyRefreshLock, {
      keyringEntry: () => {
        throw new Error('Platform failure: DBus error');
      },
    });
    expect(opened).toEqual({ usable: false, why: 'no_keyring', detail: 'Platform failure: DBus error' });
  });

  it('names the plain file and why it holds the session, and marks it weak', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'device-signin-open-')), 'session.json');
    for (const why of ['requested', 'allowed'] as const) {
      const opened = openVault({ kind: 'file', weak: true, why }, processOnlyRefreshLock, { file: path });
      expect(opened).toMatchObject({ usable: true, weak: true, file: { path, why } });
    }
    const opened = openVault({ kind: 'file', weak: true, why: 'requested' }, processOnlyRefreshLock, { file: path });
    if (!opened.usable) throw new Error('the file did not open');
    await opened.keeper.change(() => Promise.resolve({ write: storedSession(Date.now(), 3_600_000), result: undefined }));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('marks safeStorage with its fixed key as weak, and reports a store set aside as damaged on the first read only', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'device-signin-open-'));
    const store = () => ({ cipher: testCipher(), store: new Conf({ cwd: folder, projectName: 'device-signin' }) });
    expect(openVault({ kind: 'safe-storage', weak: true }, processOnlyRefreshLock, { encryptedStore: store })).toMatchObject({
      usable: true,
      weak: true,
    });
    const damaged = openVault({ kind: 'safe-storage' }, processOnlyRefreshLock, {
      encryptedStore: () => ({ ...store(), setAside: join(folder, 'config.json.damaged-x') }),
    });
    if (!damaged.usable) throw new Error('safeStorage did not open');
    expect(damaged.weak).toBe(false);
    await expect(damaged.keeper.read()).rejects.toMatchObject({
      code: 'storage_damaged',
      setAsidePath: join(folder, 'config.json.damaged-x'),
    });
    expect(await damaged.keeper.read()).toBeUndefined();
  });

  it('refuses a vault the front end cannot make: a bug, not a user’s problem', () => {
    expect(() => openVault({ kind: 'safe-storage' }, processOnlyRefreshLock, {})).toThrow(/safe-storage/);
    expect(() => openVault({ kind: 'file', weak: true, why: 'requested' }, processOnlyRefreshLock, {})).toThrow(/file/);
    expect(() => openVault({ kind: 'keyring' }, processOnlyRefreshLock, {})).toThrow(/keyring/);
  });
});
