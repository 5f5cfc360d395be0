/**
 * Several accounts in the one kept record, as `device-signin` processes share it (accounts.test.ts
 * has the commands): two `token --account` runs refreshing two accounts at once, a record an
 * earlier version kept for one account, `login` while signed in, and a policy that keeps one
 * account at a time. The demo provider, its introspection, and Chromium as the phone.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionFilePath } from '../../src/cli/vault.ts';
import type { KeptRecord } from '../../src/core/vault/session-record.ts';
import type { SessionRecord } from '../../src/core/vault/session-record.ts';
import { type BuiltCli, type CliResult, copyCli, runCli, startCli } from '../support/built-cli.ts';
import { type CliTarget, environment, eventOfType, events, target, useCliFixture } from '../support/cli-fixture.ts';
import { introspect, isTokenActive } from '../support/introspect.ts';
import { approveOnPhone } from '../support/phone.ts';

const fixture = useCliFixture('accounts-kept', { phone: 'chromium' });
const { phone, dataFolder, signIn } = fixture;
const fileStorage = ['--insecure-storage'];

function cli(op: CliTarget, home: string, args: readonly string[], built: BuiltCli = fixture.cli()): Promise<CliResult> {
  return runCli(built, [...args, ...target(op), ...fileStorage], environment(home));
}

/** The session file an `--insecure-storage` sign-in wrote: the current account's record, the others beside it. */
function sessionFile(home: string, op: CliTarget) {
  const path = sessionFilePath(home, op);
  return {
    read: async () => JSON.parse(await readFile(path, 'utf8')) as KeptRecord,
    write: (record: KeptRecord) => writeFile(path, JSON.stringify(record), { mode: 0o600 }),
  };
}

/** Ten seconds from expiry: `token` refreshes it before handing it out. */
function nearExpiry(record: SessionRecord): SessionRecord {
  return { ...record, tokens: { ...record.tokens, issuedAt: Date.now() - 3_590_000, expiresAt: Date.now() + 10_000 } };
}

describe('several accounts in one kept record', () => {
  it('refreshes two accounts at once, each as itself, and keeps both', async () => {
    // Without DPoP oidc-provider rotates refresh tokens: a refresh token sent twice would end the grant.
    const op = await phone.provider({ dpop: 'off', interval: 1 });
    const home = await dataFolder();
    await signIn(op, home, 'ann', fileStorage);
    await signIn(op, home, 'ben', fileStorage);
    const file = sessionFile(home, op);
    const { others = [], ...ben } = await file.read();
    const [ann] = others;
    if (ann === undefined) throw new Error('Ann is not kept beside Ben');
    await file.write({ ...nearExpiry(ben), others: [nearExpiry(ann)] });

    const [annRun, benRun] = await Promise.all(
      ['ann', 'ben'].map(
        (account) => startCli(fixture.cli(), ['token', '--account', account, ...target(op), ...fileStorage], environment(home)).ended,
      ),
    );
    expect(annRun, annRun?.stderr).toMatchObject({ status: 0, stderr: '' });
    expect(benRun, benRun?.stderr).toMatchObject({ status: 0, stderr: '' });
    const annToken = annRun?.stdout.trim() ?? '';
    const benToken = benRun?.stdout.trim() ?? '';
    expect([annToken, benToken]).not.toContain(ann.tokens.accessToken);
    expect([annToken, benToken]).not.toContain(ben.tokens.accessToken);
    expect((await introspect(op, annToken)).sub).toBe('ann');
    expect((await introspect(op, benToken)).sub).toBe('ben');
    // Neither write lost the other's refresh, and Ben is still current.
    const kept = await file.read();
    expect(kept.profile.sub).toBe('ben');
    expect(kept.tokens.accessToken).toBe(benToken);
    expect(kept.others?.map((record) => [record.profile.sub, record.tokens.accessToken])).toEqual([['ann', annToken]]);
    expect(await isTokenActive(op, kept.others?.[0]?.tokens.refreshToken ?? '')).toBe(true);
    expect(await isTokenActive(op, kept.tokens.refreshToken ?? '')).toBe(true);
  });

  it('reads a record an earlier version kept for its one account as the first account, and adds the next beside it', async () => {
    const op = await phone.provider({ dpop: 'off', interval: 1 });
    const home = await dataFolder();
    await signIn(op, home, 'ann', fileStorage);
    const file = sessionFile(home, op);
    // Exactly the fields a version that knew one account wrote.
    const { version, issuer, clientId, profile, tokens, endpoints } = await file.read();
    await file.write({ version, issuer, clientId, profile, tokens, ...(endpoints === undefined ? {} : { endpoints }) });

    const listed = events((await cli(op, home, ['accounts', '--json'])).stdout)[0];
    expect(listed).toMatchObject({ accounts: [{ sub: 'ann', current: true }] });
    expect((await cli(op, home, ['token'])).stdout.trim()).toBe(tokens.accessToken);
    await signIn(op, home, 'ben', fileStorage);
    const both = events((await cli(op, home, ['accounts', '--json'])).stdout)[0];
    expect(both).toMatchObject({
      accounts: [
        { sub: 'ben', current: true },
        { sub: 'ann', current: false },
      ],
    });
    expect(await isTokenActive(op, tokens.accessToken)).toBe(true);
    expect((await cli(op, home, ['token', '--account', 'ann'])).stdout.trim()).toBe(tokens.accessToken);
  });

  it('says in one line who is signed in and that login adds an account, before any code', async () => {
    const op = await phone.provider({ dpop: 'off', interval: 1 });
    const home = await dataFolder();
    await signIn(op, home, 'ann', fileStorage);
    const login = startCli(fixture.cli(), ['login', '--no-open', ...target(op), ...fileStorage], environment(home));
    const line = await login.waitForLine((text) => (text.startsWith('Already signed in') ? text : undefined));
    login.child.kill('SIGINT');
    await login.ended;
    expect(line).toBe(
      'Already signed in as Ann <ann@example.test> (ann): this sign-in adds another account ' +
        '(signing in as an account already kept replaces its session).',
    );
    expect(login.stdout().split('\n')[0]).toBe(line);
  });

  it('with a policy of multipleAccounts false, replaces the signed-in account and ends its session', async () => {
    const managed = await copyCli(fixture.cli(), 'accounts-one-at-a-time');
    phone.afterTest(() => rm(managed.root, { recursive: true, force: true }));
    await writeFile(join(managed.root, 'resources/policy.json'), JSON.stringify({ multipleAccounts: false }));
    const op = await phone.provider({ dpop: 'off', interval: 1 });
    const home = await dataFolder();
    await signIn(op, home, 'ann', fileStorage);
    const first = await sessionFile(home, op).read();

    const login = startCli(managed, ['login', '--json', '--no-open', ...target(op), ...fileStorage], environment(home));
    const code = await login.waitForLine(eventOfType('code'));
    await approveOnPhone(phone.browser(), String(code.verification_uri_complete), { login: 'ben' });
    const result = await login.ended;
    expect(result.status, result.stderr).toBe(0);
    const said = events(result.stdout);
    expect(said[0]).toMatchObject({ type: 'already_signed_in', sub: 'ann' });
    expect(said).toContainEqual(expect.objectContaining({ type: 'replaced', sub: 'ann', revocation: 'revoked' }));
    expect(await isTokenActive(op, first.tokens.accessToken)).toBe(false);
    expect(await isTokenActive(op, first.tokens.refreshToken ?? '')).toBe(false);
    const listed = events((await cli(op, home, ['accounts', '--json'], managed)).stdout)[0];
    expect(listed).toMatchObject({ accounts: [{ sub: 'ben', current: true }] });
    expect((listed?.accounts as unknown[]).length).toBe(1);
  });
});
