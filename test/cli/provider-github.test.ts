/**
 * The built `device-signin` against the GitHub stand-in (test/support/stand-ins/github.ts), set
 * up by flags and by the environment as docs/providers.md says; the session in a 0600 file.
 * GitHub cannot be asked to revoke by a public client, so logout says where the user can.
 * Where the gh CLI and openssl are installed, gh itself signs in through the stand-in too: a
 * cross-check, by GitHub's own client, that the stand-in speaks GitHub's wire format.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, type TestContext } from 'vitest';
import { buildCli, runCli, startCli } from '../support/built-cli.ts';
import { environment, eventOfType, events } from '../support/cli-fixture.ts';
import { startGitHubStandIn } from '../support/stand-ins/github.ts';

const cli = await buildCli('provider-github');

async function setUp(t: TestContext) {
  const op = await startGitHubStandIn();
  const home = await mkdtemp(join(tmpdir(), 'device-signin-github-'));
  t.onTestFinished(async () => {
    await op.close();
    await rm(home, { recursive: true, force: true });
  });
  return { op, home };
}

describe.concurrent('device-signin with provider github', () => {
  it('signs in by flags, says who signed in, and at logout that it only forgets the token here, naming where to revoke it', async (t) => {
    const { op, home } = await setUp(t);
    const flags = [
      '--insecure-storage',
      '--provider',
      'github',
      '--issuer',
      op.issuer,
      '--client-id',
      op.clientId,
      '--scope',
      'read:user user:email',
    ];
    const login = startCli(cli, ['login', '--json', '--no-open', ...flags], environment(home));
    const code = await login.waitForLine(eventOfType('code'));
    expect(code).toMatchObject({ verification_uri: `${op.issuer}/login/device` });
    op.approve({}, String(code.user_code));
    expect((await login.ended).status).toBe(0);
    const status = events((await runCli(cli, ['status', '--json', ...flags], environment(home))).stdout);
    expect(status[0]).toMatchObject({
      signed_in: true,
      sub: '583231',
      name: 'The Octocat',
      email: 'octocat@example.test',
      refreshable: false,
    });
    expect(status[0]).not.toHaveProperty('expires_at');
    const signedInAt = Date.now();
    const logout = await runCli(cli, ['logout', ...flags], environment(home));
    expect(logout.status).toBe(0);
    expect(logout.stderr).toContain('only forgotten on this computer');
    expect(logout.stderr).toContain(`open ${op.issuer}/settings/connections/applications/${op.clientId} and revoke this app's access.`);
    // GitHub's tokens do not expire: nothing may promise that this one will.
    expect(logout.stderr).not.toMatch(/until (they|it) expire/);
    // Nothing was sent to GitHub at sign-out: there is no endpoint this client may call.
    expect(op.requests.filter((r) => r.at >= signedInAt)).toEqual([]);
  });

  it('signs in by the environment alone, and logout --json gives revoke_at', async (t) => {
    const { op, home } = await setUp(t);
    const env = environment(home, {
      DEVICE_SIGNIN_PROVIDER: 'github',
      DEVICE_SIGNIN_ISSUER: op.issuer,
      DEVICE_SIGNIN_CLIENT_ID: op.clientId,
      DEVICE_SIGNIN_SCOPE: 'read:user',
    });
    const login = startCli(cli, ['login', '--json', '--no-open', '--insecure-storage'], env);
    const code = await login.waitForLine(eventOfType('code'));
    op.approve({}, String(code.user_code));
    expect(events((await login.ended).stdout).at(-1)).toMatchObject({ type: 'signed_in', sub: '583231' });
    const logout = events((await runCli(cli, ['logout', '--json', '--insecure-storage'], env)).stdout);
    expect(logout).toEqual([
      {
        type: 'logout',
        signed_out: true,
        was_signed_in: true,
        revocation: 'unsupported',
        revoke_at: `${op.issuer}/settings/connections/applications/${op.clientId}`,
      },
    ]);
    const again = events((await runCli(cli, ['status', '--json', '--insecure-storage'], env)).stdout);
    expect(again).toEqual([
      { type: 'status', signed_in: false, issuer: op.issuer, client_id: op.clientId, policy_sources: [] },
      expect.objectContaining({ type: 'error', code: 'not_signed_in' }),
    ]);
  });

  it('needs no issuer for github.com: the provider and a client id are enough', async (t) => {
    const { home } = await setUp(t);
    const env = environment(home, { DEVICE_SIGNIN_PROVIDER: 'github', DEVICE_SIGNIN_CLIENT_ID: 'Ov23li0123456789abcd' });
    // Nobody is signed in, so status asks nothing of github.com and says where it would sign in.
    const status = events((await runCli(cli, ['status', '--json', '--insecure-storage'], env)).stdout);
    expect(status).toEqual([
      { type: 'status', signed_in: false, issuer: 'https://github.com', client_id: 'Ov23li0123456789abcd', policy_sources: [] },
      expect.objectContaining({ type: 'error', code: 'not_signed_in' }),
    ]);
  });

  it('reports device_flow_disabled as its own error code, with what to do', async (t) => {
    const { op, home } = await setUp(t);
    op.disableDeviceFlow();
    const result = await runCli(
      cli,
      ['login', '--json', '--no-open', '--insecure-storage', '--provider', 'github', '--issuer', op.issuer, '--client-id', op.clientId],
      environment(home),
    );
    expect(result.status).toBe(1);
    const [error, ...rest] = events(result.stdout);
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ type: 'error', code: 'device_flow_disabled' });
    expect(String(error?.message)).toContain('Enable Device Flow');
  });
});

const installed = (command: string, ...args: string[]): boolean => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/** A certificate for `host` made by openssl, which gh (Go) trusts through SSL_CERT_FILE. */
async function selfSigned(folder: string, host: string): Promise<{ key: string; cert: string; certFile: string }> {
  const [keyFile, certFile] = [join(folder, 'key.pem'), join(folder, 'cert.pem')];
  const subject = ['-subj', `/CN=${host}`, '-addext', `subjectAltName=DNS:${host}`];
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '1',
    ...subject,
  ]);
  return { key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8'), certFile };
}

/**
 * An HTTPS_PROXY whose every CONNECT, for whatever host, is tunnelled to 127.0.0.1:`port`: gh
 * takes no port in a host name and will not use http, so it is sent to "ghes.test" and reaches
 * the loopback stand-in, and nothing else.
 */
async function loopbackTunnel(t: TestContext, port: number): Promise<string> {
  const proxy = createServer((_request, response) => {
    response.writeHead(405).end();
  });
  proxy.on('connect', (_request, socket, head) => {
    const upstream = connect(port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket).on('error', () => undefined);
      socket.pipe(upstream).on('error', () => undefined);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  t.onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        proxy.closeAllConnections();
        proxy.close(() => {
          resolve();
        });
      }),
  );
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

/** gh's own OAuth app, which it signs in to Enterprise Server hosts with. */
const ghClientId = '178c6fc778ccc68e1d6a';

describe.skipIf(!installed('gh', '--version') || !installed('openssl', 'version'))(
  "the GitHub stand-in, as GitHub's own gh CLI reads it",
  () => {
    it('lets `gh auth login --web` sign in: form-encoded answers, pending polls as HTTP 200, then GraphQL viewer { login }', async (t) => {
      const home = await mkdtemp(join(tmpdir(), 'device-signin-gh-'));
      t.onTestFinished(() => rm(home, { recursive: true, force: true }));
      const tls = await selfSigned(home, 'ghes.test');
      const op = await startGitHubStandIn({ clientId: ghClientId, tls });
      t.onTestFinished(() => op.close());
      const proxy = await loopbackTunnel(t, Number(new URL(op.issuer).port));
      const env = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        GH_CONFIG_DIR: join(home, 'gh'),
        SSL_CERT_FILE: tls.certFile,
        HTTPS_PROXY: proxy,
        BROWSER: 'true',
        GH_NO_UPDATE_NOTIFIER: '1',
      };
      const gh = promisify(execFile)('gh', ['auth', 'login', '--hostname', 'ghes.test', '--web', '--git-protocol', 'https'], {
        env,
        timeout: 20_000,
      });
      gh.child.stdin?.end('\n');
      await op.polled(1);
      op.approve();
      await gh;
      const hosts = await readFile(join(home, 'gh', 'hosts.yml'), 'utf8');
      expect(hosts).toMatch(/ghes\.test:[\s\S]*user: octocat/);
      const token = /oauth_token: (\S+)/.exec(hosts)?.[1] ?? '';
      expect(op.isActive(token)).toBe(true);
      // gh asks for no JSON, so both OAuth endpoints answered in GitHub's default form encoding.
      expect(op.requests.filter((r) => r.path.startsWith('/login/')).map((r) => [r.path, /json/.test(r.headers.accept ?? '')])).toEqual([
        ['/login/device/code', false],
        ['/login/oauth/access_token', false],
        ['/login/oauth/access_token', false],
      ]);
      expect(op.count('/api/graphql', 'POST')).toBe(1);
    });
  },
);
