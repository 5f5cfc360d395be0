/**
 * What a hostile server can make the command line print. A terminal acts on C0 and C1 controls
 * (ESC and CSI, U+009B, start commands that move the cursor or clear the screen) and reorders
 * text around bidirectional controls (a RIGHT-TO-LEFT OVERRIDE shows "nimda" as "admin"). The
 * core cleans what a server sends where it enters; the output layer escapes whatever else might
 * still carry one, in human text and in JSON (test/cli/output.test.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionFilePath } from '../../src/cli/vault.ts';
import type { SessionRecord } from '../../src/core/vault/session-record.ts';
import { type CliResult, runCli } from '../support/built-cli.ts';
import { useBuiltCli } from '../support/cli-suite.ts';
import { decodeTerminalQr } from '../support/terminal-qr.ts';
import { jsonLines, rawControl } from '../support/terminal-text.ts';
import type { ScriptedProviderOptions } from '../support/scripted-provider.ts';
import { serveScriptedProvider } from '../support/scripted-server.ts';

const { cli, cleanups } = useBuiltCli('hostile-values');

async function hostileServer(options: Omit<ScriptedProviderOptions, 'clock' | 'issuer'>): Promise<string> {
  return (await serveScriptedProvider(options, cleanups)).issuer;
}

async function dataFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'device-signin-hostile-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

/** Runs `device-signin <command>` for `issuer` with a file session in `home` and nothing from this machine. */
function run(home: string, issuer: string, args: readonly string[]): Promise<CliResult> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, DEVICE_SIGNIN_HOME: home, LANG: 'C.UTF-8', TZ: 'UTC' };
  return runCli(cli(), [...args, '--issuer', issuer, '--client-id', 'demo-client', '--insecure-storage'], env);
}

/** The colour changes a terminal QR code is drawn with: the only escape sequences the CLI itself prints. */
// eslint-disable-next-line no-control-regex -- finding the escape character is the point
const qrColours = /\u001b\[(?:0|3[0-7]|4[0-7])m/g;

function expectNothingRaw(result: CliResult): void {
  expect(result.stdout.replace(qrColours, '')).not.toMatch(rawControl);
  expect(result.stderr).not.toMatch(rawControl);
  expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

describe('the built CLI against a hostile server on loopback', () => {
  it('refuses a user code with a RIGHT-TO-LEFT OVERRIDE instead of showing "WDJB-\\u202eTHJM" as WDJB-MJHT', async () => {
    const issuer = await hostileServer({ deviceAuthorization: { user_code: 'WDJB-\u202eTHJM' } });
    const json = await run(await dataFolder(), issuer, ['login', '--json', '--no-open']);
    expectNothingRaw(json);
    expect(json.status).toBe(1);
    expect(jsonLines(json.stdout)).toEqual([expect.objectContaining({ type: 'error', code: 'invalid_response' })]);

    const human = await run(await dataFolder(), issuer, ['login', '--no-open']);
    expectNothingRaw(human);
    expect(human.status).toBe(1);
    expect(human.stdout).not.toContain('THJM');
    expect(human.stderr).toContain('could not be used');
  });

  it('prints the name "Alice \\u202enimda" as Alice nimda at login and on every status, in JSON and in words', async () => {
    const issuer = await hostileServer({ userinfo: { name: 'Alice \u202enimda', email: 'alice\u2066@example.test' } });
    const home = await dataFolder();
    const login = await run(home, issuer, ['login', '--json', '--no-open']);
    expectNothingRaw(login);
    expect(login.status).toBe(0);
    expect(jsonLines(login.stdout).at(-1)).toEqual({ type: 'signed_in', sub: 'alice', name: 'Alice nimda', email: 'alice@example.test' });

    const json = await run(home, issuer, ['status', '--json']);
    expectNothingRaw(json);
    expect(jsonLines(json.stdout)).toEqual([
      expect.objectContaining({ type: 'status', signed_in: true, name: 'Alice nimda', email: 'alice@example.test' }),
    ]);

    const human = await run(home, issuer, ['status']);
    expectNothingRaw(human);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain('Signed in to');
    expect(human.stdout).toContain('as Alice nimda <alice@example.test> (alice)');
  });

  it('replaces an error code carrying a C1 CSI and an ESC sequence before it reaches --json detail or the terminal', async () => {
    const issuer = await hostileServer({
      polls: [{ status: 400, error: 'invalid_request\u009b31m\u001b[2J', error_description: 'bad\u009b2J \u202eyes' }],
    });
    const json = await run(await dataFolder(), issuer, ['login', '--json', '--no-open']);
    expectNothingRaw(json);
    expect(json.status).toBe(1);
    const error = jsonLines(json.stdout).at(-1);
    expect(error).toMatchObject({ type: 'error', code: 'request_rejected' });
    expect(String(error?.detail)).toContain('invalid_error_code');
    expect(String(error?.detail)).toContain('(bad 2J yes)');

    const human = await run(await dataFolder(), issuer, ['login', '--no-open', '--qr']);
    expectNothingRaw(human);
    expect(human.status).toBe(1);
    expect(human.stderr).toContain('turned the request down');
    // The escaping spares what the QR code is drawn with: it still reads back.
    expect(decodeTerminalQr(human.stdout)).toBe(`${issuer}/device?user_code=WDJB-MJHT`);
  });
});

describe('the built CLI with a session stored by an older version', () => {
  async function storedSession(session: Omit<SessionRecord, 'version' | 'issuer' | 'clientId'>): Promise<{ home: string; issuer: string }> {
    const home = await dataFolder();
    // Nothing listens here: status must answer from the stored session alone.
    const issuer = 'http://127.0.0.1:9';
    const record: SessionRecord = { version: 1, issuer, clientId: 'demo-client', ...session };
    await writeFile(sessionFilePath(home, { issuer, clientId: 'demo-client' }), JSON.stringify(record), { mode: 0o600 });
    return { home, issuer };
  }

  it('reports an expiry of 1e18 ms (from "expires_in": 1e15) as a damaged session, not a RangeError', async () => {
    const { home, issuer } = await storedSession({
      profile: { issuer: 'http://127.0.0.1:9', sub: 'alice' },
      tokens: { accessToken: 'access-token-secret', tokenType: 'bearer', expiresAt: 1e18 },
    });
    const json = await run(home, issuer, ['status', '--json']);
    expectNothingRaw(json);
    expect(json.status).toBe(1);
    expect(jsonLines(json.stdout).at(-1)).toMatchObject({ type: 'error', code: 'storage_damaged' });

    const human = await run(home, issuer, ['status']);
    expectNothingRaw(human);
    expect(human.stderr).not.toContain('RangeError');
  });

  it('cleans a stored name and email with bidi controls before printing them', async () => {
    const { home, issuer } = await storedSession({
      profile: { issuer: 'http://127.0.0.1:9', sub: 'alice', name: 'Alice \u202enimda', email: '\u2067alice@example.test\u2069' },
      tokens: { accessToken: 'access-token-secret', tokenType: 'bearer', expiresAt: Date.now() + 3_600_000 },
    });
    const json = await run(home, issuer, ['status', '--json']);
    expectNothingRaw(json);
    expect(jsonLines(json.stdout)).toEqual([expect.objectContaining({ name: 'Alice nimda', email: 'alice@example.test' })]);
    const human = await run(home, issuer, ['status']);
    expectNothingRaw(human);
    expect(human.stdout).toContain('as Alice nimda <alice@example.test> (alice)');
  });
});
