/**
 * How often one `device-signin token` process reads the system keyring (#29, "read once"): every
 * read is a D-Bus round trip to the Secret Service, and tools run `token` before every request.
 * The built CLI runs against the real Secret Service of `npm test`'s D-Bus session, and
 * dbus-monitor counts the secrets it asks for: each `GetSecret` on the session's item (or a
 * `GetSecrets` that names it) is one read. The sessions are put in the keyring directly, as the
 * CLI keeps them, so no sign-in is needed; the core's side is test/core/vault/session-record.test.ts.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DPoPKey } from '../../src/core/protocol/dpop.ts';
import { keyringEntryName } from '../../src/core/vault/keyring-names.ts';
import type { SessionRecord } from '../../src/core/vault/session-record.ts';
import { systemKeyringEntry } from '../../src/core/vault/system-keyring.ts';
import { encodeSession } from '../../src/core/vault/vault.ts';
import { type BuiltCli, buildCli, runCli } from '../support/built-cli.ts';
import { type CliTarget, environment, target } from '../support/cli-fixture.ts';
import { readBody } from '../support/provider-proxy.ts';
import { scriptedProvider } from '../support/scripted-provider.ts';
import { keyringAvailability } from '../support/test-cipher.ts';
import { VirtualClock } from '../support/virtual-clock.ts';

const keyring = await keyringAvailability();
const busTools = ['dbus-monitor', 'dbus-send'].filter((tool) => spawnSync(tool, ['--help']).error !== undefined);
const skipReason = !keyring.available
  ? keyring.reason
  : busTools.length > 0
    ? `${busTools.join(' and ')} not installed (Debian package dbus)`
    : undefined;
if (skipReason !== undefined) console.warn(`keyring-reads.test.ts skipped: ${skipReason}`);

const cleanups: (() => Promise<unknown>)[] = [];
let cli: BuiltCli | undefined;

beforeAll(async () => {
  if (skipReason === undefined) cli = await buildCli('keyring-reads');
});
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function builtCli(): BuiltCli {
  if (cli === undefined) throw new Error('the CLI is used before beforeAll built it');
  return cli;
}

async function dataFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'device-signin-reads-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

/** A client id of the test's own, so that its keyring entry is nobody else's. */
function ownTarget(issuer: string): CliTarget {
  return { issuer, clientId: `reads-${randomUUID()}` };
}

/** The session as a sign-in would have kept it, with `tokens` and (for a bound session) the key. */
function sessionFor(op: CliTarget, tokens: SessionRecord['tokens'], dpop?: DPoPKey): SessionRecord {
  return {
    version: 1,
    issuer: op.issuer,
    clientId: op.clientId,
    profile: { issuer: op.issuer, sub: 'alice' },
    tokens,
    ...(dpop === undefined ? {} : { dpop: dpop.toStored() }),
    endpoints: {
      token: `${op.issuer}/token`,
      revocation: `${op.issuer}/token/revocation`,
      userinfo: `${op.issuer}/me`,
      metadataOrigin: op.issuer,
    },
  };
}

/**
 * Writes `record` into the keyring entry the CLI reads for `op` (the product's own naming), and
 * returns the Secret Service item that holds it, whose reads are counted.
 */
async function putInKeyring(op: CliTarget, record: SessionRecord): Promise<{ item: string; stored: () => Promise<SessionRecord> }> {
  const name = keyringEntryName('cli', op);
  const entry = systemKeyringEntry(name);
  await entry.setPassword(encodeSession(record));
  cleanups.push(() => entry.deletePassword().catch(() => false));
  const { stdout } = await promisify(execFile)('dbus-send', [
    '--session',
    '--print-reply',
    '--dest=org.freedesktop.secrets',
    '/org/freedesktop/secrets',
    'org.freedesktop.Secret.Service.SearchItems',
    `dict:string:string:service,${name.service},username,${name.account}`,
  ]);
  const items = [...stdout.matchAll(/object path "([^"]+)"/g)].map((match) => match[1]);
  if (items.length !== 1 || items[0] === undefined) throw new Error(`expected one keyring item for ${name.account}, found:\n${stdout}`);
  const item = items[0];
  return { item, stored: async () => JSON.parse((await entry.getPassword()) ?? 'null') as SessionRecord };
}

let watches = 0;

/**
 * dbus-monitor on the test's session bus, watching for secrets asked of `item`. It counts only
 * once it has printed a probe call of its own (a monitor that is not yet listening would miss
 * reads and let any count pass), and `stop` sends a second probe after the CLI ended and waits
 * for it: the bus hands the monitor its calls in order, so by then every call the CLI made is in.
 */
async function watchReads(item: string): Promise<{ stop: () => Promise<number> }> {
  const probes = `com.example.device_signin_reads.p${process.pid}_${++watches}`;
  const monitor = spawn(
    'dbus-monitor',
    [
      '--session',
      `type='method_call',interface='org.freedesktop.Secret.Item',member='GetSecret',path='${item}'`,
      "type='method_call',interface='org.freedesktop.Secret.Service',member='GetSecrets'",
      `type='method_call',interface='org.freedesktop.DBus',member='GetNameOwner',arg0namespace='${probes}'`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  cleanups.push(() => stopMonitor(monitor));
  let output = '';
  monitor.stdout.setEncoding('utf8');
  monitor.stdout.on('data', (chunk: string) => {
    output += chunk;
  });
  const probeSeen = async (probe: string): Promise<void> => {
    const until = Date.now() + 10_000;
    while (!output.includes(`string "${probe}"`)) {
      if (monitor.exitCode !== null || Date.now() > until)
        throw new Error(`dbus-monitor never printed the probe call ${probe}; it printed:\n${output}`);
      // Sent again until seen: a call made while the monitor is still starting is never shown to it.
      await sendProbe(probe);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  await probeSeen(`${probes}.ready`);
  const readyAt = output.length;
  return {
    async stop() {
      await probeSeen(`${probes}.done`);
      return output
        .slice(readyAt)
        .split(/\n(?=\S)/)
        .filter((call) => isReadOf(call, item)).length;
    },
  };
}

function sendProbe(probe: string): Promise<unknown> {
  return promisify(execFile)('dbus-send', [
    '--session',
    '--type=method_call',
    '--dest=org.freedesktop.DBus',
    '/org/freedesktop/DBus',
    'org.freedesktop.DBus.GetNameOwner',
    `string:${probe}`,
  ]);
}

/** One call as dbus-monitor prints it: a header line (`method call … path=…; interface=…; member=…`), then its arguments. */
function isReadOf(call: string, item: string): boolean {
  const header = call.split('\n', 1)[0] ?? '';
  if (!header.startsWith('method call')) return false;
  if (header.endsWith(' member=GetSecret')) return header.includes(` path=${item};`);
  if (header.endsWith(' member=GetSecrets')) return call.includes(`object path "${item}"`);
  return false;
}

function stopMonitor(monitor: ChildProcess): Promise<void> {
  if (monitor.exitCode !== null || monitor.signalCode !== null) return Promise.resolve();
  const ended = new Promise<void>((resolve) => {
    monitor.once('close', () => {
      resolve();
    });
  });
  monitor.kill();
  return ended;
}

/** A scripted provider (test/support/scripted-provider.ts) over HTTP on loopback, whose refresh grant issues `access-token-secret-2`. */
async function refreshingProvider(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = scriptedProvider({ clock: new VirtualClock(), issuer });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = (await readBody(req)).toString('utf8');
      const answer = await provider.fetch(`${issuer}${req.url ?? '/'}`, { method: req.method ?? 'GET', ...(body === '' ? {} : { body }) });
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    })();
  });
  return issuer;
}

/** Runs `device-signin token` for `op` with the session in the keyring, and counts the keyring reads it made. */
async function tokenRun(op: CliTarget, item: string): Promise<{ reads: number; status: number | null; stdout: string; stderr: string }> {
  const home = await dataFolder();
  const watch = await watchReads(item);
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
    );
    const run = await tokenRun(op, item);
    expect(run).toMatchObject({ status: 0, stdout: 'bound-access-token\n' });
    // The key was restored (the warning is for a bound token), so the record was read whole.
    expect(run.stderr).toContain('device-signin fetch');
    expect(run.reads).toBe(1);
  });

  it('reads a session near expiry twice, the second time under the lock before refreshing, in case another process did', async () => {
    const issuer = await refreshingProvider();
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
    );
    const run = await tokenRun(op, item);
    expect(run).toMatchObject({ status: 0, stdout: 'access-token-secret-2\n', stderr: '' });
    expect((await stored()).tokens).toMatchObject({ accessToken: 'access-token-secret-2', refreshToken: 'refresh-token-secret-2' });
    expect(run.reads).toBe(2);
  });
});
