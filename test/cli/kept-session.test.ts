/**
 * The kept session as several `device-signin` processes share it, the way kubectl, git and a
 * person at the terminal do at once: real processes, the real lock file, the demo provider (behind
 * a proxy where a test must hold or watch an answer), Chromium as the phone.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { sessionFilePath } from '../../src/cli/vault.ts';
import type { SessionRecord } from '../../src/core/vault/session-record.ts';
import { runCli, startCli } from '../support/built-cli.ts';
import { environment, events, target, useCliFixture } from '../support/cli-fixture.ts';
import { isTokenActive } from '../support/introspect.ts';
import { startProviderBehindProxy } from '../support/provider-proxy.ts';

const fixture = useCliFixture('kept-session');
const { phone, dataFolder, signIn } = fixture;
const fileStorage = ['--insecure-storage'];

/** The session file a `--insecure-storage` sign-in wrote, to read or to change as a test needs. */
function sessionFile(home: string, op: { readonly issuer: string; readonly clientId: string }) {
  const path = sessionFilePath(home, { issuer: op.issuer, clientId: op.clientId });
  return {
    read: async () => JSON.parse(await readFile(path, 'utf8')) as SessionRecord,
    write: (record: SessionRecord) => writeFile(path, JSON.stringify(record), { mode: 0o600 }),
  };
}

describe('a kept session shared by processes', () => {
  it('stays signed out when logout runs while token is refreshing, and the tokens that refresh got are revoked', async () => {
    let refreshSent: () => void = () => undefined;
    const sent = new Promise<void>((resolve) => {
      refreshSent = resolve;
    });
    const late: { access?: string | undefined; refresh?: string | undefined } = {};
    const op = await startProviderBehindProxy(
      async (exchange) => {
        if (exchange.route === 'token' && exchange.body.toString().includes('grant_type=refresh_token')) {
          refreshSent();
          const answer = await exchange.forward();
          const body = JSON.parse(answer.body.toString()) as { access_token?: string; refresh_token?: string };
          late.access = body.access_token;
          late.refresh = body.refresh_token;
          // The provider's answer is slow: logout starts meanwhile.
          await new Promise((resolve) => setTimeout(resolve, 3_000));
          exchange.reply(answer);
          return;
        }
        exchange.reply(await exchange.forward());
      },
      // Without DPoP, oidc-provider rotates refresh tokens.
      { dpop: 'off' },
    );
    phone.afterTest(() => op.close());
    const home = await dataFolder();
    await signIn(op, home, 'dora', fileStorage);
    // Close to its expiry, so that `token` refreshes it.
    const file = sessionFile(home, op);
    const kept = await file.read();
    await file.write({ ...kept, tokens: { ...kept.tokens, issuedAt: Date.now() - 3_590_000, expiresAt: Date.now() + 10_000 } });

    const token = startCli(fixture.cli(), ['token', ...target(op), ...fileStorage], environment(home));
    await sent;
    const logout = await runCli(fixture.cli(), ['logout', '--json', ...target(op), ...fileStorage], environment(home));
    const refreshed = await token.ended;
    expect(refreshed.status).toBe(0);
    expect(refreshed.stdout.trim()).toBe(late.access);
    expect(events(logout.stdout).at(-1)).toMatchObject({ type: 'logout', was_signed_in: true, revocation: 'revoked' });

    const status = await runCli(fixture.cli(), ['status', '--json', ...target(op), ...fileStorage], environment(home));
    expect(events(status.stdout)[0]).toMatchObject({ type: 'status', signed_in: false });
    expect(await isTokenActive(op, late.access ?? '')).toBe(false);
    expect(await isTokenActive(op, late.refresh ?? '')).toBe(false);
  });

  it('never hands out a DPoP-bound token whose key was lost, on the quick path or the full one', async () => {
    const op = await phone.provider({ interval: 1 });
    const home = await dataFolder();
    await signIn(op, home, 'erin', fileStorage);
    const file = sessionFile(home, op);
    const bound = await file.read();
    expect(bound.tokens.tokenType.toLowerCase()).toBe('dpop');
    const { dpop: _, ...keyLost } = bound;
    // Fresh (the quick path would answer), and near its expiry (only the full path would).
    for (const expiresAt of [Date.now() + 3_600_000, Date.now() + 10_000]) {
      for (const args of [['token'], ['token', '--format', 'exec-credential']]) {
        await file.write({ ...keyLost, tokens: { ...keyLost.tokens, expiresAt } });
        const result = await runCli(fixture.cli(), [...args, ...target(op), ...fileStorage], environment(home));
        expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(1);
        expect(result.stdout).not.toContain(bound.tokens.accessToken);
      }
    }
  });

  it('sends a kept session’s tokens to no token or revocation endpoint but the ones that issued it', async () => {
    const asked: string[] = [];
    const op = await startProviderBehindProxy(
      async (exchange) => {
        asked.push(exchange.path);
        exchange.reply(await exchange.forward());
      },
      { dpop: 'off' },
    );
    phone.afterTest(() => op.close());
    const elsewhere: string[] = [];
    const other = createServer((req, res) => {
      elsewhere.push(req.url ?? '');
      res.end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    phone.afterTest(() => new Promise((resolve) => other.close(resolve)));
    const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const home = await dataFolder();
    await signIn(op, home, 'fay', fileStorage);
    const file = sessionFile(home, op);
    const kept = await file.read();
    // Expired, so that `token` would have to refresh.
    await file.write({ ...kept, tokens: { ...kept.tokens, expiresAt: Date.now() - 1_000 } });

    const moved = [
      ['token', { DEVICE_SIGNIN_TOKEN_ENDPOINT: `${op.issuer}/moved/token` }],
      ['logout', { DEVICE_SIGNIN_REVOCATION_ENDPOINT: `${op.issuer}/moved/revoke` }],
    ] as const;
    for (const [command, variables] of moved) {
      const result = await runCli(fixture.cli(), [command, ...target(op), ...fileStorage], environment(home, variables));
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toContain('was issued by other endpoints');
      expect(result.stderr).toContain(command === 'token' ? kept.endpoints?.token : kept.endpoints?.revocation);
    }
    // On another origin the setting itself is refused (the 4790 server).
    const refused = await runCli(
      fixture.cli(),
      ['token', ...target(op), ...fileStorage],
      environment(home, { DEVICE_SIGNIN_TOKEN_ENDPOINT: `${otherOrigin}/token` }),
    );
    expect(refused.status).not.toBe(0);
    expect(asked.filter((path) => path.startsWith('/moved'))).toEqual([]);
    expect(elsewhere).toEqual([]);
    // With the settings it was made with, the session is all there.
    expect((await file.read()).tokens.refreshToken).toBe(kept.tokens.refreshToken);
  });
});

describe('login while signed in', () => {
  it('says who is signed in before the code; as that account again, ends its old grant once the new one is in', async () => {
    const op = await phone.provider({ dpop: 'off', interval: 1 });
    const home = await dataFolder();
    await signIn(op, home, 'gina', fileStorage);
    const first = await sessionFile(home, op).read();
    const again = await signIn(op, home, 'gina', fileStorage);
    expect(again[0]).toMatchObject({ type: 'already_signed_in', sub: 'gina' });
    expect(again).toContainEqual(expect.objectContaining({ type: 'replaced', sub: 'gina', revocation: 'revoked' }));
    expect(again.at(-1)).toMatchObject({ type: 'signed_in', sub: 'gina' });
    expect(await isTokenActive(op, first.tokens.accessToken)).toBe(false);
    expect(await isTokenActive(op, first.tokens.refreshToken ?? '')).toBe(false);
    // As another account: added beside the first, which stays signed in.
    const second = await sessionFile(home, op).read();
    const other = await signIn(op, home, 'hank', fileStorage);
    expect(other.map((event) => event.type)).not.toContain('replaced');
    expect(other.at(-1)).toMatchObject({ type: 'signed_in', sub: 'hank' });
    expect(await isTokenActive(op, second.tokens.accessToken)).toBe(true);
    // And in words, for a person.
    const human = await runCli(fixture.cli(), ['status', ...target(op), ...fileStorage], environment(home));
    expect(human.stdout).toContain('hank');
  });
});
