/** The command line's pure parts: reading arguments, the data folder, the poll events, the browser rule, the words. */
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../src/shared/flow-state.ts';
import { parseCommandLine, UsageError } from '../../src/cli/args.ts';
import { browserLaunch } from '../../src/cli/browser.ts';
import { homeFolder } from '../../src/cli/home.ts';
import { loginEventFor } from '../../src/cli/login-events.ts';
import { createSignInFlow, type FlowEvent } from '../../src/core/flow/sign-in-flow.ts';
import { cliTranslateIn } from '../support/catalogs.ts';
import { scriptedProvider } from '../support/scripted-provider.ts';
import { VirtualClock } from '../support/virtual-clock.ts';
import { explain } from '../../src/cli/messages.ts';

describe('reading the command line', () => {
  it('takes options before or after the command', () => {
    const expected = {
      kind: 'run',
      command: 'login',
      settings: { issuer: 'https://login.example.com', clientId: 'app' },
      json: true,
      open: false,
      qr: false,
      noColor: false,
      insecureStorage: false,
      verbose: false,
    };
    expect(parseCommandLine(['login', '--json', '--no-open', '--issuer', 'https://login.example.com', '--client-id', 'app'])).toEqual(
      expected,
    );
    expect(parseCommandLine(['--issuer=https://login.example.com', '--client-id', 'app', '--no-open', 'login', '--json'])).toEqual(
      expected,
    );
    expect(parseCommandLine(['status', '--verbose', '--proxy', 'direct', '--ca-file', '/etc/ca.pem'])).toMatchObject({
      verbose: true,
      settings: { proxy: 'direct', caFile: '/etc/ca.pem' },
    });
  });

  it('shows help and the version when asked, whatever else is there', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['help', 'token'])).toEqual({ kind: 'help', command: 'token' });
    expect(parseCommandLine(['status', '-h'])).toEqual({ kind: 'help', command: 'status' });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
  });

  it.each(['login', 'status', 'token', 'logout'])('takes --json on %s, so scripts read one shape from every command', (command) => {
    expect(parseCommandLine([command, '--json'])).toMatchObject({ kind: 'run', command, json: true });
  });

  it.each([
    [[], 'No command given.'],
    [['whoami'], "Unknown command 'whoami'."],
    [['token', '--no-open'], "'--no-open' does not apply to 'token'."],
    [['status', '--no-open'], "'--no-open' does not apply to 'status'."],
    [['logout', 'now'], "Unexpected argument 'now' after 'logout'."],
    [['login', '--scope', ' '], '--scope needs a value.'],
    [['login', '--colour'], "Unknown option '--colour'."],
    [['login', '--dpop', 'sometimes'], "--dpop takes auto, required, off, not 'sometimes'."],
    [['fetch'], "'fetch' needs the URL to send the request to."],
    [['fetch', 'https://api.example.com/a', 'https://api.example.com/b'], "Unexpected argument 'https://api.example.com/b' after the URL."],
    [['fetch', '-H', 'no colon', 'https://api.example.com/'], "-H takes 'Name: value', not 'no colon'."],
    [['fetch', '-H', 'DPoP: forged', 'https://api.example.com/'], "-H 'DPoP' is set by fetch itself from the session."],
    [['fetch', '-X', 'GET POST', 'https://api.example.com/'], "'GET POST' is not an HTTP method."],
    [['token', '-X', 'POST'], "'-X' does not apply to 'token'."],
  ])('refuses %j: %s', (args, message) => {
    expect(() => parseCommandLine(args)).toThrow(expect.objectContaining({ name: UsageError.name, message }) as Error);
  });

  it('reads the formats other tools call: token --format exec-credential, and git-credential with its operation and host', () => {
    expect(parseCommandLine(['token', '--format', 'exec-credential'])).toMatchObject({ command: 'token', format: 'exec-credential' });
    expect(parseCommandLine(['git-credential', 'get', '--host', 'Git.Example.test:8443'])).toMatchObject({
      command: 'git-credential',
      gitCredential: { operation: 'get', host: 'git.example.test:8443', username: 'oauth2' },
    });
    expect(parseCommandLine(['git-credential', 'erase', '--host', 'h', '--username', 'x-access-token'])).toMatchObject({
      gitCredential: { operation: 'erase', username: 'x-access-token' },
    });
    expect(() => parseCommandLine(['token', '--format', 'yaml'])).toThrow(/--format takes exec-credential, not 'yaml'/);
    expect(() => parseCommandLine(['status', '--format', 'exec-credential'])).toThrow(/'--format' does not apply to 'status'/);
    expect(() => parseCommandLine(['git-credential', 'get'])).toThrow(/needs --host/);
    expect(() => parseCommandLine(['git-credential', 'fill', '--host', 'h'])).toThrow(/takes get, store or erase, not 'fill'/);
    expect(() => parseCommandLine(['git-credential', '--host', 'h'])).toThrow(/takes get, store or erase\./);
  });

  it('reads fetch as curl does: -X, repeated -H, --data BODY or @FILE, and POST when there is data', () => {
    const line = parseCommandLine([
      'fetch',
      '-X',
      'put',
      '-H',
      'Accept: application/json',
      '-H',
      'X-Trace:  1 ',
      '--data',
      '@body.json',
      'https://api.example.com/items',
    ]);
    expect(line).toMatchObject({
      kind: 'run',
      command: 'fetch',
      fetch: {
        url: 'https://api.example.com/items',
        method: 'PUT',
        headers: [
          ['Accept', 'application/json'],
          ['X-Trace', '1'],
        ],
        data: { file: 'body.json' },
      },
    });
    expect(parseCommandLine(['fetch', '--data', 'a=1', 'https://api.example.com/'])).toMatchObject({
      fetch: { method: 'POST', data: { text: 'a=1' } },
    });
    expect(parseCommandLine(['fetch', 'https://api.example.com/', '--dpop', 'required'])).toMatchObject({
      fetch: { method: 'GET', headers: [] },
      settings: { dpop: 'required' },
    });
  });
});

describe('the data folder', () => {
  it('is DEVICE_SIGNIN_HOME when set', () => {
    expect(homeFolder({ DEVICE_SIGNIN_HOME: '/srv/signin' }, 'linux', '/home/ann')).toBe('/srv/signin');
  });

  it("is the platform's config folder otherwise", () => {
    expect(homeFolder({}, 'linux', '/home/ann')).toBe('/home/ann/.config/device-signin');
    expect(homeFolder({ XDG_CONFIG_HOME: '/home/ann/.cfg' }, 'linux', '/home/ann')).toBe('/home/ann/.cfg/device-signin');
    // A relative XDG_CONFIG_HOME is invalid by the XDG spec and ignored.
    expect(homeFolder({ XDG_CONFIG_HOME: 'cfg' }, 'linux', '/home/ann')).toBe('/home/ann/.config/device-signin');
    expect(homeFolder({}, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Application Support/Device Sign-In');
    expect(homeFolder({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\Device Sign-In',
    );
  });
});

describe('login --json lines from the events the flow publishes', () => {
  const code: FlowEvent = {
    type: 'code',
    userCode: 'WDJB-MJHT',
    verificationUri: 'https://login.example.com/device',
    verificationUriComplete: 'https://login.example.com/device?user_code=WDJB-MJHT',
    expiresAt: Date.parse('2026-11-23T12:10:00Z'),
    interval: 5,
  };

  it('spells code, pending, slow_down, retry and pending again as docs/cli.md does', () => {
    const now = Date.parse('2026-11-23T12:00:30Z');
    const flowEvents: FlowEvent[] = [
      code,
      { type: 'pending' },
      { type: 'slow_down', interval: 10 },
      { type: 'retry', reason: 'network', attempt: 1, nextAttemptAt: now + 19_200, delayMs: 19_200 },
      { type: 'pending' },
    ];
    expect(flowEvents.map((event) => loginEventFor(event, now))).toEqual([
      {
        type: 'code',
        user_code: 'WDJB-MJHT',
        verification_uri: 'https://login.example.com/device',
        verification_uri_complete: 'https://login.example.com/device?user_code=WDJB-MJHT',
        expires_at: '2026-11-23T12:10:00.000Z',
        interval: 5,
      },
      { type: 'pending' },
      { type: 'slow_down', interval: 10 },
      { type: 'retry', delay: 20, reason: 'network' },
      { type: 'pending' },
    ]);
  });

  it('prints only what the flow published: a state sent again is not a poll', async () => {
    const clock = new VirtualClock();
    const op = scriptedProvider({ clock, polls: [{ error: 'authorization_pending' }, { error: 'slow_down' }, { tokens: true }] });
    const flow = createSignInFlow({ config: { issuer: op.issuer, clientId: 'demo-client', scope: 'openid' }, fetch: op.fetch, clock });
    const lines: string[] = [];
    flow.onEvent((event) => lines.push(loginEventFor(event, clock.now()).type));
    const states: string[] = [];
    flow.subscribe((state) => states.push(state.status));
    await clock.run(flow.start());
    expect(lines).toEqual(['code', 'pending', 'slow_down']);
    expect(states.at(-1)).toBe('signed_in');
  });
});

describe('opening the browser', () => {
  const display = { DISPLAY: ':0' };

  it('hands the URL to the opener as one argument, never through a shell', () => {
    const url = 'https://login.example.com/device?user_code=WDJB-MJHT&x=$(reboot)';
    expect(browserLaunch(url, 'linux', display)).toEqual({ kind: 'launch', command: 'xdg-open', args: [new URL(url).href] });
    expect(browserLaunch(url, 'linux', { WAYLAND_DISPLAY: 'wayland-0' })).toMatchObject({ command: 'xdg-open' });
    expect(browserLaunch(url, 'darwin', {})).toEqual({ kind: 'launch', command: 'open', args: [new URL(url).href] });
    expect(browserLaunch(url, 'win32', {})).toEqual({
      kind: 'launch',
      command: 'rundll32.exe',
      args: ['url.dll,FileProtocolHandler', new URL(url).href],
    });
  });

  it('does not try without a display on Linux', () => {
    expect(browserLaunch('https://login.example.com/device', 'linux', {})).toEqual({ kind: 'skip', reason: 'there is no display' });
  });

  it.each(['http://login.example.com/device', 'javascript:alert(1)', 'file:///etc/passwd', 'not a url'])('never opens %s', (url) => {
    expect(browserLaunch(url, 'linux', display).kind).toBe('skip');
  });

  it('opens plain http on loopback, for the demo provider', () => {
    expect(browserLaunch('http://127.0.0.1:3000/device', 'linux', display).kind).toBe('launch');
  });
});

/** The English catalog as the built CLI has it, compiled. */
const english = cliTranslateIn('en');

describe('what a failure says', () => {
  it.each(errorCodes)('%s: one sentence of what happened, one of what to do', (code) => {
    const { what, next } = explain(english, code, {
      config: { issuer: 'https://login.example.com', clientId: 'app', scope: 'openid' },
      problem: undefined,
    });
    expect(what).toMatch(/^[A-Z`].*[.]$/);
    expect(next).toMatch(/^[A-Z`].*[.]$/);
  });
});
