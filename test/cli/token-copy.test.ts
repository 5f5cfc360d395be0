/**
 * `device-signin token` with a runtime folder, as a desktop login has (#29 item 8): the first run
 * reads the system keyring and leaves the token copy (src/core/vault/token-copy.ts); the next runs
 * hand the token out from the copy with no keyring read at all, until a write of the session
 * (a refresh, a sign-out) replaces or ends it. Real processes of the built CLI against the real
 * Secret Service of `npm test`'s D-Bus session; dbus-monitor counts the reads.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DPoPKey } from '../../src/core/protocol/dpop.ts';
import { runCli } from '../support/built-cli.ts';
import { type CliTarget, environment, target } from '../support/cli-fixture.ts';
import { keyringReadsFixture, ownTarget, putInKeyring, refreshingProvider, sessionFor, watchReads } from '../support/keyring-sessions.ts';

const { skipReason, cleanups, builtCli } = await keyringReadsFixture('token-copy.test.ts');

async function folder(prefix: string): Promise<string> {
  const made = await mkdtemp(join(tmpdir(), prefix));
  await chmod(made, 0o700);
  cleanups.push(() => rm(made, { recursive: true, force: true }));
  return made;
}

/** One desktop login: a data folder and the runtime folder logind would have made. */
async function login(): Promise<{ readonly runtime: string; run: (args: readonly string[], item: string) => Promise<Run> }> {
  const [home, runtime] = await Promise.all([folder('device-signin-copy-home-'), folder('device-signin-copy-runtime-')]);
  const env = environment(home, { XDG_RUNTIME_DIR: runtime });
  return {
    runtime,
    async run(args, item) {
      const watch = await watchReads(item, cleanups);
      const result = await runCli(builtCli(), args, env);
      return { ...result, reads: await watch.stop() };
    },
  };
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly reads: number;
}

const hour = 3_600_000;
const unreachable = 'http://127.0.0.1:9';
const token = (op: CliTarget): string[] => ['token', ...target(op)];

describe.skipIf(skipReason !== undefined)('`device-signin token` from the token copy', () => {
  it('reads the keyring on the first run only, for a bearer and a DPoP-bound session alike', async () => {
    const desktop = await login();
    for (const bound of [false, true]) {
      const op = ownTarget(unreachable);
      const key = bound ? await DPoPKey.generate('ES256', { client_id: op.clientId }) : undefined;
      const accessToken = bound ? 'bound-access-token' : 'bearer-access-token';
      const tokens = { accessToken, tokenType: bound ? 'DPoP' : 'Bearer', expiresAt: Date.now() + hour };
      const { item } = await putInKeyring(op, sessionFor(op, tokens, key), cleanups);
      const first = await desktop.run(token(op), item);
      const second = await desktop.run(token(op), item);
      expect(first).toMatchObject({ status: 0, stdout: `${accessToken}\n`, reads: 1 });
      expect(second).toMatchObject({ status: 0, stdout: `${accessToken}\n`, stderr: first.stderr, reads: 0 });
      // The bound token goes out from the copy with the same warning, its key's thumbprint checked.
      expect(second.stderr.includes('device-signin fetch')).toBe(bound);
    }
  });

  it('hands out the refreshed token once a refresh wrote the session, from the copy that write left', async () => {
    const desktop = await login();
    const op = ownTarget(await refreshingProvider(cleanups));
    const near = {
      accessToken: 'access-token-secret',
      tokenType: 'Bearer',
      refreshToken: 'refresh-token-secret',
      expiresAt: Date.now() + 30_000,
    };
    const { item } = await putInKeyring(op, sessionFor(op, near), cleanups);
    expect(await desktop.run(token(op), item)).toMatchObject({ status: 0, stdout: 'access-token-secret-2\n' });
    expect(await desktop.run(token(op), item)).toMatchObject({ status: 0, stdout: 'access-token-secret-2\n', reads: 0 });
  });

  it('hands out nothing after a sign-out from another shell, though the copy was fresh', async () => {
    const desktop = await login();
    const issuer = await refreshingProvider(cleanups);
    const op = ownTarget(issuer);
    const fresh = {
      accessToken: 'signed-out-token',
      tokenType: 'Bearer',
      refreshToken: 'refresh-token-secret',
      expiresAt: Date.now() + hour,
    };
    const { item } = await putInKeyring(op, sessionFor(op, fresh), cleanups);
    expect(await desktop.run(token(op), item)).toMatchObject({ status: 0, stdout: 'signed-out-token\n', reads: 1 });
    // Another shell of the same user, whose runtime folder the writer finds by the same rule.
    const shared = environment(await folder('device-signin-copy-home-'), { XDG_RUNTIME_DIR: desktop.runtime });
    expect(await runCli(builtCli(), ['logout', ...target(op)], shared)).toMatchObject({ status: 0 });
    const after = await desktop.run(token(op), item);
    expect(after.status).not.toBe(0);
    expect(after.stdout).not.toContain('signed-out-token');
  });
});
