/**
 * The app's system log as main wires it (src/main/index.ts): main's own policy loader, follower
 * and sign-in setup over a memory vault holding Alice's session, the policy a file's text that an
 * admin changes while the app runs, and the platform's logger replaced by a recorder of its calls.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createRedactingLog } from '../../../src/core/log.ts';
import { createAppSystemEvents } from '../../../src/core/system-log/app-system-events.ts';
import type { SpawnTool } from '../../../src/core/system-log/system-log-writer.ts';
import { windowEnvironment } from '../../../src/main/branding.ts';
import { followPolicy } from '../../../src/main/policy-follower.ts';
import { loadAppSettings } from '../../../src/main/provider-config.ts';
import { setUpSignIn } from '../../../src/main/sign-in-setup.ts';
import type { FlowState } from '../../../src/shared/flow-state.ts';
import { nextState } from '../../support/flow-states.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import { openedVault } from '../../support/opened-vault.ts';
import { scriptedIssuer, storedSession } from '../../support/stored-session.ts';

const noNetwork = (): Promise<Response> => Promise.reject(new Error('no network in this test'));
const signedIn = (state: FlowState): state is Extract<FlowState, { status: 'signed_in' }> => state.status === 'signed_in';

/** The logger's line from each call (its last argument), the call itself run as `true`. */
function recorder(): { spawn: SpawnTool; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    spawn: (_command, args, options) => {
      lines.push(args.at(-1) ?? '');
      return spawn('true', [], options);
    },
  };
}

describe('the app’s sign-in events as main wires them', () => {
  it('writes a policy that turns invalid once, its repair, a move to another issuer, and nothing once systemLog is off', async () => {
    const logger = recorder();
    const support: string[] = [];
    const events = createAppSystemEvents(
      createRedactingLog((line) => support.push(line)),
      'linux',
      { spawn: logger.spawn },
    );
    let policy: object = { issuer: scriptedIssuer, clientId: 'demo-client' };
    const vault = createMemoryVault();
    await vault.save(storedSession(Date.now(), 3_600_000));
    const followed = await followPolicy({
      load: async () =>
        events.loaded(
          await loadAppSettings({
            env: {},
            systemPolicyPath: '/etc/device-signin/policy.json',
            bundledPolicyPath: undefined,
            read: () => Promise.resolve(JSON.stringify(policy)),
          }),
        ),
      open: (settings) => setUpSignIn({ choice: settings.choice, fetch: noNetwork, vault: openedVault(vault), log: events.log }),
      describe: (settings, setup) => windowEnvironment(settings, setup, () => Promise.reject(new Error('no logo in this test'))),
      log: events.log,
    });
    events.follow(followed);
    try {
      await nextState(followed.flow, signedIn);
      policy = { issuer: 'http://op.example.test', clientId: 'demo-client' };
      await followed.refresh();
      await followed.refresh();
      policy = { issuer: scriptedIssuer, clientId: 'demo-client' };
      await followed.refresh();
      await nextState(followed.flow, signedIn);
      policy = { issuer: 'https://login.example.com', clientId: 'demo-client' };
      await followed.refresh();
      expect(logger.lines).toEqual([
        // Read twice, written once; the sign-in stops (a change), and the session stays kept.
        'device-signin event=110 policy_invalid issuer=op.example.test account=alice code=invalid_config',
        'device-signin event=111 policy_changed issuer=op.example.test account=alice code=settings_changed',
        // The repair, written under the settings it leaves: the invalid policy named no issuer.
        'device-signin event=111 policy_changed issuer=- account=alice code=settings_changed',
        'device-signin event=111 policy_changed issuer=op.example.test account=alice code=sign_in_moved',
        // The old provider could not be reached to revoke: the outcome says so, under the old issuer.
        'device-signin event=102 signed_out issuer=op.example.test account=alice code=unreachable',
      ]);
      // The support log has the invalid policy's message, which names the key; the system log only its code.
      expect(support.some((line) => line.includes('"event":"policy.invalid"') && line.includes('must use https'))).toBe(true);

      policy = { issuer: 'https://login.example.com', clientId: 'demo-client', systemLog: false };
      await followed.refresh();
      const before = logger.lines.length;
      events.log.warn('refresh.failed', { code: 'network', message: 'offline' });
      await followed.flow.signOut();
      expect(logger.lines).toHaveLength(before);
    } finally {
      await followed.close();
    }
  });

  it('writes nothing for the embedded demo provider', () => {
    const logger = recorder();
    const events = createAppSystemEvents(
      createRedactingLog(() => undefined),
      'linux',
      { spawn: logger.spawn },
    );
    events.loaded({ choice: { kind: 'demo' }, resolved: undefined });
    events.log.info('signed_in', { issuer: 'http://127.0.0.1:3000', sub: 'alice' });
    expect(logger.lines).toEqual([]);
  });

  it('notes in the support log, once, that the system log could not be written', async () => {
    const support: string[] = [];
    const events = createAppSystemEvents(
      createRedactingLog((line) => support.push(line)),
      'linux',
      {
        spawn: (_command, _args, options) => spawn('false', [], options),
      },
    );
    events.loaded({ choice: { kind: 'configured', config: { issuer: 'https://login.example.com' } }, resolved: undefined });
    events.log.info('signed_in', { issuer: 'https://login.example.com', sub: 'alice' });
    events.log.info('signed_out', { revocation: 'revoked' });
    const failures = () => support.filter((line) => line.includes('"event":"system_log.failed"'));
    await expect.poll(failures).toHaveLength(1);
    expect(failures()[0]).toContain('/usr/bin/logger ended with exit status 1');
  });
});
