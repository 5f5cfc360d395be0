/**
 * Prints docs/cli.md's "A real session" from a real run: the CLI built from these sources, two
 * demo providers started as `npm run demo-provider` starts them (one whose codes live 3 seconds),
 * the system keyring, and headless Debian Chromium as the phone (typing the code, opening the
 * link with the code filled in, pressing Abort). Commands a person types run in a pseudo-terminal
 * (`script`, 100×50) so they print what a terminal gets; `--json` ones in a pipe, as scripts do.
 * Run it in a keyring session: `sh scripts/keyring-session.sh node scripts/cli-transcript.ts`.
 * Escape sequences (colour, bold) are removed and the access token shortened; nothing else.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildCli } from '../test/support/built-cli.ts';
import { approveOnPhone, denyOnPhone, enterCodeOnPhone, launchBrowser } from '../test/support/phone.ts';

const repoRoot = resolve(import.meta.dirname, '..');
/** A terminal with room for the QR code and the text around it. */
const terminal = { columns: 100, rows: 50 };

interface Started {
  readonly output: () => string;
  readonly ended: Promise<number | null>;
  readonly stop: () => void;
}

/** Starts a program with exactly `env`, its stdout and stderr in the order they arrive. */
function start(command: string, args: readonly string[], env: Readonly<Record<string, string>>): Started {
  const child = spawn(command, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: repoRoot });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const ended = new Promise<number | null>((done) =>
    child.on('close', (status) => {
      done(status);
    }),
  );
  return {
    output: () => output,
    ended,
    stop: () => {
      child.kill('SIGTERM');
    },
  };
}

/** Resolves with the first match of `pattern` in what `started` printed so far, or rejects when it ends first. */
async function waitFor(started: Started, pattern: RegExp): Promise<RegExpMatchArray> {
  const ended = started.ended.then(() => 'ended' as const);
  for (;;) {
    const found = clean(started.output()).match(pattern);
    if (found !== null) return found;
    const pause = new Promise<'looked'>((wait) =>
      setTimeout(() => {
        wait('looked');
      }, 50),
    );
    if ((await Promise.race([ended, pause])) === 'ended' && clean(started.output()).match(pattern) === null) {
      throw new Error(`ended before ${String(pattern)}:\n${started.output()}`);
    }
  }
}

/** What a reader of the page sees: no escape sequences, no carriage returns. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing terminal escapes is the point
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g, '').replace(/\r\n?/g, '\n');
}

/** A demo provider as `npm run demo-provider` runs it, on a port the OS picks; its ready lines and issuer. */
async function demoProvider(args: readonly string[]): Promise<{ started: Started; issuer: string; ready: string }> {
  const started = start(process.execPath, ['src/demo-provider/serve.ts', ...args], { PATH: process.env['PATH'] ?? '' });
  const [, issuer = ''] = await waitFor(started, /issuer:\s+(\S+)/);
  await waitFor(started, /Press Ctrl-C to stop\./);
  return { started, issuer, ready: clean(started.output()) };
}

interface Step {
  /** The command line as shown after `$ device-signin`. */
  readonly shown: string;
  readonly args: readonly string[];
  /** In a pipe (a script's view) rather than a terminal. */
  readonly piped?: boolean;
  readonly env?: Readonly<Record<string, string>>;
  /** What the phone does once the code is on screen: given the page, the code and the link with the code. */
  readonly phone?: (code: { readonly uri: string; readonly userCode: string; readonly complete: string }) => Promise<void>;
  readonly redactToken?: boolean;
}

/** Runs one step and returns it as the transcript shows it: the prompt line, the output, the exit status. */
async function run(step: Step, script: string, env: Readonly<Record<string, string>>): Promise<string> {
  const all = { ...env, ...step.env };
  const quoted = [script, ...step.args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  const started = step.piped
    ? start(process.execPath, [script, ...step.args], all)
    : start('script', ['-qefc', `stty cols ${terminal.columns} rows ${terminal.rows}; exec '${process.execPath}' ${quoted}`, '/dev/null'], {
        ...all,
        TERM: 'xterm-256color',
      });
  if (step.phone !== undefined) {
    const code = step.piped
      ? await waitFor(started, /"user_code":"([^"]+)","verification_uri":"([^"]+)","verification_uri_complete":"([^"]+)"/)
      : await waitFor(
          started,
          /open this page on any device:\s+(\S+)\s+and enter the code:\s+(\S+)[\s\S]*?has the code filled in:\s+(\S+)/,
        );
    const [, first = '', second = '', complete = ''] = code;
    await step.phone(step.piped ? { userCode: first, uri: second, complete } : { uri: first, userCode: second, complete });
  }
  const status = await started.ended;
  let text = clean(started.output()).trimEnd();
  if (step.redactToken === true) text = text.replace(/^([A-Za-z0-9_-]{6})[A-Za-z0-9_-]{24,}$/m, '$1…(access token, redacted)');
  return `$ device-signin ${step.shown}\n${text}${text === '' ? '' : '\n'}[exit ${String(status)}]\n`;
}

function steps(browser: Browser, short: string, issuer: string): Step[] {
  const alice = { login: 'alice', password: 'any' };
  const endpoints = ['--device-authorization-endpoint', `${issuer}/device/auth`, '--token-endpoint', `${issuer}/token`];
  return [
    { shown: 'login --no-open', args: ['login', '--no-open'], phone: (c) => enterCodeOnPhone(browser, c.uri, c.userCode, alice) },
    { shown: 'status', args: ['status'] },
    { shown: 'status --json', args: ['status', '--json'], piped: true },
    { shown: 'token', args: ['token'], redactToken: true },
    { shown: `fetch ${issuer}/me`, args: ['fetch', `${issuer}/me`] },
    { shown: 'logout', args: ['logout'] },
    { shown: 'token', args: ['token'] },
    {
      shown: 'login --json --no-open',
      args: ['login', '--json', '--no-open'],
      piped: true,
      phone: (c) => approveOnPhone(browser, c.complete, { login: 'hw-bob', password: 'any' }),
    },
    { shown: 'logout', args: ['logout'] },
    { shown: `login --json --no-open --issuer ${short}`, args: ['login', '--json', '--no-open', '--issuer', short], piped: true },
    {
      shown: 'login --no-open    # then "Abort" on the phone',
      args: ['login', '--no-open'],
      phone: (c) => denyOnPhone(browser, c.complete),
    },
    {
      shown: `login --no-open --issuer ${issuer}/tenant ${endpoints.join(' ')}`,
      args: ['login', '--no-open', '--issuer', `${issuer}/tenant`, ...endpoints],
      phone: (c) => approveOnPhone(browser, c.complete, alice),
    },
    { shown: 'login --no-open --issuer http://127.0.0.1:9', args: ['login', '--no-open', '--issuer', 'http://127.0.0.1:9'] },
    { shown: 'login --issuer http://login.example.com', args: ['login', '--issuer', 'http://login.example.com'] },
    {
      shown: 'status    # with no Secret Service on the session bus',
      args: ['status'],
      env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
    },
    { shown: 'login --jsn', args: ['login', '--jsn'] },
  ];
}

async function main(): Promise<void> {
  const cli = await buildCli('transcript');
  const home = await mkdtemp(join(tmpdir(), 'device-signin-transcript-'));
  const demo = await demoProvider([]);
  const short = await demoProvider(['--device-code-ttl', '3']);
  const browser = await launchBrowser();
  try {
    const bus = process.env['DBUS_SESSION_BUS_ADDRESS'];
    const env = {
      PATH: process.env['PATH'] ?? '',
      HOME: home,
      DEVICE_SIGNIN_HOME: home,
      LANG: 'C.UTF-8',
      TZ: 'UTC',
      DEVICE_SIGNIN_ISSUER: demo.issuer,
      DEVICE_SIGNIN_CLIENT_ID: 'device-signin-demo',
      ...(bus === undefined ? {} : { DBUS_SESSION_BUS_ADDRESS: bus }),
    };
    const parts = [`$ npm run -s demo-provider    # in another terminal\n${demo.ready.trimEnd()}\n`];
    parts.push(`$ export DEVICE_SIGNIN_ISSUER=${demo.issuer} DEVICE_SIGNIN_CLIENT_ID=device-signin-demo\n`);
    for (const step of steps(browser, short.issuer, demo.issuer)) parts.push(await run(step, cli.script, env));
    process.stdout.write(parts.join('\n'));
  } finally {
    await browser.close();
    demo.started.stop();
    short.started.stop();
    await rm(home, { recursive: true, force: true });
  }
}

await main();
