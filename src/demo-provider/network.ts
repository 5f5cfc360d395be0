import type { Server } from 'node:http';
import { networkInterfaces } from 'node:os';

/** Where the demo provider listens, and how it stops: the few network steps it needs from Node. */

/** The first non-internal IPv4 address, i.e. the one a phone on the same Wi-Fi can reach. */
export function firstLanIPv4(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const lan = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (lan !== undefined) return lan.address;
  }
  throw new Error('lan: this machine has no non-internal IPv4 address to announce');
}

export function urlHost(host: string): string {
  // A wildcard bind address is not something a client can connect to; loopback is.
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => {
      if (error === undefined) resolve();
      else reject(error);
    });
    // Browsers and fetch keep connections alive; without this close() waits for them to time out.
    server.closeAllConnections();
  });
}
