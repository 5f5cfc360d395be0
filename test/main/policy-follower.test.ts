/**
 * What a running app does with a policy that goes wrong while it runs: an admin's typo must not
 * sign everybody out. The sign-in is main's own (setUpSignIn over a memory vault holding a saved
 * session), the policy a file's text read through the loader's reader hook.
 */
import { describe, expect, it } from 'vitest';
import { silentLog } from '../../src/core/log.ts';
import { createMemoryVault } from '../support/memory-vault.ts';
import { windowEnvironment } from '../../src/main/branding.ts';
import { followPolicy } from '../../src/main/policy-follower.ts';
import { loadAppSettings } from '../../src/main/provider-config.ts';
import { setUpSignIn } from '../../src/main/sign-in-setup.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';
import { nextState } from '../support/flow-states.ts';
import { openedVault } from '../support/opened-vault.ts';
import { scriptedIssuer, storedSession } from '../support/stored-session.ts';

const noNetwork = (): Promise<Response> => Promise.reject(new Error('no network in this test'));
const signedIn = (state: FlowState): state is Extract<FlowState, { status: 'signed_in' }> => state.status === 'signed_in';

describe('a policy that turns invalid while the app runs', () => {
  it('stops sign-in with its message but keeps the saved session, which is back once the policy is fixed', async () => {
    let policy = JSON.stringify({ issuer: scriptedIssuer, clientId: 'demo-client' });
    const vault = createMemoryVault();
    await vault.save(storedSession(Date.now(), 3_600_000));
    const followed = await followPolicy({
      load: () =>
        loadAppSettings({
          env: {},
          systemPolicyPath: '/etc/device-signin/policy.json',
          bundledPolicyPath: undefined,
          read: () => Promise.resolve(policy),
        }),
      open: (settings) => setUpSignIn({ choice: settings.choice, fetch: noNetwork, vault: openedVault(vault) }),
      describe: (settings, setup) => windowEnvironment(settings, setup, () => Promise.reject(new Error('no logo in this test'))),
      log: silentLog,
    });
    try {
      await nextState(followed.flow, signedIn);

      policy = JSON.stringify({ issuer: 'http://op.example.test', clientId: 'demo-client' });
      await followed.refresh();
      expect(followed.flow.getState()).toMatchObject({
        status: 'error',
        code: 'invalid_config',
        message: expect.stringContaining('"issuer" must use https') as unknown,
      });
      expect((await vault.load())?.profile.sub).toBe('alice');

      policy = JSON.stringify({ issuer: scriptedIssuer, clientId: 'demo-client' });
      await followed.refresh();
      expect(await nextState(followed.flow, signedIn)).toMatchObject({ profile: { sub: 'alice' } });
    } finally {
      await followed.close();
    }
  });
});
