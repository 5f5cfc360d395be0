/**
 * Several accounts side by side on the command line, against the demo provider with two users
 * approved by the phone (Chromium): listed, each one's own token for `--account` on every command
 * that takes it (the provider's introspection names whose), `switch`, `logout --account`,
 * `logout --all`, and an ACCOUNT that names none or several. The kept record's side is
 * accounts-kept.test.ts.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../support/built-cli.ts';
import { type CliTarget, environment, events, target, useCliFixture } from '../support/cli-fixture.ts';
import { introspect, isTokenActive } from '../support/introspect.ts';

const fixture = useCliFixture('accounts', { phone: 'chromium' });
const { phone, dataFolder, signIn } = fixture;
const fileStorage = ['--insecure-storage'];

/** Ann signed in first, then Ben, who is current: bearer tokens, so introspection reads them as they are. */
async function annAndBen(): Promise<{ op: CliTarget & Parameters<typeof introspect>[0]; home: string }> {
  const op = await phone.provider({ dpop: 'off', interval: 1 });
  const home = await dataFolder();
  await signIn(op, home, 'ann', fileStorage);
  await signIn(op, home, 'ben', fileStorage);
  return { op, home };
}

function cli(op: CliTarget, home: string, args: readonly string[]): Promise<CliResult> {
  return runCli(fixture.cli(), [...args, ...target(op), ...fileStorage], environment(home));
}

/** git-credential with git's request on stdin, as git runs its helper. */
function gitCredential(op: CliTarget, home: string, args: readonly string[]): Promise<string> {
  const child = spawn(process.execPath, [fixture.cli().script, 'git-credential', 'get', ...args, ...target(op), ...fileStorage], {
    env: environment(home),
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stdin.end('protocol=https\nhost=git.example.com\n\n');
  return new Promise((resolve) => {
    child.on('close', () => {
      resolve(stdout);
    });
  });
}

async function subOf(op: Parameters<typeof introspect>[0], token: string): Promise<unknown> {
  return (await introspect(op, token.trim())).sub;
}

describe('several accounts on the command line', () => {
  it('lists both, the current one first and marked, in words and as one JSON object', async () => {
    const { op, home } = await annAndBen();
    const json = await cli(op, home, ['accounts', '--json']);
    expect(json.status).toBe(0);
    const [listed, ...more] = events(json.stdout);
    expect(more).toEqual([]);
    const entry = { issuer: op.issuer, client_id: op.clientId, token_type: 'Bearer', expires_at: expect.any(String) as unknown };
    expect(listed).toEqual({
      type: 'accounts',
      accounts: [
        { ...entry, sub: 'ben', name: 'Ben', email: 'ben@example.test', current: true },
        { ...entry, sub: 'ann', name: 'Ann', email: 'ann@example.test', current: false },
      ],
    });
    const words = await cli(op, home, ['accounts']);
    expect(words.stdout).toContain(
      `Accounts signed in to ${op.issuer}:\n  Ben <ben@example.test> (ben) (current)\n  Ann <ann@example.test> (ann)\n`,
    );
    expect(words.stdout).toContain('`device-signin switch ACCOUNT`');
    expect((await cli(op, home, ['status'])).stdout).toContain('One more account is signed in: `device-signin accounts` lists it.');
  });

  it('acts as --account’s account on every command that takes it, and switch changes what plain token gives', async () => {
    const { op, home } = await annAndBen();
    expect(await subOf(op, (await cli(op, home, ['token'])).stdout)).toBe('ben');
    // The email in any case, or the sub.
    for (const account of ['ANN@Example.test', 'ann']) {
      const token = await cli(op, home, ['token', '--account', account]);
      expect(token.status, token.stderr).toBe(0);
      expect(await subOf(op, token.stdout)).toBe('ann');
    }
    const kubectl = await cli(op, home, ['token', '--format', 'exec-credential', '--account', 'ann@example.test']);
    expect(await subOf(op, (JSON.parse(kubectl.stdout) as { status: { token: string } }).status.token)).toBe('ann');
    const git = /^password=(.*)$/m.exec(await gitCredential(op, home, ['--host', 'git.example.com', '--account', 'ann']))?.[1];
    expect(await subOf(op, git ?? '')).toBe('ann');
    expect(events((await cli(op, home, ['status', '--json', '--account', 'ann'])).stdout)[0]).toMatchObject({
      signed_in: true,
      sub: 'ann',
    });
    const userinfo = await cli(op, home, ['fetch', `${op.issuer}/me`, '--account', 'ann']);
    expect(JSON.parse(userinfo.stdout)).toMatchObject({ sub: 'ann' });
    // None of that made Ann current.
    expect(await subOf(op, (await cli(op, home, ['token'])).stdout)).toBe('ben');

    const switched = await cli(op, home, ['switch', 'ann@example.test']);
    expect(switched).toMatchObject({ status: 0, stderr: '' });
    expect(switched.stdout).toBe(`Ann <ann@example.test> (ann) is now the current account for ${op.issuer}.\n`);
    expect(await subOf(op, (await cli(op, home, ['token'])).stdout)).toBe('ann');
    const back = events((await cli(op, home, ['switch', 'ben', '--json'])).stdout);
    expect(back).toEqual([expect.objectContaining({ type: 'switch', sub: 'ben', current: true })]);
    expect(await subOf(op, (await cli(op, home, ['token'])).stdout)).toBe('ben');
  });

  it('signs one account out with --account, revoking only its grant; logout --all signs out and revokes every one', async () => {
    const { op, home } = await annAndBen();
    const annToken = (await cli(op, home, ['token', '--account', 'ann'])).stdout.trim();
    const benToken = (await cli(op, home, ['token'])).stdout.trim();
    const annOut = await cli(op, home, ['logout', '--json', '--account', 'ann@example.test']);
    expect(events(annOut.stdout)).toEqual([
      { type: 'logout', signed_out: true, was_signed_in: true, sub: 'ann', name: 'Ann', email: 'ann@example.test', revocation: 'revoked' },
    ]);
    expect(await isTokenActive(op, annToken)).toBe(false);
    expect(await isTokenActive(op, benToken)).toBe(true);
    expect((await cli(op, home, ['token'])).stdout.trim()).toBe(benToken);
    expect((await cli(op, home, ['token', '--account', 'ann'])).status).toBe(2);

    await signIn(op, home, 'cal', fileStorage);
    const calToken = (await cli(op, home, ['token'])).stdout.trim();
    const all = await cli(op, home, ['logout', '--all', '--json']);
    expect(all.status).toBe(0);
    expect(events(all.stdout).map((event) => [event.sub, event.revocation])).toEqual([
      ['cal', 'revoked'],
      ['ben', 'revoked'],
    ]);
    expect(await isTokenActive(op, benToken)).toBe(false);
    expect(await isTokenActive(op, calToken)).toBe(false);
    expect(events((await cli(op, home, ['accounts', '--json'])).stdout)).toEqual([{ type: 'accounts', accounts: [] }]);
    expect((await cli(op, home, ['status'])).status).toBe(1);
  });

  it('signs the current account out with plain logout, and says which one is current now', async () => {
    const { op, home } = await annAndBen();
    const out = await cli(op, home, ['logout']);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(`Signed Ben <ben@example.test> (ben) out of ${op.issuer}`);
    expect(out.stdout).toContain('Ann <ann@example.test> (ann) is now the current account.');
    expect(await subOf(op, (await cli(op, home, ['token'])).stdout)).toBe('ann');
  });

  it('refuses an ACCOUNT naming none or several (exit status 2), listing the accounts, in the terminal’s language', async () => {
    const op = await phone.provider({ dpop: 'off', interval: 1 });
    const home = await dataFolder();
    await signIn(op, home, 'dan', fileStorage);
    // Her sub is his email.
    await signIn(op, home, 'dan@example.test', fileStorage);
    const listed = ['  Dan Example Test <dan@example.test@example.test> (dan@example.test) (current)', '  Dan <dan@example.test> (dan)'];
    const several = await cli(op, home, ['token', '--account', 'dan@example.test']);
    expect(several).toMatchObject({ status: 2, stdout: '' });
    expect(several.stderr).toBe(
      `device-signin: 'dan@example.test' names more than one account signed in to ${op.issuer}; ` +
        `give an email or sub that names only one of these:\n${listed.join('\n')}\n`,
    );
    for (const args of [
      ['status', '--account', 'nobody'],
      ['switch', 'nobody'],
      ['logout', '--account', 'nobody'],
    ]) {
      const none = await cli(op, home, args);
      expect(none.status, args.join(' ')).toBe(2);
      expect(none.stderr).toContain(
        `'nobody' names none of the accounts signed in to ${op.issuer}; give the email or sub of one of these:`,
      );
      expect(none.stderr).toContain(listed[1]);
    }
    const german = await cli(op, home, ['token', '--account', 'nobody', '--lang', 'de']);
    expect(german.status).toBe(2);
    expect(german.stderr).toContain(`'nobody' bezeichnet keines der bei ${op.issuer} angemeldeten Konten`);
    expect(german.stderr).toContain('  Dan <dan@example.test> (dan)');
    // Nothing was signed out or made current by any of it.
    expect(events((await cli(op, home, ['accounts', '--json'])).stdout)[0]?.accounts).toHaveLength(2);
  });
});
