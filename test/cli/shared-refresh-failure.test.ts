/**
 * Two `device-signin` runs one after the other, as a build calls `token` again right after the
 * first call failed: a refresh that failed moments ago is not sent again with the same refresh
 * token by the next process (a second try can look like reuse to a provider that rotates them,
 * RFC 9700 §4.14.2). The lock file beside the session remembers the failure for every run.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/cli/commands/command-context.ts';
import { createCliFlow } from '../../src/cli/commands/context.ts';
import { openInvocationVault } from '../../src/cli/vault.ts';
import { scriptedIssuer, storedSession } from '../support/stored-session.ts';
import { scriptedProvider } from '../support/scripted-provider.ts';
import { VirtualClock } from '../support/virtual-clock.ts';

describe('a refresh that failed in another run', () => {
  it('is not sent again with the same token by the next run', async () => {
    const home = await mkdtemp(join(tmpdir(), 'device-signin-refresh-failed-'));
    const op = scriptedProvider({ clock: new VirtualClock(), refreshes: [{ status: 503, text: 'busy' }] });
    const config = { issuer: scriptedIssuer, clientId: 'demo-client', scope: 'openid' };
    /** One invocation's context: what createCliFlow and openInvocationVault read of it. */
    const invocation = () =>
      ({
        home,
        env: {},
        settings: { config, tokenStorage: 'protected', resolved: { settings: { multipleAccounts: true } } },
        platform: process.platform,
        line: { insecureStorage: true },
        fetch: op.fetch,
        now: Date.now,
      }) as unknown as CommandContext;
    const first = openInvocationVault(invocation());
    if (!first.usable) throw new Error('the session file did not open');
    await first.keeper.change(() => Promise.resolve({ write: storedSession(Date.now(), -1_000), result: undefined }));

    for (let run = 0; run < 2; run += 1) {
      const context = invocation();
      const opened = openInvocationVault(context);
      if (!opened.usable) throw new Error('the session file did not open');
      const flow = createCliFlow(context, opened);
      await flow.restore();
      flow.dispose();
    }
    expect(op.requests.filter((request) => request.body.get('grant_type') === 'refresh_token')).toHaveLength(1);
  });
});
