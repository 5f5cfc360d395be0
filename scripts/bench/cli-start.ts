/**
 * Start-up of the `device-signin` executable as tools pay it before every request: whole
 * processes, `node -e 0` and the command run in turns (paired, so a busy moment hits both), the
 * median of each. `token` reads a signed-in session with a day left on its access token from a
 * 0600 file vault (--insecure-storage), with no keyring daemon or network involved, and then from
 * the system keyring, the default: a bearer session and a DPoP-bound one, both handed out by the
 * quick path, the bound one after checking its kept key's thumbprint and with its warning from the
 * early words. With a runtime folder, as a desktop login has, the quick path answers from the
 * token copy (src/core/vault/token-copy.ts) that its first run left there; without one it reads
 * the keyring every time, which the last row shows for comparison. The first run of each is a
 * warm-up that fills the OS's file cache, as the first real call would.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildCli } from '../../test/support/built-cli.ts';
import { cliTokenCopy, sessionFilePath } from '../../src/cli/vault.ts';
import { systemClock } from '../../src/core/clock.ts';
import { DPoPKey } from '../../src/core/protocol/dpop.ts';
import { createFileVault } from '../../src/core/vault/file-vault.ts';
import { createKeyringVault } from '../../src/core/vault/keyring-vault.ts';
import { keyringEntryName } from '../../src/core/vault/keyring-names.ts';
import type { SessionRecord } from '../../src/core/vault/session-record.ts';
import { systemKeyringEntry } from '../../src/core/vault/system-keyring.ts';
import { withTokenCopy } from '../../src/core/vault/token-copy.ts';
import type { TokenVault } from '../../src/core/vault/session-record.ts';
import type { Row } from './report.ts';

const pairs = 10;
const issuer = 'https://op.example.test';
const clientId = 'bench-client';

async function wallTime(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  await promisify(execFile)(process.execPath, [...args], { env });
  return performance.now() - start;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The median ratio of the command's wall time to `node -e 0`'s over paired runs. */
async function ratio(command: readonly string[], env: NodeJS.ProcessEnv): Promise<{ ratio: number; command: number; node: number }> {
  await wallTime(command, env);
  const ratios: number[] = [];
  const commandTimes: number[] = [];
  const nodeTimes: number[] = [];
  for (let run = 0; run < pairs; run += 1) {
    const node = await wallTime(['-e', '0'], env);
    const time = await wallTime(command, env);
    nodeTimes.push(node);
    commandTimes.push(time);
    ratios.push(time / node);
  }
  return { ratio: median(ratios), command: median(commandTimes), node: median(nodeTimes) };
}

export async function measureCliStart(): Promise<Row[]> {
  const cli = await buildCli('bench-start');
  const home = await mkdtemp(join(tmpdir(), 'device-signin-bench-'));
  const config = { issuer, clientId, scope: 'openid' };
  // The user's runtime folder, as logind makes it: 0700, the user's own.
  const runtime = await mkdtemp(join(tmpdir(), 'device-signin-bench-runtime-'));
  await chmod(runtime, 0o700);
  // Written as the command line writes, so that each row's session replaces the last one's copy.
  const keyring = keyringVault(config, { XDG_RUNTIME_DIR: runtime });
  try {
    await createFileVault(sessionFilePath(home, config)).save(benchSession());
    // Nothing of the caller's settings; the session bus only, for the keyring row.
    const bus = process.env['DBUS_SESSION_BUS_ADDRESS'];
    const env = {
      PATH: process.env['PATH'] ?? '',
      HOME: home,
      DEVICE_SIGNIN_HOME: home,
      DEVICE_SIGNIN_ISSUER: issuer,
      DEVICE_SIGNIN_CLIENT_ID: clientId,
      ...(bus === undefined ? {} : { DBUS_SESSION_BUS_ADDRESS: bus }),
    };
    const rows: Row[] = [];
    for (const [name, args, target] of [
      ['`device-signin token` (valid cached session in a file)', ['token', '--insecure-storage'], 1.5],
      ['`device-signin --version`', ['--version'], 1.3],
      ['`device-signin --help`', ['--help'], 1.3],
    ] as const) {
      rows.push(row(name, await ratio([cli.script, ...args], env), target));
    }
    const inKeyring = { keyring, script: cli.script, env: { ...env, XDG_RUNTIME_DIR: runtime } };
    const cachedToken = '`device-signin token` (valid cached session in the system keyring)';
    rows.push(await keyringRow(inKeyring, cachedToken, benchSession(), 1.5));
    const key = await DPoPKey.generate('ES256', { client_id: clientId });
    const cachedBoundToken = '`device-signin token` (valid cached DPoP-bound session in the system keyring)';
    rows.push(await keyringRow(inKeyring, cachedBoundToken, benchSession(key), 1.5));
    const withoutCopy = '`device-signin token` (the same, with no runtime folder: read from the keyring every run)';
    rows.push(await keyringRow({ ...inKeyring, env }, withoutCopy, benchSession(key), undefined));
    return rows;
  } finally {
    if ('vault' in keyring) await keyring.vault.clear().catch(() => undefined);
    await rm(home, { recursive: true, force: true });
    await rm(runtime, { recursive: true, force: true });
  }
}

/**
 * A signed-in session with a day left on its access token: `token` hands it out as it is. Bound
 * to `key`, it is a DPoP session, which only the full command hands out (with a warning on
 * stderr), after importing the key; a fresh token sends nothing, so no provider is needed.
 */
function benchSession(key?: DPoPKey): SessionRecord {
  return {
    version: 1,
    issuer,
    clientId,
    profile: { issuer, sub: 'bench' },
    tokens: {
      accessToken: key === undefined ? 'bench-bearer-token' : 'bench-bound-token',
      tokenType: key === undefined ? 'Bearer' : 'DPoP',
      expiresAt: Date.now() + 86_400_000,
    },
    ...(key === undefined ? {} : { dpop: key.toStored() }),
  };
}

/** The keyring entry `device-signin` reads for this issuer and client, or why there is none. */
function keyringVault(
  config: { readonly issuer: string; readonly clientId: string },
  env: NodeJS.ProcessEnv,
): { readonly vault: TokenVault } | { readonly error: unknown } {
  try {
    const vault = createKeyringVault({ entry: systemKeyringEntry(keyringEntryName('cli', config)), clock: systemClock });
    const { folder, name, elsewhere } = cliTokenCopy(env, config);
    return { vault: withTokenCopy(vault, folder, name, elsewhere) };
  } catch (error) {
    return { error };
  }
}

/**
 * The default place, the system keyring: `@napi-rs/keyring`'s binding and a D-Bus round trip to
 * the Secret Service on top. `npm run bench` runs in a private keyring session
 * (scripts/keyring-session.sh) where gnome-keyring is installed; elsewhere the row says why not.
 */
async function keyringRow(
  { keyring, script, env }: { readonly keyring: ReturnType<typeof keyringVault>; readonly script: string; readonly env: NodeJS.ProcessEnv },
  name: string,
  session: SessionRecord,
  target: number | undefined,
): Promise<Row> {
  try {
    if ('error' in keyring) throw keyring.error;
    await keyring.vault.save(session);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    return { ...labels(name, target), value: `not measured: no usable Secret Service here (${reason})`, verdict: 'not measured' };
  }
  const measured = await ratio([script, 'token'], env);
  // What was timed must be this row's session: a copy of the last row's would be another path.
  const { stdout } = await promisify(execFile)(process.execPath, [script, 'token'], { env });
  if (stdout.trim() !== session.tokens.accessToken) {
    return { ...labels(name, target), value: "not measured: `token` printed another session's token", verdict: 'not measured' };
  }
  return row(name, measured, target);
}

/** A row judged against `target`, or shown for comparison (`info`) without one. */
function row(name: string, measured: { ratio: number; command: number; node: number }, target: number | undefined): Row {
  const judged = target === undefined ? 'info' : measured.ratio <= target ? 'met' : 'missed';
  return {
    ...labels(name, target),
    value:
      `${measured.ratio.toFixed(2)}× (${Math.round(measured.command)} ms vs ${Math.round(measured.node)} ms, ` +
      `median of ${pairs} pairs)`,
    verdict: judged,
  };
}

function labels(name: string, target: number | undefined): Pick<Row, 'metric' | 'target'> {
  return { metric: `${name} ÷ \`node -e 0\``, target: target === undefined ? '' : `≤ ${target}×` };
}
