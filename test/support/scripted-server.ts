/**
 * A scripted provider (scripted-provider.ts) served over HTTP on 127.0.0.1, so the built CLI can
 * sign in against it without a phone: it approves on the first poll unless told otherwise, and
 * polls every second. Its issuer is its own loopback URL.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './provider-proxy.ts';
import { type ScriptedProviderOptions, scriptedProvider } from './scripted-provider.ts';
import { VirtualClock } from './virtual-clock.ts';

export async function serveScriptedProvider(
  options: Omit<ScriptedProviderOptions, 'clock' | 'issuer'>,
  cleanups: (() => Promise<unknown>)[],
): Promise<{ readonly issuer: string; readonly provider: ReturnType<typeof scriptedProvider> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = scriptedProvider({
    clock: new VirtualClock(),
    issuer,
    ...options,
    deviceAuthorization: { interval: 1, ...options.deviceAuthorization },
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = (await readBody(req)).toString('utf8');
      const answer = await provider.fetch(`${issuer}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers: req.headers as Record<string, string>,
        ...(body === '' ? {} : { body }),
      });
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    })();
  });
  return { issuer, provider };
}
