import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncEntry } from '@napi-rs/keyring';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { createSignInFlow, type SignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import type { Fetch } from '../../src/core/protocol/http.ts';
import type { TokenVault } from '../../src/core/vault/session-record.ts';
import { createEncryptedStoreVault } from '../../src/core/vault/encrypted-store-vault.ts';
import { createKeyringVault } from '../../src/core/vault/keyring-vault.ts';
import { defaultScope } from '../../src/core/config.ts';
import type { ProxiedProvider } from '../support/provider-proxy.ts';
import { everyFileText } from '../support/files.ts';
import { awaitingUser, nextState } from '../support/flow-states.ts';
import { isTokenActive } from '../support/introspect.ts';
import { approveByForms } from '../support/form-phone.ts';
import { usePhoneFixture } from '../support/phone-fixture.ts';
import { keyringAvailability, testCipher } from '../support/test-cipher.ts';

const phone = usePhoneFixture();
const keyring = await keyringAvailability();

/** A data folder of the test's own with the app's encrypted vault in it, as under the user-data folder. */
async function encryptedDataFolder(): Promise<{ folder: string; vault: TokenVault }> {
  const folder = await mkdtemp(join(tmpdir(), 'device-signin-data-'));
  return {
    folder,
    vault: createEncryptedStoreVault({ cipher: testCipher(), store: new Conf({ cwd: folder, projectName: 'device-signin' }) }),
  };
}

/** Node's fetch, counting refresh grants: what the provider would see in its logs. */
function countingFetch(): { fetch: Fetch; refreshes: () => number } {
  let refreshes = 0;
  const fetch: Fetch = (url, init) => {
    if (typeof init.body === 'string' && new URLSearchParams(init.body).get('grant_type') === 'refresh_token') refreshes += 1;
    if (init.body instanceof URLSearchParams && init.body.get('grant_type') === 'refresh_token') refreshes += 1;
    return globalThis.fetch(url, init);
  };
  return { fetch, refreshes: () => refreshes };
}

function flowFor(op: ProxiedProvider, vault: TokenVault, fetch: Fetch = globalThis.fetch): SignInFlow {
  const flow = createSignInFlow({
    config: { issuer: op.issuer, clientId: op.clientId, scope: defaultScope },
    fetch,
    vault,
    proactiveRefresh: false,
  });
  phone.afterTest(() => {
    flow.dispose();
    return Promise.resolve();
  });
  return flow;
}

async function signIn(flow: SignInFlow, login = 'alice'): Promise<void> {
  const done = flow.start();
  const code = await nextState(flow, awaitingUser);
  await approveByForms(code.verificationUriComplete ?? '', { login });
  await done;
  expect(flow.getState().status).toBe('signed_in');
}

describe('a session that lasts, against the real provider', () => {
  it('leaves no token in plain text under the data folder after sign-in', async () => {
    const op = await phone.provider({ interval: 1 });
    const { folder, vault } = await encryptedDataFolder();
    const flow = flowFor(op, vault);
    await signIn(flow);
    const tokens = flow.getSession()?.tokens;
    const onDisk = await everyFileText(folder);
    expect(onDisk.length).toBeGreaterThan(100);
    for (const secret of [tokens?.accessToken, tokens?.refreshToken, tokens?.idToken]) {
      expect(secret).toEqual(expect.any(String));
      expect(onDisk).not.toContain(secret);
    }
    // And a second run of the app opens signed in from what was stored.
    const reopened = flowFor(op, vault);
    await reopened.restore();
    expect(reopened.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'alice' }, persistence: 'stored' });
  });

  it('refreshes 2-second access tokens, one request for 100 concurrent callers, and stores the rotated refresh token', async () => {
    // Without DPoP: oidc-provider rotates a public client's refresh token only when it is not sender-constrained.
    const op = await phone.provider({ interval: 1, accessTokenTtl: 2, dpop: 'off' });
    const { vault } = await encryptedDataFolder();
    const counting = countingFetch();
    const flow = flowFor(op, vault, counting.fetch);
    await signIn(flow);
    const first = flow.getSession()?.tokens;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const tokens = await Promise.all(Array.from({ length: 100 }, () => flow.getAccessToken()));
    expect(counting.refreshes()).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(first?.accessToken);
    expect(await isTokenActive(op, tokens[0] ?? '')).toBe(true);
    const stored = await vault.load();
    expect(stored?.tokens.accessToken).toBe(tokens[0]);
    expect(stored?.tokens.refreshToken).not.toBe(first?.refreshToken); // oidc-provider rotates for public clients
  });

  it('revokes at sign-out: the provider then reports both tokens inactive', async () => {
    const op = await phone.provider({ interval: 1 });
    const { vault } = await encryptedDataFolder();
    const flow = flowFor(op, vault);
    await signIn(flow);
    const tokens = flow.getSession()?.tokens;
    expect(await isTokenActive(op, tokens?.refreshToken ?? '')).toBe(true);
    expect(await isTokenActive(op, tokens?.accessToken ?? '')).toBe(true);
    await flow.signOut();
    expect(flow.getState()).toEqual({ status: 'idle' });
    expect(await isTokenActive(op, tokens?.refreshToken ?? '')).toBe(false);
    expect(await isTokenActive(op, tokens?.accessToken ?? '')).toBe(false);
    expect(await vault.load()).toBeUndefined();
  });

  it.skipIf(!keyring.available)('keeps the session in the real Secret Service and restores it', async () => {
    const op = await phone.provider({ interval: 1 });
    const entry = new AsyncEntry('device-signin-test', `session-${process.pid}`);
    phone.afterTest(() => entry.deletePassword().catch(() => false));
    const vault = createKeyringVault({ entry, clock: systemClock });
    await signIn(flowFor(op, vault), 'hw-erin');
    const reopened = flowFor(op, vault);
    await reopened.restore();
    expect(reopened.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'hw-erin', hardware_verified: true } });
    expect(await entry.getPassword()).toContain('hw-erin');
  });
});
