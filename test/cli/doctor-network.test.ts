/**
 * `device-signin doctor` on a corporate network, all on loopback (as corporate-network.test.ts):
 * the demo provider over https with a certificate from a CA made in the test, a CONNECT proxy
 * (the maintained `proxy` package), the same proxy refusing, one that cannot be reached, and a
 * TLS-inspecting gateway stand-in that re-signs with a second CA. Each layer is named apart.
 */
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProxy } from 'proxy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoProvider } from '../../src/demo-provider/provider.ts';
import { runCli } from '../support/built-cli.ts';
import { makeCa, makeServerCertificate, type Pem } from '../support/certificates.ts';
import { closedPort, environment, events, expectNoStackTrace } from '../support/cli-fixture.ts';
import { useBuiltCli } from '../support/cli-suite.ts';
import { type InspectingProxy, startInspectingProxy } from '../support/inspecting-proxy.ts';

const { cli, cleanups, dataFolder } = useBuiltCli('doctor-network');

let companyCa: Pem;
let companyCaFile: string;
let gatewayCaFile: string;
let folder: string;
let proxy: ReturnType<typeof createProxy>;
let proxyUrl: string;
const tunnels: string[] = [];
let gateway: InspectingProxy;

beforeAll(async () => {
  companyCa = await makeCa('Example Corp Root CA');
  const gatewayCa = await makeCa('Example Corp Inspection CA');
  folder = await mkdtemp(join(tmpdir(), 'device-signin-doctor-ca-'));
  companyCaFile = join(folder, 'company-ca.pem');
  gatewayCaFile = join(folder, 'gateway-ca.pem');
  await writeFile(companyCaFile, companyCa.cert);
  await writeFile(gatewayCaFile, gatewayCa.cert);
  proxy = createProxy(createHttpServer());
  proxy.on('connect', (req: { url?: string }) => tunnels.push(req.url ?? ''));
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  proxyUrl = `http://127.0.0.1:${String((proxy.address() as AddressInfo).port)}`;
  gateway = await startInspectingProxy(await makeServerCertificate(gatewayCa, { ips: ['127.0.0.1'] }), companyCa.cert);
}, 60_000);

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await gateway.close();
  await rm(folder, { recursive: true, force: true });
});

async function httpsProvider(): Promise<{ issuer: string; clientId: string }> {
  const op = await startDemoProvider({ tls: await makeServerCertificate(companyCa, { ips: ['127.0.0.1'] }), dpop: 'off' });
  cleanups.push(() => op.close());
  return op;
}

async function checksOf(args: readonly string[], extra: Record<string, string> = {}) {
  const result = await runCli(cli(), ['doctor', '--json', '--insecure-storage', ...args], environment(await dataFolder(), extra));
  expectNoStackTrace(result);
  const lines = events(result.stdout);
  const named = lines.map((line) => [typeof line['name'] === 'string' ? line['name'] : line.type, line] as const);
  return { status: result.status, checks: new Map(named) };
}

const target = (op: { issuer: string; clientId: string }): string[] => ['--issuer', op.issuer, '--client-id', op.clientId];

describe('doctor on a corporate network', () => {
  it('names a CA this computer does not trust, and the caFile that makes it trusted', async () => {
    const op = await httpsProvider();
    const untrusted = await checksOf(target(op));
    expect(untrusted.status).toBe(1);
    expect(untrusted.checks.get('tls')).toMatchObject({
      status: 'problem',
      code: 'untrusted',
      facts: { subject: '127.0.0.1', issuer: 'Example Corp Root CA', trustedBy: 'none' },
    });
    expect(untrusted.checks.get('discovery')).toMatchObject({ status: 'problem', code: 'failed', facts: { errorCode: 'tls_untrusted' } });
    const trusted = await checksOf(['--ca-file', companyCaFile, ...target(op)]);
    expect(trusted.status).toBe(0);
    const companyTrusted = { issuer: 'Example Corp Root CA', trustedBy: 'ca_file' };
    expect(trusted.checks.get('tls')).toMatchObject({ status: 'ok', code: 'trusted', facts: companyTrusted });
    expect(trusted.checks.get('device_endpoint')).toMatchObject({ status: 'ok', code: 'present' });
  });

  it('says the CA came from the system store when the OS store holds it', async () => {
    const op = await httpsProvider();
    // OpenSSL's own variable for the system store's file, which Node reads as the OS store on Linux.
    const { checks } = await checksOf(target(op), { SSL_CERT_FILE: companyCaFile });
    expect(checks.get('tls')).toMatchObject({ status: 'ok', code: 'trusted', facts: { trustedBy: 'system' } });
  });

  it('goes through a CONNECT proxy from HTTPS_PROXY, naming the proxy and the variable', async () => {
    const op = await httpsProvider();
    tunnels.length = 0;
    const { status, checks } = await checksOf(['--ca-file', companyCaFile, ...target(op)], { HTTPS_PROXY: proxyUrl });
    expect(status).toBe(0);
    const via = { proxy: proxyUrl, proxySource: { variable: 'HTTPS_PROXY' } };
    expect(checks.get('name')).toMatchObject({ status: 'ok', code: 'by_proxy', facts: via });
    expect(checks.get('connection')).toMatchObject({ status: 'ok', code: 'proxy', facts: via });
    expect(checks.get('tls')).toMatchObject({ status: 'ok', code: 'trusted', facts: { trustedBy: 'ca_file' } });
    expect(tunnels).toContain(new URL(op.issuer).host);
  });

  it('tells a proxy that refuses (407) from one that cannot be reached, and says the proxy setting came from a flag', async () => {
    const op = await httpsProvider();
    proxy.authenticate = () => false;
    try {
      const refused = await checksOf(['--ca-file', companyCaFile, ...target(op)], { HTTPS_PROXY: proxyUrl });
      expect(refused.status).toBe(1);
      expect(refused.checks.get('connection')).toMatchObject({ status: 'problem', code: 'proxy_auth', facts: { detail: 'HTTP 407' } });
      expect(refused.checks.get('tls')).toMatchObject({ status: 'skipped', code: 'after_problem', facts: { after: 'connection' } });
    } finally {
      delete proxy.authenticate;
    }
    const unreachable = `http://user:secret@127.0.0.1:${String(await closedPort())}`;
    const args = ['doctor', '--insecure-storage', '--proxy', unreachable, ...target(op)];
    const gone = await runCli(cli(), args, environment(await dataFolder()));
    expect(gone.status).toBe(1);
    const line = /^problem +Connection: the proxy http:\/\/127\.0\.0\.1:\d+ \(the proxy setting, from a flag\) could not be reached/m;
    expect(gone.stdout).toMatch(line);
    expect(gone.stdout).toContain("→ Check the proxy's address");
    expect(gone.stdout).not.toContain('secret');
  });

  it('names a TLS-inspecting gateway as such, and its CA once caFile trusts it', async () => {
    const op = await httpsProvider();
    const inspected = await checksOf(['--ca-file', companyCaFile, ...target(op)], { HTTPS_PROXY: gateway.url });
    expect(inspected.status).toBe(1);
    expect(inspected.checks.get('tls')).toMatchObject({
      status: 'problem',
      code: 'inspected_untrusted',
      facts: { issuer: 'Example Corp Inspection CA', proxy: gateway.url, trustedBy: 'none' },
    });
    const trusted = await checksOf(['--ca-file', gatewayCaFile, ...target(op)], { HTTPS_PROXY: gateway.url });
    const gatewayTrusted = { issuer: 'Example Corp Inspection CA', trustedBy: 'ca_file' };
    expect(trusted.checks.get('tls')).toMatchObject({ status: 'ok', code: 'inspected', facts: gatewayTrusted });
  });
});
