/**
 * The token for the tools that call `device-signin` before every request, against the demo
 * provider: kubectl's exec credential plugin (the ExecCredential shape documented at
 * https://kubernetes.io/docs/reference/access-authn-authz/authentication/#input-and-output-formats)
 * and git's credential helper, run by a real `git credential fill`/`reject` on a loopback host.
 * Neither ever starts a sign-in: not signed in, they fail at once in one line.
 */
import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/built-cli.ts';
import { environment, events, storedTokens, target, useCliFixture } from '../support/cli-fixture.ts';
import { isTokenActive } from '../support/introspect.ts';
import { keyringAvailability } from '../support/test-cipher.ts';

const keyring = await keyringAvailability();
const fixture = useCliFixture('cli-other-tools');
const { phone, dataFolder, keyringEntry, signIn } = fixture;
const gitAvailable = await promisify(execFile)('git', ['--version']).then(
  () => true,
  () => false,
);
const gitHost = '127.0.0.1:8443';

/** Runs git with a throwaway global config in `home`, the helper configured for gitHost only. */
async function git(
  home: string,
  env: Record<string, string>,
  args: readonly string[],
  input: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const helper = `!"${process.execPath}" "${fixture.cli().script}" git-credential --host ${gitHost}`;
  await writeFile(join(home, '.gitconfig'), `[credential "https://${gitHost}"]\n\thelper = ${helper.replace(/"/g, '\\"')}\n`);
  const child = spawn('git', args, { env: { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', HOME: home } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { status, stdout, stderr };
}

/** The password line of git's answer. */
function passwordFrom(result: { stdout: string }): string | undefined {
  return /^password=(.*)$/m.exec(result.stdout)?.[1];
}

describe.skipIf(!keyring.available)('the token for other tools', () => {
  it('is a v1 ExecCredential for kubectl, with the token and its expiry in RFC 3339', async () => {
    const op = await phone.provider({ interval: 1 });
    const home = await dataFolder();
    await signIn(op, home, 'kim', ['--dpop', 'off']);
    const result = await runCli(fixture.cli(), ['token', '--format', 'exec-credential', '--dpop', 'off', ...target(op)], environment(home));
    expect(result).toMatchObject({ status: 0, stderr: '' });
    const credential = JSON.parse(result.stdout) as {
      apiVersion: string;
      kind: string;
      status: { token: string; expirationTimestamp: string };
    };
    expect(Object.keys(credential).sort()).toEqual(['apiVersion', 'kind', 'status']);
    expect(credential).toMatchObject({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential' });
    expect(Object.keys(credential.status).sort()).toEqual(['expirationTimestamp', 'token']);
    expect(credential.status.token).toBe((await storedTokens(keyringEntry(op))).accessToken);
    expect(await isTokenActive(op, credential.status.token)).toBe(true);
    expect(credential.status.expirationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const status = events((await runCli(fixture.cli(), ['status', '--json', ...target(op)], environment(home))).stdout)[0];
    expect(Date.parse(credential.status.expirationTimestamp)).toBe(Math.floor(Date.parse(String(status?.['expires_at'])) / 1000) * 1000);
  });

  it('answers git credential fill for its host only, ignores store, and on reject renews the token once without signing out', async () => {
    if (!gitAvailable) return;
    const op = await phone.provider({ interval: 1 });
    const home = await dataFolder();
    await signIn(op, home, 'gil', ['--dpop', 'off']);
    const env = environment(home, { DEVICE_SIGNIN_ISSUER: op.issuer, DEVICE_SIGNIN_CLIENT_ID: op.clientId, DEVICE_SIGNIN_DPOP: 'off' });
    const filled = await git(home, env, ['credential', 'fill'], `protocol=https\nhost=${gitHost}\n\n`);
    expect(filled.stderr).toBe('');
    const answer: Record<string, string> = Object.fromEntries(
      filled.stdout
        .trim()
        .split('\n')
        .map((line): [string, string] => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(answer).toMatchObject({
      protocol: 'https',
      host: gitHost,
      username: 'oauth2',
      password: (await storedTokens(keyringEntry(op))).accessToken,
    });

    // Another host: the helper says nothing, so git (with prompts off) has no password to give.
    const other = await git(home, env, ['credential', 'fill'], 'protocol=https\nhost=git.example.test\n\n');
    expect(other.status).not.toBe(0);
    expect(other.stdout).not.toContain('password=');
    const direct = await runCli(fixture.cli(), ['git-credential', 'get', '--host', gitHost], env);
    expect(direct).toMatchObject({ status: 0, stdout: '' });

    await git(home, env, ['credential', 'approve'], `protocol=https\nhost=${gitHost}\nusername=oauth2\npassword=x\n\n`);
    const refused = answer['password'] ?? '';
    // Another host's refusal, and one of a password that is not the session's, change nothing.
    await git(home, env, ['credential', 'reject'], `protocol=https\nhost=git.example.test\nusername=oauth2\npassword=${refused}\n\n`);
    await git(home, env, ['credential', 'reject'], `protocol=https\nhost=${gitHost}\nusername=oauth2\npassword=x\n\n`);
    expect(passwordFrom(await git(home, env, ['credential', 'fill'], `protocol=https\nhost=${gitHost}\n\n`))).toBe(refused);

    // The host refused the session's token: the session stays, and the next fill has a renewed token, once.
    await git(home, env, ['credential', 'reject'], `protocol=https\nhost=${gitHost}\nusername=oauth2\npassword=${refused}\n\n`);
    expect((await runCli(fixture.cli(), ['status', '--json'], env)).status).toBe(0);
    const renewed = passwordFrom(await git(home, env, ['credential', 'fill'], `protocol=https\nhost=${gitHost}\n\n`));
    expect(renewed).not.toBe(refused);
    expect(renewed).toBe((await storedTokens(keyringEntry(op))).accessToken);
    expect(passwordFrom(await git(home, env, ['credential', 'fill'], `protocol=https\nhost=${gitHost}\n\n`))).toBe(renewed);
  });

  it('fails at once, in one line, when nobody is signed in: never a prompt or a code', async () => {
    const op = await phone.provider({ interval: 1 });
    const home = await dataFolder();
    const line = `device-signin: not signed in to ${op.issuer}; run \`device-signin login\` first.`;
    const kubectl = await runCli(fixture.cli(), ['token', '--format', 'exec-credential', ...target(op)], environment(home));
    expect(kubectl).toMatchObject({ status: 1, stdout: '', stderr: `${line}\n` });
    if (!gitAvailable) return;
    const env = environment(home, { DEVICE_SIGNIN_ISSUER: op.issuer, DEVICE_SIGNIN_CLIENT_ID: op.clientId });
    const filled = await git(home, env, ['credential', 'fill'], `protocol=https\nhost=${gitHost}\n\n`);
    expect(filled.status).not.toBe(0);
    expect(filled.stderr.split('\n')).toContain(line);
    expect(filled.stdout).not.toContain('password=');
  });

  it('refuses a DPoP-bound session, whose token alone the server would refuse', async () => {
    const op = await phone.provider({ interval: 1 });
    const home = await dataFolder();
    await signIn(op, home, 'dora');
    const refusal = /device-signin: this session is bound to a key on this computer \(DPoP\).*--dpop off/;
    const kubectl = await runCli(fixture.cli(), ['token', '--format', 'exec-credential', ...target(op)], environment(home));
    expect(kubectl).toMatchObject({ status: 1, stdout: '' });
    expect(kubectl.stderr).toMatch(refusal);
    if (!gitAvailable) return;
    const filled = await git(
      home,
      environment(home, { DEVICE_SIGNIN_ISSUER: op.issuer, DEVICE_SIGNIN_CLIENT_ID: op.clientId }),
      ['credential', 'fill'],
      `protocol=https\nhost=${gitHost}\n\n`,
    );
    expect(filled.stderr).toMatch(refusal);
    expect(filled.stdout).not.toContain('password=');
  });
});

describe('the executable a tool starts before every request', () => {
  it('answers --version and --help from its small entry exactly as the full command line does', async () => {
    const env = environment(await dataFolder());
    const version = await runCli(fixture.cli(), ['--version'], env);
    expect(version.stdout).toMatch(/^device-signin \d+\.\d+\.\d+\n$/);
    // `--version --json` and `--help --json` go through main.ts: the same answers.
    expect((await runCli(fixture.cli(), ['--version', '--json'], env)).stdout).toBe(version.stdout);
    const help = await runCli(fixture.cli(), ['--help'], env);
    expect(help.stdout).toContain('Usage: device-signin <command> [options]');
    expect((await runCli(fixture.cli(), ['--help', '--json'], env)).stdout).toBe(help.stdout);
    expect((await runCli(fixture.cli(), ['help'], env)).stdout).toBe(help.stdout);
  });
});
