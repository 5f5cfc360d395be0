/**
 * A running app follows its policy without a restart: main's sign-in, opened from a real policy
 * file against the real demo provider (oidc-provider on 127.0.0.1), re-reads the file when the
 * window is shown and before each sign-in. When the file moves sign-in to another issuer, the
 * session for the old one is signed out and revoked there, and the window is told why.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLog } from '../../src/core/log.ts';
import { readPolicyFileIfPresent } from '../../src/core/policy/policy.ts';
import { keysLockedWithIssuer } from '../../src/core/policy/settings-resolution.ts';
import { createMemoryVault } from '../support/memory-vault.ts';
import type { TokenVault } from '../../src/core/vault/session-record.ts';
import type { ProxiedProvider } from '../support/provider-proxy.ts';
import { openLogoFile, windowEnvironment } from '../../src/main/branding.ts';
import { type FollowedSignIn, followPolicy } from '../../src/main/policy-follower.ts';
import { loadAppSettings } from '../../src/main/provider-config.ts';
import { setUpSignIn } from '../../src/main/sign-in-setup.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';
import { awaitingUser, nextState } from '../support/flow-states.ts';
import { isTokenActive } from '../support/introspect.ts';
import { openedVault } from '../support/opened-vault.ts';
import { approveByForms } from '../support/form-phone.ts';
import { usePhoneFixture } from '../support/phone-fixture.ts';

const phone = usePhoneFixture();

/** The app's sign-in as main opens it, from the policy file at `path`, keeping sessions in one store as the app does. */
async function appSignIn(path: string, vault: TokenVault): Promise<{ followed: FollowedSignIn; environmentChanges: () => number }> {
  let changes = 0;
  const followed = await followPolicy({
    load: () => loadAppSettings({ env: {}, systemPolicyPath: path, bundledPolicyPath: undefined, read: readPolicyFileIfPresent }),
    open: (settings) => setUpSignIn({ choice: settings.choice, fetch: globalThis.fetch, vault: openedVault(vault) }),
    describe: (settings, setup) => windowEnvironment(settings, setup, openLogoFile),
    onEnvironmentChanged: () => {
      changes += 1;
    },
    log: silentLog,
  });
  phone.afterTest(() => followed.close());
  return { followed, environmentChanges: () => changes };
}

async function policyFile(document: object): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'device-signin-policy-')), 'policy.json');
  await writeFile(path, JSON.stringify(document));
  return path;
}

const policyFor = (op: ProxiedProvider, extra: object = {}) => ({
  issuer: op.issuer,
  clientId: op.clientId,
  locked: ['issuer', 'clientId'],
  ...extra,
});
const signedIn = (state: FlowState): state is Extract<FlowState, { status: 'signed_in' }> => state.status === 'signed_in';

async function signIn(followed: FollowedSignIn, login: string): Promise<void> {
  const done = followed.flow.start();
  const code = await nextState(followed.flow, awaitingUser);
  await approveByForms(code.verificationUriComplete ?? '', { login });
  await done;
  await nextState(followed.flow, signedIn);
}

describe('a running app and a changed policy', () => {
  it('picks up a changed policy file when the window is shown, keeping the session when sign-in stays where it was', async () => {
    const op = await phone.provider({ interval: 1 });
    const path = await policyFile(policyFor(op));
    const { followed, environmentChanges } = await appSignIn(path, createMemoryVault());
    await signIn(followed, 'alice');
    expect(followed.environment()).toMatchObject({ issuer: op.issuer, managedBy: { issuer: 'policy-file', clientId: 'policy-file' } });

    await writeFile(
      path,
      JSON.stringify(policyFor(op, { branding: { organizationName: 'Example Corp' }, locked: ['issuer', 'clientId', 'branding'] })),
    );
    await followed.refresh();
    // The issuer's endpoints, CA file and proxy are locked with it (issue 29).
    expect(followed.environment()).toMatchObject({
      issuer: op.issuer,
      branding: { organizationName: 'Example Corp' },
      managed: ['issuer', 'clientId', ...keysLockedWithIssuer, 'branding'],
    });
    expect(environmentChanges()).toBe(1);
    expect(followed.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'alice' } });
  });

  it('signs out and revokes the session for the old issuer when the policy moves to another, and says why', async () => {
    const [before, after] = [await phone.provider({ interval: 1 }), await phone.provider({ interval: 1 })];
    const path = await policyFile(policyFor(before));
    const vault = createMemoryVault();
    const { followed } = await appSignIn(path, vault);
    await signIn(followed, 'bob');
    const oldTokens = (await vault.load())?.tokens;
    expect(await isTokenActive(before, oldTokens?.refreshToken ?? '')).toBe(true);

    await writeFile(path, JSON.stringify(policyFor(after)));
    await followed.refresh();
    expect(followed.flow.getState()).toEqual({
      status: 'idle',
      notice: expect.objectContaining({ code: 'policy_changed', previousIssuer: before.issuer }) as unknown,
    });
    expect(followed.environment().issuer).toBe(after.issuer);
    expect(await vault.load()).toBeUndefined();
    expect(await isTokenActive(before, oldTokens?.refreshToken ?? '')).toBe(false);
    expect(await isTokenActive(before, oldTokens?.accessToken ?? '')).toBe(false);

    // The next sign-in is at the new issuer, and the notice has served its purpose.
    await signIn(followed, 'bob');
    expect(followed.flow.getState()).toMatchObject({ status: 'signed_in', profile: { issuer: after.issuer } });
  });

  it('re-reads the policy before a sign-in starts, so the code comes from the issuer the policy names now', async () => {
    const [before, after] = [await phone.provider({ interval: 1 }), await phone.provider({ interval: 1 })];
    const path = await policyFile(policyFor(before));
    const { followed } = await appSignIn(path, createMemoryVault());
    await writeFile(path, JSON.stringify(policyFor(after)));
    const started = followed.flow.start();
    const code = await nextState(followed.flow, awaitingUser);
    expect(new URL(code.verificationUri).origin).toBe(new URL(after.issuer).origin);
    followed.flow.cancel();
    await started;
    // Nobody was signed in at the old issuer: there is nothing to say about a session.
    expect(followed.flow.getState()).toEqual({ status: 'idle' });
  });
});
