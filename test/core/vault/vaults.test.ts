import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { openStoreSettingAsideDamage } from '../../../src/main/json-store.ts';
import { VaultDamagedError } from '../../../src/core/vault/vault.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import { createEncryptedStoreVault } from '../../../src/core/vault/encrypted-store-vault.ts';
import { createFileVault, writeFileAtomically } from '../../../src/core/vault/file-vault.ts';
import { createKeyringVault, type KeyringEntry } from '../../../src/core/vault/keyring-vault.ts';
import { everyFileText } from '../../support/files.ts';
import { testCipher } from '../../support/test-cipher.ts';
import { sampleSession, vaultContract } from '../../support/vault-contract.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

const session = sampleSession;

async function dataFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'device-signin-vault-'));
}

vaultContract('memory', () => Promise.resolve(createMemoryVault()));
vaultContract('encrypted store', async () =>
  createEncryptedStoreVault({ cipher: testCipher(), store: new Conf({ cwd: await dataFolder(), projectName: 'device-signin' }) }),
);
vaultContract('0600 file', async () => createFileVault(join(await dataFolder(), 'session.json')));

describe('the encrypted store (safeStorage + electron-store)', () => {
  it('writes no token in plain text to the data folder', async () => {
    const folder = await dataFolder();
    const vault = createEncryptedStoreVault({ cipher: testCipher(), store: new Conf({ cwd: folder, projectName: 'device-signin' }) });
    await vault.save(session);
    const everything = await everyFileText(folder);
    expect(everything.length).toBeGreaterThan(100);
    expect(everything).not.toContain('access-token-plaintext');
    expect(everything).not.toContain('refresh-token-plaintext');
  });

  it('sets an undecryptable session aside and reports it as damaged', async () => {
    const cipher = testCipher();
    const store = new Conf({ cwd: await dataFolder(), projectName: 'device-signin' });
    const vault = createEncryptedStoreVault({ cipher, store });
    await vault.save(session);
    cipher.breakKey();
    const error = await vault.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultDamagedError);
    expect(error).toMatchObject({ code: 'storage_damaged' });
    expect(store.get((error as VaultDamagedError).setAsidePath ?? '')).toEqual(expect.any(String));
    expect(await vault.load()).toBeUndefined();
  });

  it('refuses to store when the system cannot encrypt', async () => {
    const vault = createEncryptedStoreVault({
      cipher: testCipher(false),
      store: new Conf({ cwd: await dataFolder(), projectName: 'device-signin' }),
    });
    await expect(vault.save(session)).rejects.toMatchObject({ code: 'storage_unavailable' });
  });

  it('sets a corrupt store file aside and opens a fresh one', async () => {
    const folder = await dataFolder();
    const file = join(folder, 'config.json');
    await writeFile(file, '{"session": "trunc');
    const open = () => new Conf({ cwd: folder, projectName: 'device-signin' });
    expect(open).toThrow();
    const { store, setAside } = openStoreSettingAsideDamage(open, file);
    expect(setAside).toMatch(/config\.json\.damaged-/);
    expect(await readFile(setAside ?? '', 'utf8')).toBe('{"session": "trunc');
    expect(store.get('session')).toBeUndefined();
  });
});

describe('the 0600 file (explicit opt-in only)', () => {
  it('is readable by its owner only', async () => {
    const file = join(await dataFolder(), 'nested', 'session.json');
    await createFileVault(file).save(session);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('replaces the file in one step, leaving no temporary files behind', async () => {
    const folder = await dataFolder();
    const file = join(folder, 'session.json');
    await writeFileAtomically(file, 'first');
    await writeFileAtomically(file, 'second');
    expect(await readFile(file, 'utf8')).toBe('second');
    expect(await readdir(folder)).toEqual(['session.json']);
  });

  it('sets a damaged file aside', async () => {
    const folder = await dataFolder();
    const file = join(folder, 'session.json');
    await writeFile(file, 'not json');
    await expect(createFileVault(file).load()).rejects.toBeInstanceOf(VaultDamagedError);
    const names = await readdir(folder);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^session\.json\.damaged-/);
  });
});

describe('the keyring vault, whatever the keyring does', () => {
  it('gives up on a keyring that never answers, within the timeout', async () => {
    const clock = new VirtualClock();
    const hanging: KeyringEntry = {
      getPassword: () => new Promise(() => undefined),
      setPassword: () => new Promise(() => undefined),
      deletePassword: () => new Promise(() => undefined),
    };
    const vault = createKeyringVault({ entry: hanging, clock, timeoutMs: 3_000 });
    const started = clock.now();
    await expect(clock.run(vault.load())).rejects.toMatchObject({ code: 'storage_unavailable' });
    expect(clock.now() - started).toBe(3_000);
    await expect(clock.run(vault.save(session))).rejects.toMatchObject({ code: 'storage_unavailable' });
  });

  it('reports a keyring error as storage_unavailable', async () => {
    const clock = new VirtualClock();
    const broken: KeyringEntry = {
      getPassword: () => Promise.reject(new Error('Platform secure storage failure: no secret service')),
      setPassword: () => Promise.reject(new Error('locked')),
      deletePassword: () => Promise.resolve(false),
    };
    await expect(clock.run(createKeyringVault({ entry: broken, clock }).load())).rejects.toMatchObject({ code: 'storage_unavailable' });
  });
});
