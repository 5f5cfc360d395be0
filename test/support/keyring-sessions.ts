/**
 * Counting the system keyring's reads (#29, "read once"): dbus-monitor on the test's session bus
 * counts the secrets asked of one Secret Service item, each `GetSecret` on it (or a `GetSecrets`
 * that names it) one read. `npm test` runs in a D-Bus session of its own with a fresh
 * gnome-keyring (scripts/keyring-session.sh). Used by test/cli/keyring-reads.test.ts and
 * test/cli/token-copy.test.ts.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterEach, beforeAll } from 'vitest';
import type { DPoPKey } from '../../src/core/protocol/dpop.ts';
import { keyringEntryName } from '../../src/core/vault/keyring-names.ts';
import type { SessionRecord } from '../../src/core/vault/session-record.ts';
import { systemKeyringEntry } from '../../src/core/vault/system-keyring.ts';
import { encodeSession } from '../../src/core/vault/vault.ts';
import { type BuiltCli, buildCli } from './built-cli.ts';
import type { CliTarget } from './cli-fixture.ts';
import { readBody } from './provider-proxy.ts';
import { scriptedProvider } from './scripted-provider.ts';
import { keyringAvailability } from './test-cipher.ts';
import { VirtualClock } from './virtual-clock.ts';

/** What a test does when it ends: each helper here leaves one. */
type Cleanups = (() => Promise<unknown>)[];

/**
 * A test file that counts keyring reads of the built CLI: why it is skipped here (said once), the
 * cleanups run after each test, and the CLI, built before the first test.
 */
export async function keyringReadsFixture(
  file: string,
): Promise<{ readonly skipReason: string | undefined; readonly cleanups: Cleanups; readonly builtCli: () => BuiltCli }> {
  const skipReason = await keyringReadsSkipReason();
  if (skipReason !== undefined) console.warn(`${file} skipped: ${skipReason}`);
  const cleanups: Cleanups = [];
  let cli: BuiltCli | undefined;
  beforeAll(async () => {
    if (skipReason === undefined) cli = await buildCli(file.replace(/\.test\.ts$/, ''));
  });
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });
  return {
    skipReason,
    cleanups,
    builtCli: () => {
      if (cli === undefined) throw new Error('the CLI is used before beforeAll built it');
      return cli;
    },
  };
}

/** Why reads cannot be counted here (no Secret Service, no dbus-monitor), or undefined. */
async function keyringReadsSkipReason(): Promise<string | undefined> {
  const keyring = await keyringAvailability();
  const busTools = ['dbus-monitor', 'dbus-send'].filter((tool) => spawnSync(tool, ['--help']).error !== undefined);
  if (!keyring.available) return keyring.reason;
  return busTools.length > 0 ? `${busTools.join(' and ')} not installed (Debian package dbus)` : undefined;
}

/** A client id of the test's own, so that its keyring entry is nobody else's. */
export function ownTarget(issuer: string): CliTarget {
  return { issuer, clientId: `reads-${randomUUID()}` };
}

/** The session as a sign-in would have kept it, with `tokens` and (for a bound session) the key. */
export function sessionFor(op: CliTarget, tokens: SessionRecord['tokens'], dpop?: DPoPKey): SessionRecord {
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
export async function putInKeyring(
  op: CliTarget,
  record: SessionRecord,
  cleanups: Cleanups,
): Promise<{ item: string; stored: () => Promise<SessionRecord> }> {
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
export async function watchReads(item: string, cleanups: Cleanups): Promise<{ stop: () => Promise<number> }> {
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
export async function refreshingProvider(cleanups: Cleanups): Promise<string> {
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
