/**
 * What every suite that runs the built `device-signin` needs: the CLI built once for the file
 * from the current sources, the phone (Chromium, or the form phone), a data folder per test, an
 * environment with nothing of this machine's in it, and a sign-in through the phone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncEntry } from '@napi-rs/keyring';
import { beforeAll, expect } from 'vitest';
import { type BuiltCli, buildCli, type CliResult, startCli } from './built-cli.ts';
import { approveByForms } from './form-phone.ts';
import { approveOnPhone } from './phone.ts';
import { type PhoneFixture, usePhoneFixture } from './phone-fixture.ts';

/** Where a CLI signs in: an issuer and a client id, given as flags. */
export interface CliTarget {
  readonly issuer: string;
  readonly clientId: string;
}

export type CliEvent = Record<string, unknown> & { type: string };

export interface CliFixture {
  readonly phone: PhoneFixture;
  readonly cli: () => BuiltCli;
  /** A data folder of the test's own (DEVICE_SIGNIN_HOME), removed after it. */
  readonly dataFolder: () => Promise<string>;
  /** The keyring entry the CLI uses for this provider (one per issuer and client id), removed after the test. */
  readonly keyringEntry: (op: CliTarget) => AsyncEntry;
  /** Signs in through the CLI with --json and the phone; returns the events it printed. */
  readonly signIn: (op: CliTarget, home: string, login?: string, extra?: readonly string[]) => Promise<CliEvent[]>;
}

/**
 * `phone: 'chromium'` approves each sign-in in Chromium, for files whose story includes the phone;
 * otherwise the form phone (form-phone.ts) posts the provider's forms, a fraction of the CPU.
 */
export function useCliFixture(name: string, options: { readonly phone?: 'chromium' | 'forms' } = {}): CliFixture {
  const phone = usePhoneFixture();
  let cli: BuiltCli | undefined;
  beforeAll(async () => {
    // Built here from the current sources, so the test never runs a stale out/cli.
    cli = await buildCli(name);
  });
  const built = (): BuiltCli => {
    if (cli === undefined) throw new Error('the CLI is used before beforeAll built it');
    return cli;
  };
  return {
    phone,
    cli: built,
    async dataFolder() {
      const folder = await mkdtemp(join(tmpdir(), 'device-signin-cli-'));
      phone.afterTest(() => rm(folder, { recursive: true, force: true }));
      return folder;
    },
    keyringEntry(op) {
      const entry = new AsyncEntry('device-signin', `${op.clientId}@${op.issuer}`, { linux: { store: 'secret-service' } });
      phone.afterTest(() => entry.deletePassword().catch(() => false));
      return entry;
    },
    async signIn(op, home, login = 'alice', extra = []) {
      const run = startCli(built(), ['login', '--json', '--no-open', ...target(op), ...extra], environment(home));
      const code = await run.waitForLine(eventOfType('code'));
      const uri = String(code.verification_uri_complete);
      await (options.phone === 'chromium' ? approveOnPhone(phone.browser(), uri, { login }) : approveByForms(uri, { login }));
      const result = await run.ended;
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      return events(result.stdout);
    },
  };
}

/** The CLI's whole environment: nothing from this machine's settings, the test keyring's D-Bus, no display. */
export function environment(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const bus = process.env.DBUS_SESSION_BUS_ADDRESS;
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    DEVICE_SIGNIN_HOME: home,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    // No runtime folder, so no token copy (src/core/vault/token-copy.ts), unless a test gives one.
    XDG_RUNTIME_DIR: join(home, 'no-runtime-folder'),
    ...(bus === undefined ? {} : { DBUS_SESSION_BUS_ADDRESS: bus }),
    ...extra,
  };
}

export function target(op: CliTarget): string[] {
  return ['--issuer', op.issuer, '--client-id', op.clientId];
}

export function parseEvent(line: string): CliEvent | undefined {
  if (!line.startsWith('{')) return undefined;
  return JSON.parse(line) as CliEvent;
}

export function eventOfType(type: string): (line: string) => CliEvent | undefined {
  return (line) => {
    const event = parseEvent(line);
    return event?.type === type ? event : undefined;
  };
}

/** Every stdout line as a JSON event; a line that is not one fails the test. */
export function events(stdout: string): CliEvent[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const event = parseEvent(line);
      if (event === undefined) throw new Error(`not a JSON line on stdout: ${line}`);
      return event;
    });
}

export function expectNoStackTrace(result: CliResult): void {
  expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(result.stderr).not.toMatch(/SignInError|TypeError|unexpected error/);
}

export async function storedTokens(entry: AsyncEntry): Promise<{ accessToken: string; refreshToken?: string }> {
  const stored = await entry.getPassword();
  if (stored === null) throw new Error('nothing in the keyring');
  return (JSON.parse(stored) as { tokens: { accessToken: string; refreshToken?: string } }).tokens;
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
