/**
 * The command line keeps no log file, but its sign-in flow hands the same events to the system
 * log as the app's: checked on the flow `status`, `logout` and `token` create (createCliFlow),
 * over its real session file, with the writer replaced by a recorder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/cli/commands/command-context.ts';
import { createCliFlow } from '../../../src/cli/commands/context.ts';
import { openInvocationVault } from '../../../src/cli/vault.ts';
import { systemEventText } from '../../../src/core/system-log/system-events.ts';
import { type RefreshAnswer, scriptedProvider } from '../../support/scripted-provider.ts';
import { scriptedIssuer, storedSession } from '../../support/stored-session.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** One invocation over a kept session that expires `expiresInMs` from now, and the system log lines it wrote. */
async function invocation(options: { expiresInMs: number; refreshes?: readonly RefreshAnswer[]; systemLog?: boolean }) {
  const home = await mkdtemp(join(tmpdir(), 'device-signin-system-log-'));
  folders.push(home);
  const op = scriptedProvider({ clock: new VirtualClock(), refreshes: options.refreshes ?? [{ tokens: true }] });
  const config = { issuer: scriptedIssuer, clientId: 'demo-client', scope: 'openid' };
  const context = {
    home,
    env: {},
    settings: { config, tokenStorage: 'protected', resolved: { settings: { systemLog: options.systemLog ?? true } } },
    platform: process.platform,
    line: { insecureStorage: true },
    fetch: op.fetch,
    now: Date.now,
  } as unknown as CommandContext;
  const opened = openInvocationVault(context);
  if (!opened.usable) throw new Error('the session file did not open');
  await opened.keeper.change(() => Promise.resolve({ write: storedSession(Date.now(), options.expiresInMs), result: undefined }));
  const lines: string[] = [];
  const flow = createCliFlow(context, opened, { systemLog: (event) => lines.push(systemEventText(event)) });
  return { flow, lines };
}

describe('the command line’s sign-in events', () => {
  it('writes a sign-out with the kept account and what the provider did with its tokens', async () => {
    const { flow, lines } = await invocation({ expiresInMs: 3_600_000 });
    await flow.restore({ refresh: false });
    await flow.signOut();
    flow.dispose();
    expect(lines).toEqual(['device-signin event=102 signed_out issuer=op.example.test account=alice code=revoked']);
  });

  it('writes a kept session the provider ended when `token` refreshed it', async () => {
    const { flow, lines } = await invocation({ expiresInMs: -1_000, refreshes: [{ error: 'invalid_grant' }] });
    await flow.restore();
    flow.dispose();
    expect(lines).toEqual([
      'device-signin event=104 refresh_failed issuer=op.example.test account=alice code=session_ended',
      'device-signin event=103 session_ended issuer=op.example.test account=alice code=session_ended',
    ]);
  });

  it('writes nothing when the policy sets systemLog to false', async () => {
    const { flow, lines } = await invocation({ expiresInMs: -1_000, refreshes: [{ error: 'invalid_grant' }], systemLog: false });
    await flow.restore();
    await flow.signOut();
    flow.dispose();
    expect(lines).toEqual([]);
  });
});
