import { describe, expect, it } from 'vitest';
import { chooseVault, chooseVaultProbing, type VaultFacts } from '../../../src/core/vault/vault-choice.ts';

const works = () => Promise.resolve(true);
const fails = () => Promise.resolve(false);

describe('where the app keeps tokens', () => {
  it.each<[string, VaultFacts, () => Promise<boolean>, string]>([
    [
      'macOS Keychain via safeStorage',
      { platform: 'darwin', encryption: { available: true }, tokenStorage: 'protected' },
      fails,
      'safe-storage',
    ],
    [
      'Windows DPAPI via safeStorage',
      { platform: 'win32', encryption: { available: true }, tokenStorage: 'protected' },
      fails,
      'safe-storage',
    ],
    [
      'Linux with libsecret',
      { platform: 'linux', encryption: { available: true, linuxBackend: 'gnome_libsecret' }, tokenStorage: 'protected' },
      fails,
      'safe-storage',
    ],
    [
      'Linux basic_text, but the keyring answers',
      { platform: 'linux', encryption: { available: true, linuxBackend: 'basic_text' }, tokenStorage: 'protected' },
      works,
      'keyring',
    ],
    [
      'Linux basic_text and no keyring',
      { platform: 'linux', encryption: { available: true, linuxBackend: 'basic_text' }, tokenStorage: 'protected' },
      fails,
      'none',
    ],
    [
      'Linux basic_text, weaker storage allowed by the admin',
      { platform: 'linux', encryption: { available: true, linuxBackend: 'basic_text' }, tokenStorage: 'allow-unprotected' },
      fails,
      'safe-storage',
    ],
    [
      'Linux basic_text allowed by the admin, but a keyring answers: the keyring, the stronger',
      { platform: 'linux', encryption: { available: true, linuxBackend: 'basic_text' }, tokenStorage: 'allow-unprotected' },
      works,
      'keyring',
    ],
    [
      'no encryption at all and no keyring',
      { platform: 'linux', encryption: { available: false }, tokenStorage: 'allow-unprotected' },
      fails,
      'none',
    ],
    [
      'the admin wants session-only sign-ins',
      { platform: 'darwin', encryption: { available: true }, tokenStorage: 'session-only' },
      works,
      'none',
    ],
  ])('%s → %s', async (_name, facts, keyring, kind) => {
    const choice = await chooseVaultProbing(facts, keyring);
    expect(choice.kind).toBe(kind);
    if (choice.kind === 'none') expect(choice.why).toMatch(/\w+/);
  });

  it('marks the fixed-key store as weak, and only that one, so the window can say so', async () => {
    const basicText = { available: true, linuxBackend: 'basic_text' } as const;
    await expect(
      chooseVaultProbing({ platform: 'linux', encryption: basicText, tokenStorage: 'allow-unprotected' }, fails),
    ).resolves.toEqual({ kind: 'safe-storage', weak: true });
    await expect(
      chooseVaultProbing({ platform: 'linux', encryption: basicText, tokenStorage: 'allow-unprotected' }, works),
    ).resolves.toEqual({ kind: 'keyring' });
    await expect(
      chooseVaultProbing(
        { platform: 'linux', encryption: { available: true, linuxBackend: 'gnome_libsecret' }, tokenStorage: 'allow-unprotected' },
        fails,
      ),
    ).resolves.toEqual({ kind: 'safe-storage' });
  });

  it('probes the keyring only when safeStorage cannot protect the tokens', async () => {
    let probes = 0;
    const probe = () => {
      probes += 1;
      return Promise.resolve(true);
    };
    await chooseVaultProbing({ platform: 'darwin', encryption: { available: true }, tokenStorage: 'protected' }, probe);
    await chooseVaultProbing({ platform: 'darwin', encryption: { available: true }, tokenStorage: 'session-only' }, probe);
    expect(probes).toBe(0);
    await chooseVaultProbing(
      { platform: 'linux', encryption: { available: true, linuxBackend: 'basic_text' }, tokenStorage: 'protected' },
      probe,
    );
    expect(probes).toBe(1);
  });
});

describe('where the command line keeps tokens', () => {
  const cli = (tokenStorage: VaultFacts['tokenStorage'], file: VaultFacts['file'] = 'offered'): VaultFacts => ({
    platform: 'linux',
    tokenStorage,
    file,
  });
  const keyring = (answer: boolean) => () => answer;

  it('keeps them in the OS keyring by default, and nowhere when there is none', () => {
    expect(chooseVault(cli('protected'), keyring(true))).toEqual({ kind: 'keyring' });
    expect(chooseVault(cli('protected'), keyring(false))).toEqual({ kind: 'none', why: 'no_keyring' });
  });

  it('uses the 0600 file when the user asks, without looking for a keyring', () => {
    expect(
      chooseVault(cli('protected', 'requested'), () => {
        throw new Error('the keyring was asked');
      }),
    ).toEqual({ kind: 'file', weak: true, why: 'requested' });
  });

  it('falls back to the file by itself only where the admin allows unprotected storage', () => {
    expect(chooseVault(cli('allow-unprotected'), keyring(false))).toEqual({ kind: 'file', weak: true, why: 'allowed' });
    expect(chooseVault(cli('allow-unprotected'), keyring(true))).toEqual({ kind: 'keyring' });
  });

  it('keeps nothing when the admin wants sign-ins in memory only', () => {
    expect(chooseVault(cli('session-only'), keyring(true))).toEqual({ kind: 'none', why: 'session_only_policy' });
  });
});
