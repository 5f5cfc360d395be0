/**
 * The command line on a corporate network, all on loopback: the demo provider over https with a
 * certificate from a CA made in the test (the "company CA"); a CONNECT proxy (the maintained
 * `proxy` package) that logs what passes; a TLS-inspecting gateway stand-in that re-signs with a
 * second CA. Each failure has its own JSON code and one sentence of what to do.
 */
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProxy } from 'proxy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/built-cli.ts';
import { makeCa, makeServerCertificate, type Pem } from '../support/certificates.ts';
import { environment, eventOfType, events, target, useCliFixture } from '../support/cli-fixture.ts';
import { type InspectingProxy, startInspectingProxy } from '../support/inspecting-proxy.ts';

// The phone trusts the company CA as a managed phone would, which Chromium can be told to.
const fixture = useCliFixture('corporate-network', { phone: 'chromium' });
const { phone, dataFolder, signIn } = fixture;

let companyCa: Pem;
let gatewayCa: Pem;
let companyCaFile: string;
let gatewayCaFile: string;
let proxy: ReturnType<typeof createProxy>;
let proxyUrl: string;
const proxyLog: string[] = [];
let gateway: InspectingProxy;
let closedPort: number;

beforeAll(async () => {
  companyCa = await makeCa('Example Corp Root CA');
  gatewayCa = await makeCa('Example Corp Inspection CA');
  const folder = await mkdtemp(join(tmpdir(), 'device-signin-ca-'));
  companyCaFile = join(folder, 'company-ca.pem');
  gatewayCaFile = join(folder, 'gateway-ca.pem');
  await writeFile(companyCaFile, companyCa.cert);
  await writeFile(gatewayCaFile, gatewayCa.cert);
  proxy = createProxy(createHttpServer());
  proxy.on('connect', (req: { url?: string }) => proxyLog.push(`CONNECT ${req.url ?? ''}`));
  // A forwarded plain request (not a tunnel) would be read by the proxy in clear.
  proxy.on('request', (req: { method?: string; url?: string }) => proxyLog.push(`${req.method ?? ''} ${req.url ?? ''}`));
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  gateway = await startInspectingProxy(await makeServerCertificate(gatewayCa, { ips: ['127.0.0.1'] }), companyCa.cert);
  // A port nothing listens on: the proxy that cannot be reached.
  const probe = createHttpServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
}, 60_000);

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await gateway.close();
});

async function httpsProvider() {
  return phone.provider({ tls: await makeServerCertificate(companyCa, { ips: ['127.0.0.1'] }) });
}

/** Runs `login --json` until it shows a code (then stops it), or until it fails; returns its events. */
async function loginUntilCode(args: readonly string[], env: Record<string, string>): Promise<Record<string, unknown>[]> {
  const run = startCli(fixture.cli(), ['login', '--json', '--no-open', ...args], env);
  const shown = run.waitForLine(eventOfType('code')).then(
    () => run.child.kill('SIGINT'),
    () => undefined,
  );
  const result = await run.ended;
  await shown;
  return events(result.stdout);
}

describe('the command line on a corporate network', () => {
  it('signs in through an HTTPS_PROXY with the company CA: the proxy logs the CONNECT, and nothing goes in clear', async () => {
    const op = await httpsProvider();
    const home = await dataFolder();
    proxyLog.length = 0;
    const signedIn = await signIn(op, home, 'alice', ['--ca-file', companyCaFile]);
    expect(signedIn.at(-1)).toMatchObject({ type: 'signed_in', sub: 'alice' });
    // signIn's environment has no proxy: run again through one, from the environment.
    const status = await runCli(
      fixture.cli(),
      ['token', '--json', ...target(op)],
      environment(home, { HTTPS_PROXY: proxyUrl, DEVICE_SIGNIN_CA_FILE: companyCaFile }),
    );
    expect(status.status).toBe(0);
    proxyLog.length = 0;
    const login = await loginUntilCode(
      target(op),
      environment(await dataFolder(), { HTTPS_PROXY: proxyUrl, DEVICE_SIGNIN_CA_FILE: companyCaFile }),
    );
    expect(login.map((event) => event['type'])).toContain('code');
    expect(proxyLog).toContain(`CONNECT ${new URL(op.issuer).host}`);
    expect(proxyLog.filter((line) => !line.startsWith('CONNECT '))).toEqual([]);
  });

  it('says tls_untrusted for a CA it does not know, and trusts it given --ca-file', async () => {
    const op = await httpsProvider();
    const failed = await runCli(fixture.cli(), ['login', '--json', '--no-open', ...target(op)], environment(await dataFolder()));
    expect(failed.status).toBe(1);
    expect(events(failed.stdout).at(-1)).toMatchObject({
      type: 'error',
      code: 'tls_untrusted',
      message: expect.stringContaining('inspecting secure connections') as unknown,
    });
    const trusted = await loginUntilCode(['--ca-file', companyCaFile, ...target(op)], environment(await dataFolder()));
    expect(trusted.map((event) => event['type'])).toContain('code');
  });

  it('trusts a CA installed in the OS certificate store without any flag', async () => {
    const op = await httpsProvider();
    // OpenSSL's own variable for the system store's file, which Node reads as the OS store on Linux.
    const installed = await loginUntilCode(target(op), environment(await dataFolder(), { SSL_CERT_FILE: companyCaFile }));
    expect(installed.map((event) => event['type'])).toContain('code');
  });

  it('tells a TLS-inspecting gateway apart, and works once the gateway CA is trusted', async () => {
    const op = await httpsProvider();
    const env = environment(await dataFolder(), { HTTPS_PROXY: gateway.url });
    const human = await runCli(fixture.cli(), ['login', '--no-open', '--ca-file', companyCaFile, ...target(op)], env);
    expect(human.status).toBe(1);
    expect(human.stderr).toContain('the network may be inspecting secure connections');
    expect(human.stderr).toContain('--ca-file');
    expect(human.stderr).not.toContain('    at ');
    expect(gateway.seen).toContain(new URL(op.issuer).host);
    const through = await loginUntilCode(['--ca-file', gatewayCaFile, ...target(op)], env);
    expect(through.map((event) => event['type'])).toContain('code');
  });

  it('says tls_hostname for a certificate issued to another name', async () => {
    const wrongName = await makeServerCertificate(companyCa, { dns: ['login.example.test'] });
    const server = createHttpsServer(wrongName, (_req, res) => res.end('{}')).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const result = await runCli(
        fixture.cli(),
        ['login', '--json', '--no-open', '--ca-file', companyCaFile, '--issuer', issuer, '--client-id', 'x'],
        environment(await dataFolder()),
      );
      expect(events(result.stdout).at(-1)).toMatchObject({ type: 'error', code: 'tls_hostname' });
    } finally {
      server.close();
    }
  });

  it('says proxy_auth when the proxy answers 407, and proxy when it cannot be reached, the proxy named under --verbose', async () => {
    const op = await httpsProvider();
    proxy.authenticate = () => false;
    try {
      const refused = await runCli(
        fixture.cli(),
        ['login', '--json', '--no-open', '--ca-file', companyCaFile, ...target(op)],
        environment(await dataFolder(), { HTTPS_PROXY: proxyUrl }),
      );
      expect(events(refused.stdout).at(-1)).toMatchObject({ type: 'error', code: 'proxy_auth' });
    } finally {
      delete proxy.authenticate;
    }
    const unreachable = `http://user:secret@127.0.0.1:${closedPort}`;
    const gone = await runCli(
      fixture.cli(),
      ['login', '--no-open', '--verbose', '--ca-file', companyCaFile, ...target(op)],
      environment(await dataFolder(), { https_proxy: unreachable }),
    );
    expect(gone.status).toBe(1);
    expect(gone.stderr).toContain('The proxy could not be reached');
    expect(gone.stderr).toContain('(ECONNREFUSED: connect ECONNREFUSED');
    expect(gone.stderr).toContain(`(proxy http://127.0.0.1:${closedPort} from https_proxy)`);
    expect(gone.stderr).not.toContain('secret');
  });

  it('honours NO_PROXY and --proxy direct, and never sends plain http through a proxy', async () => {
    const op = await httpsProvider();
    const unreachable = `http://127.0.0.1:${closedPort}`;
    const exempt = await loginUntilCode(
      ['--ca-file', companyCaFile, ...target(op)],
      environment(await dataFolder(), { HTTPS_PROXY: unreachable, NO_PROXY: 'localhost,127.0.0.1' }),
    );
    expect(exempt.map((event) => event['type'])).toContain('code');
    const direct = await loginUntilCode(
      ['--proxy', 'direct', '--ca-file', companyCaFile, ...target(op)],
      environment(await dataFolder(), { HTTPS_PROXY: unreachable }),
    );
    expect(direct.map((event) => event['type'])).toContain('code');
    const viaFlag = await runCli(
      fixture.cli(),
      ['login', '--json', '--no-open', '--proxy', unreachable, '--ca-file', companyCaFile, ...target(op)],
      environment(await dataFolder()),
    );
    expect(events(viaFlag.stdout).at(-1)).toMatchObject({ type: 'error', code: 'proxy' });
    const plain = await phone.provider();
    const clear = await loginUntilCode(
      target(plain),
      environment(await dataFolder(), { HTTPS_PROXY: unreachable, HTTP_PROXY: unreachable }),
    );
    expect(clear.map((event) => event['type'])).toContain('code');
  });

  it('refuses a PAC file, a malformed proxy and a CA file without certificates, naming them', async () => {
    const op = await phone.provider();
    const pac = await runCli(
      fixture.cli(),
      ['login', '--json', '--no-open', '--proxy', 'https://wpad.example.test/proxy.pac', ...target(op)],
      environment(await dataFolder()),
    );
    expect(events(pac.stdout).at(-1)).toMatchObject({
      type: 'error',
      code: 'invalid_config',
      detail: expect.stringContaining('does not run PAC files') as unknown,
    });
    const empty = join(await dataFolder(), 'empty.pem');
    await writeFile(empty, 'not a certificate');
    const noCerts = await runCli(
      fixture.cli(),
      ['login', '--json', '--no-open', '--ca-file', empty, ...target(op)],
      environment(await dataFolder()),
    );
    expect(events(noCerts.stdout).at(-1)).toMatchObject({
      type: 'error',
      code: 'invalid_config',
      detail: expect.stringContaining('holds no PEM certificate') as unknown,
    });
  });
});
