/**
 * The command line's fetch (src/cli/network.ts) and the process's certificates: plain http
 * leaves them as Node has them, the first https request trusts the OS store and `caFile` beside
 * Node's own list, and a bad `caFile` is refused whatever the scheme. Real servers on 127.0.0.1,
 * one over https with a certificate from a CA made here.
 */
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliFetch } from '../../src/cli/network.ts';
import { makeCa, makeServerCertificate } from '../support/certificates.ts';

const servers: Server[] = [];
let httpUrl: string;
let httpsUrl: string;
let caFile: string;
/** The worker's certificates before this file, put back after it: other files share the process. */
const nodeDefaults = tls.getCACertificates('default');

function fingerprints(pems: readonly string[]): Set<string> {
  return new Set(pems.map((pem) => new X509Certificate(pem).fingerprint256));
}

async function listen(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return String((server.address() as AddressInfo).port);
}

beforeAll(async () => {
  const ca = await makeCa('Network Test Root CA');
  const certificate = await makeServerCertificate(ca, { ips: ['127.0.0.1'] });
  const folder = await mkdtemp(join(tmpdir(), 'device-signin-network-'));
  caFile = join(folder, 'ca.pem');
  await writeFile(caFile, ca.cert);
  const answer = (_request: unknown, response: { end(text: string): void }): void => {
    response.end('ok');
  };
  httpUrl = `http://127.0.0.1:${await listen(createHttpServer(answer))}/`;
  httpsUrl = `https://127.0.0.1:${await listen(createHttpsServer({ key: certificate.key, cert: certificate.cert }, answer))}/`;
});

afterAll(async () => {
  tls.setDefaultCACertificates(nodeDefaults);
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe("the command line's fetch", () => {
  it('leaves the certificates alone for plain http, then trusts the OS store and caFile on the first https request', async () => {
    const fetchOnce = cliFetch({ caFile }, {});
    await expect((await fetchOnce(httpUrl, {})).text()).resolves.toBe('ok');
    expect(tls.getCACertificates('default')).toEqual(nodeDefaults);
    // Node's own list does not know the CA made here: the same request without the command line's setup fails.
    await expect(fetch(httpsUrl)).rejects.toThrow();

    await expect((await fetchOnce(httpsUrl, {})).text()).resolves.toBe('ok');
    // Node's own list kept, the OS store added, and the CA of caFile (compared as certificates: Node
    // lists what both hold once, and writes the PEM its own way).
    const before = fingerprints([...nodeDefaults, ...tls.getCACertificates('system')]);
    const trusted = fingerprints(tls.getCACertificates('default'));
    expect([...before].filter((print) => !trusted.has(print))).toEqual([]);
    expect(trusted.size).toBe(before.size + 1);
  });

  it('refuses a caFile that cannot be read on a plain http request too, as a setting to correct', async () => {
    const fetchOnce = cliFetch({ caFile: join(tmpdir(), 'device-signin-no-such-ca.pem') }, {});
    await expect(fetchOnce(httpUrl, {})).rejects.toMatchObject({ code: 'invalid_config' });
  });
});
