/**
 * The command line on a machine shared with other accounts, and facing an API's bytes:
 * - no compile cache (Node trusts one by a length and a CRC32, and keeps it in the shared
 *   temporary folder another account can prepare), and nothing else the CLI writes lands in TMPDIR;
 * - `fetch` writes an API's body to a terminal the way curl does (no raw controls, no binary),
 *   and to a file or a pipe byte for byte.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sessionFilePath } from '../../src/cli/vault.ts';
import type { SessionRecord } from '../../src/core/vault/session-record.ts';
import { type CliResult, runCli } from '../support/built-cli.ts';
import { useBuiltCli } from '../support/cli-suite.ts';
import { rawControl } from '../support/terminal-text.ts';

const { cli, cleanups } = useBuiltCli('shared-machine');

async function folder(prefix: string): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), `device-signin-${prefix}-`));
  cleanups.push(() => rm(path, { recursive: true, force: true }));
  return path;
}

/** Every file and folder under `root`, as paths relative to it. */
async function everything(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true })).sort();
}

const clientId = 'demo-client';

/** A signed-in bearer session for `issuer` in a 0600 file, with an hour left. */
async function keptSession(home: string, issuer: string): Promise<void> {
  const record: SessionRecord = {
    version: 1,
    issuer,
    clientId,
    profile: { issuer, sub: 'alice' },
    tokens: { accessToken: 'access-token-secret', tokenType: 'Bearer', expiresAt: Date.now() + 3_600_000 },
  };
  await writeFile(sessionFilePath(home, { issuer, clientId }), JSON.stringify(record), { mode: 0o600 });
}

function env(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, DEVICE_SIGNIN_HOME: home, LANG: 'C.UTF-8', TZ: 'UTC', ...extra };
}

function target(issuer: string): string[] {
  return ['--issuer', issuer, '--client-id', clientId, '--insecure-storage'];
}

const bodies: Readonly<Record<string, Buffer>> = {
  // Retitles the terminal window (OSC 0), then clears the screen (CSI 2J) and colours text.
  '/osc': Buffer.from('before\u001b]0;pwned\u0007after\u001b[2J\u001b[31mred\u001b[0m\n', 'utf8'),
  // C1 CSI (U+009B), DEL, a carriage return that would overwrite the line, a tab and a line break that stay.
  '/c1': Buffer.from('a\u009b2Jb\u007fc\rd\te\nf\n', 'utf8'),
  // "nimda" after a RIGHT-TO-LEFT OVERRIDE reads "admin".
  '/rlo': Buffer.from('user: \u202enimda\n', 'utf8'),
  '/binary': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x1b, 0x5b, 0x32, 0x4a]),
  '/latin1': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
};

async function api(): Promise<string> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const body = bodies[req.url ?? ''];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/octet-stream' });
    res.end(body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a shared temporary folder', () => {
  /**
   * The attack: another account creates this user's folder under the shared temporary folder,
   * world-writable, before the user first runs the CLI, and later swaps an entry in it.
   */
  async function preparedTemp(): Promise<{ temp: string; planted: string }> {
    const temp = await folder('shared-tmp');
    await chmod(temp, 0o1777);
    const planted = join(temp, 'node-compile-cache');
    await mkdir(planted);
    await chmod(planted, 0o777);
    return { temp, planted };
  }

  it('leaves a prepared 0777 cache folder in a 1777 TMPDIR untouched by --version, --help, token, status, fetch and logout', async () => {
    const { temp } = await preparedTemp();
    const home = await folder('home');
    await chmod(home, 0o700);
    const issuer = await api();
    await keptSession(home, issuer);
    const environment = env(home, { TMPDIR: temp, TMP: temp, TEMP: temp });
    for (const args of [
      ['--version'],
      ['--help'],
      ['token', ...target(issuer)],
      ['status', ...target(issuer)],
      ['fetch', ...target(issuer), `${issuer}/rlo`],
    ]) {
      const result = await runCli(cli(), args, environment);
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    // Signing out asks the provider (which has no revocation here) and removes the session file.
    await runCli(cli(), ['logout', ...target(issuer)], environment);
    // Only the folder the other account planted, still empty: nothing of ours went there.
    expect(await everything(temp)).toEqual(['node-compile-cache']);
    // And no compile cache anywhere else either: the data folder holds only what docs/security.md lists.
    expect((await everything(home)).filter((path) => path.includes('compile-cache'))).toEqual([]);
  });
});

describe('fetch and the bytes an API sends', () => {
  async function signedIn(): Promise<{ home: string; issuer: string }> {
    const home = await folder('home');
    const issuer = await api();
    await keptSession(home, issuer);
    return { home, issuer };
  }

  /** Runs the CLI with a pseudo-terminal as its stdout (util-linux `script`), as a person at a terminal would. */
  async function onTerminal(args: readonly string[], environment: Record<string, string>): Promise<CliResult> {
    const quoted = [process.execPath, cli().script, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
    const { stdout, stderr } = await promisify(execFile)('script', ['-qec', quoted, '/dev/null'], { env: environment, encoding: 'utf8' });
    // The terminal's line discipline turns each line feed into CR LF.
    return { status: 0, signal: null, stdout: stdout.replaceAll('\r\n', '\n'), stderr };
  }

  it('shows controls and bidi overrides as escapes on a terminal, keeping tabs and line breaks', async () => {
    const { home, issuer } = await signedIn();
    const osc = await onTerminal(['fetch', ...target(issuer), `${issuer}/osc`], env(home));
    expect(osc.stdout).toBe('before\\x1b]0;pwned\\x07after\\x1b[2J\\x1b[31mred\\x1b[0m\n');
    const c1 = await onTerminal(['fetch', ...target(issuer), `${issuer}/c1`], env(home));
    expect(c1.stdout).toBe('a\\x9b2Jb\\x7fc\\x0dd\te\nf\n');
    const rlo = await onTerminal(['fetch', ...target(issuer), `${issuer}/rlo`], env(home));
    expect(rlo.stdout).toBe('user: \\u202enimda\n');
    for (const shown of [osc, c1, rlo]) expect(shown.stdout.replaceAll('\t', '').replaceAll('\n', '')).not.toMatch(rawControl);
  });

  it('does not write a binary or non-UTF-8 body to a terminal, and says how to save it', async () => {
    const { home, issuer } = await signedIn();
    for (const path of ['/binary', '/latin1']) {
      const shown = await onTerminal(['fetch', ...target(issuer), `${issuer}${path}`], env(home));
      // `script` merges the terminal's two streams: only the one line, no byte of the body.
      expect(shown.stdout).toBe(
        'The response is not text, so it was not written to the terminal. ' +
          'Save it with -o FILE, or redirect the output to a file (> FILE).\n',
      );
    }
  });

  it('writes every body byte for byte into a pipe, and into -o FILE', async () => {
    const { home, issuer } = await signedIn();
    for (const [path, body] of Object.entries(bodies)) {
      const piped = await promisify(execFile)(process.execPath, [cli().script, 'fetch', ...target(issuer), `${issuer}${path}`], {
        env: env(home),
        encoding: 'buffer',
      });
      expect(Buffer.compare(piped.stdout, body), path).toBe(0);
      const file = join(home, `body${path.slice(1)}`);
      const saved = await runCli(cli(), ['fetch', ...target(issuer), '-o', file, `${issuer}${path}`], env(home));
      expect(saved.status).toBe(0);
      expect(saved.stdout).toBe('');
      expect(Buffer.compare(await readFile(file), body), path).toBe(0);
    }
  });

  it('says so when -o names a file it cannot write', async () => {
    const { home, issuer } = await signedIn();
    const result = await runCli(cli(), ['fetch', ...target(issuer), '-o', join(home, 'no-such-folder', 'out'), `${issuer}/rlo`], env(home));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('the file could not be written (ENOENT)');
    expect(result.stderr).toContain('Check the path after -o');
  });
});
