/**
 * The keyring both front ends use is the Secret Service, never the kernel keyring that forgets
 * everything at reboot: with no Secret Service reachable, the probe fails, no vault is chosen,
 * and the window starts with the "no keyring" notice. Run in a child process whose D-Bus address
 * leads nowhere, so nothing this machine has can answer in its place.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { keyringAvailability } from '../../support/test-cipher.ts';

const repoRoot = join(import.meta.dirname, '../../..');
const keyring = await keyringAvailability();

/** Probes the pinned entry, lets the one vault rule choose, and sets up the window's flow with the result. */
const script = `
import { keyringEntryName } from './src/core/vault/keyring-names.ts';
import { systemKeyringEntry } from './src/core/vault/system-keyring.ts';
import { chooseVaultProbing } from './src/core/vault/vault-choice.ts';
import { openVault } from './src/core/vault/open-vault.ts';
import { processOnlyRefreshLock } from './src/core/vault/refresh-lock.ts';
import { probeKeyring } from './src/main/app-vault.ts';
import { setUpSignIn } from './src/main/sign-in-setup.ts';
const probe = await probeKeyring(() => systemKeyringEntry(keyringEntryName('app', 'probe')), 5000);
const facts = { platform: 'linux', tokenStorage: 'protected', encryption: { available: true, linuxBackend: 'basic_text' } };
const choice = await chooseVaultProbing(facts, () => Promise.resolve(probe));
const vault = choice.kind === 'none' ? { vault: openVault(choice, processOnlyRefreshLock, {}) } : {};
const config = { issuer: 'https://login.example.test', clientId: 'desktop', scope: 'openid' };
const setUp = await setUpSignIn({ choice: { kind: 'configured', config }, fetch: () => Promise.reject(new Error('offline')), ...vault });
const state = setUp.flow.getState();
await setUp.close();
console.log(JSON.stringify({ probe, choice, notice: state.status === 'idle' ? state.notice : state.status }));
`;

async function probeWith(env: NodeJS.ProcessEnv): Promise<{ probe: boolean; choice: unknown; notice: unknown }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: repoRoot,
    env,
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { probe: boolean; choice: unknown; notice: unknown };
}

describe.runIf(process.platform === 'linux')('the keyring on Linux', () => {
  it('is the Secret Service only: without one, the probe fails and the window says there is no keyring', async () => {
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/device-signin-no-bus' };
    const result = await probeWith(env);
    expect(result.probe).toBe(false);
    expect(result.choice).toEqual({ kind: 'none', why: 'no_keyring' });
    expect(result.notice).toMatchObject({ code: 'storage_unavailable', storage: 'no_keyring' });
  });

  it.skipIf(!keyring.available)('answers where a Secret Service runs, so the failure above is the missing service', async () => {
    const result = await probeWith(process.env);
    expect(result.probe).toBe(true);
    expect(result.choice).toEqual({ kind: 'keyring' });
  });
});
