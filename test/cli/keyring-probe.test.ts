/**
 * A keyring that reads but cannot keep a session is found before a code is asked for: `login`
 * writes, reads back and deletes a probe item first. Each case runs the built CLI in a D-Bus
 * session of its own with a real gnome-keyring in a throwaway folder (as scripts/keyring-session.sh
 * does, but left without a default collection, or locked), no display for its unlock prompt,
 * and a scripted provider on loopback that records every request.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useBuiltCli } from '../support/cli-suite.ts';
import { serveScriptedProvider } from '../support/scripted-server.ts';

const { cli, cleanups } = useBuiltCli('keyring-probe');
const haveKeyring = await promisify(execFile)('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon']).then(
  () => true,
  () => false,
);
const repoRoot = resolve(import.meta.dirname, '../..');

/** How the session's keyring is left before `login` runs. */
const keyringSetUp = {
  // Started, never unlocked: no login keyring, so no default collection to create items in.
  'without a default collection': 'eval "$(gnome-keyring-daemon --start --components=secrets)" >/dev/null',
  // A login keyring, unlocked and then locked again: unlocking needs a prompt, and there is no display.
  locked:
    'eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null; ' +
    'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets ' +
    'org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null',
  unlocked: 'eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null',
} as const;

/** Node listing the CLI's keyring items inside the session: what the CLI left behind (probe items are `probe-<pid>`). */
const listItems =
  `node -e 'const { findCredentialsAsync } = require("@napi-rs/keyring"); findCredentialsAsync("device-signin")` +
  `.then((items) => { for (const { account } of items) console.log("item " + account.replace(/^probe-\\d+$/, "probe") + ": kept"); })'`;

async function loginIn(state: keyof typeof keyringSetUp, issuer: string): Promise<{ stdout: string; stderr: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'device-signin-keyring-probe-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  const quoted = [process.execPath, cli().script, 'login', '--no-open', '--issuer', issuer, '--client-id', 'demo-client']
    .map((arg) => `'${arg}'`)
    .join(' ');
  const script = `${keyringSetUp[state]}; ${quoted}; echo "exit status $?"; ${listItems}`;
  const env = {
    PATH: `${join(process.execPath, '..')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: folder,
    DEVICE_SIGNIN_HOME: folder,
    XDG_DATA_HOME: folder,
    XDG_RUNTIME_DIR: folder,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
  };
  const { stdout, stderr } = await promisify(execFile)('dbus-run-session', ['--', 'sh', '-c', script], {
    env,
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { stdout, stderr };
}

describe.skipIf(!haveKeyring && process.env.CI !== 'true')('login with a keyring that cannot keep a session', () => {
  it.each([
    ['without a default collection', 'the system keyring has no default collection', 'gnome-keyring-daemon --unlock'],
    ['locked', 'the system keyring is locked, and the prompt to unlock it could not be shown', 'Unlock the keyring'],
  ] as const)('%s: refuses before any code is requested, naming the cause', async (state, cause, advice) => {
    const { issuer, provider } = await serveScriptedProvider({}, cleanups);
    const { stdout, stderr } = await loginIn(state, issuer);
    expect(stdout).toContain('exit status 1');
    expect(stderr).toContain(cause);
    expect(stderr).toContain(advice);
    expect(stderr).not.toContain('Start a keyring service');
    expect(stdout).not.toContain('enter the code');
    expect(provider.requests.map((request) => new URL(request.url).pathname)).not.toContain('/device/auth');
    expect(stdout).not.toContain('item probe');
  });

  it('with an unlocked keyring, signs in and keeps the session, leaving no probe item behind', async () => {
    const { issuer, provider } = await serveScriptedProvider({}, cleanups);
    const { stdout } = await loginIn('unlocked', issuer);
    expect(stdout).toContain('exit status 0');
    expect(provider.requests.map((request) => new URL(request.url).pathname)).toContain('/device/auth');
    expect(stdout).not.toContain('item probe');
    expect(stdout).toContain(`item demo-client@${issuer}: kept`);
  });
});
