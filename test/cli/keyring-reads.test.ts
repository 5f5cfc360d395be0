/**
 * How often one `device-signin token` process reads the system keyring (#29, "read once"): every
 * read is a D-Bus round trip to the Secret Service, and tools run `token` before every request.
 * The built CLI runs against the real Secret Service of `npm test`'s D-Bus session, and
 * dbus-monitor counts the secrets it asks for: each `GetSecret` on the session's item (or a
 * `GetSecrets` that names it) is one read. The sessions are put in the keyring directly, as the
 * CLI keeps them, so no sign-in is needed; the core's side is test/core/vault/session-record.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DPoPKey } from '../../src/core/protocol/dpop.ts';
import { runCli } from '../support/built-cli.ts';
import { type CliTarget, environment, target } from '../support/cli-fixture.ts';
import { keyringReadsFixture, ownTarget, putInKeyring, refreshingProvider, sessionFor, watchReads } from '../support/keyring-sessions.ts';

const { skipReason, cleanups, builtCli } = await keyringReadsFixture('keyring-reads.test.ts');

async function dataFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'device-signin-reads-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

/** Runs `device-signin token` for `op` with the session in the keyring, and counts the keyring reads it made. */
async function tokenRun(op: CliTarget, item: string): Promise<{ reads: number; status: number | null; stdout: string; stderr: string }> {
  const home = await dataFolder();
  const watch = await watchReads(item, cleanups);
  const result = await runCli(builtCli(), ['token', ...target(op)], environment(home));
  return { ...result, reads: await watch.stop() };
}

const hour = 3_600_000;
// Nothing listens here: a fresh session needs no server, and a request would fail the run.
const unreachable = 'http://127.0.0.1:9';

describe.skipIf(skipReason !== undefined)('how often one `device-signin token` reads the system keyring', () => {
  it('reads a fresh bearer session once, and hands its token out from that read', async () => {
    const op = ownTarget(unreachable);
    const { item } = await putInKeyring(
      op,
      sessionFor(op, { accessToken: 'bearer-access-token', tokenType: 'Bearer', expiresAt: Date.now() + hour }),
      cleanups,
    );
    const run = await tokenRun(op, item);
    expect(run).toMatchObject({ status: 0, stdout: 'bearer-access-token\n', stderr: '' });
    expect(run.reads).toBe(1);
  });

  it('reads a fresh DPoP-bound session once: the quick path declines it, then the full command restores it and its key', async () => {
    const op = ownTarget(unreachable);
    const key = await DPoPKey.generate('ES256', { client_id: op.clientId });
    const { item } = await putInKeyring(
      op,
      sessionFor(op, { accessToken: 'bound-access-token', tokenType: 'DPoP', expiresAt: Date.now() + hour }, key),
      cleanups,
    );
    const run = await tokenRun(op, item);
    expect(run).toMatchObject({ status: 0, stdout: 'bound-access-token\n' });
    // The key was restored (the warning is for a bound token), so the record was read whole.
    expect(run.stderr).toContain('device-signin fetch');
    expect(run.reads).toBe(1);
  });

  it('reads a session near expiry twice, the second time under the lock before refreshing, in case another process did', async () => {
    const issuer = await refreshingProvider(cleanups);
    const op = ownTarget(issuer);
    const { item, stored } = await putInKeyring(
      op,
      // Inside the one-minute freshness margin: handed out only after a refresh.
      sessionFor(op, {
        accessToken: 'access-token-secret',
        tokenType: 'Bearer',
        refreshToken: 'refresh-token-secret',
        expiresAt: Date.now() + 30_000,
      }),
      cleanups,
    );
    const run = await tokenRun(op, item);
    expect(run).toMatchObject({ status: 0, stdout: 'access-token-secret-2\n', stderr: '' });
    expect((await stored()).tokens).toMatchObject({ accessToken: 'access-token-secret-2', refreshToken: 'refresh-token-secret-2' });
    expect(run.reads).toBe(2);
  });
});
