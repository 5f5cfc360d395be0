/**
 * A stand-in for a TLS-inspecting gateway (the "SSL inspection" of corporate firewalls): it
 * accepts CONNECT like any proxy, but instead of tunnelling it answers the TLS handshake itself
 * with a certificate its own CA signed for the requested host, and fetches the real answer from
 * the target. Only loopback targets; `seen` records the hosts it intercepted.
 */
import { request as httpsRequest, createServer as createHttpsServer } from 'node:https';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Pem } from './certificates.ts';

export interface InspectingProxy {
  readonly url: string;
  readonly seen: readonly string[];
  close(): Promise<void>;
}

/** `leaf` is the gateway's certificate for the target host, signed by the gateway's CA; `targetCa` is what it trusts upstream. */
export async function startInspectingProxy(leaf: Pem, targetCa: string): Promise<InspectingProxy> {
  const seen: string[] = [];
  let upstream = '';
  const interceptor = createHttpsServer({ key: leaf.key, cert: leaf.cert }, (req: IncomingMessage, res: ServerResponse) => {
    const forward = httpsRequest(
      `https://${upstream}${req.url ?? '/'}`,
      { method: req.method, headers: req.headers, ca: targetCa },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => interceptor.listen(0, '127.0.0.1', resolve));
  const front = createServer();
  const sockets = new Set<Socket>();
  front.on('connect', (req: IncomingMessage, client: Socket) => {
    const target = req.url ?? '';
    if (!/^(127\.\d+\.\d+\.\d+|localhost):\d+$/.test(target)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    seen.push(target);
    upstream = target;
    const inner = connect((interceptor.address() as AddressInfo).port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      inner.pipe(client);
      client.pipe(inner);
    });
    for (const socket of [client, inner]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      interceptor.closeAllConnections();
      await Promise.all([new Promise((resolve) => front.close(resolve)), new Promise((resolve) => interceptor.close(resolve))]);
    },
  };
}
