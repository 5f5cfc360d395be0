/**
 * The issuer's host looked at one layer at a time, as the help desk needs it: the name, the
 * connection (direct, or a CONNECT tunnel through the proxy, RFC 9110 §9.3.6), the TLS handshake.
 * Node's own sockets, not fetch: fetch answers "it failed", and each layer has its own way out.
 * Every call ends when `signal` fires; a socket is destroyed, never left to keep the process up.
 */
import { lookup } from 'node:dns/promises';
import { isIP, type Socket, connect as connectTcp } from 'node:net';
import { connect as connectTls, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { ProxySource } from './report.ts';

/** How requests to the issuer travel: direct, or through an http(s) proxy over CONNECT. */
export type IssuerRoute = { readonly kind: 'direct' } | { readonly kind: 'proxy'; readonly url: URL; readonly source: ProxySource };

export type NameOutcome = { readonly addresses: readonly string[] } | { readonly detail: string };

export type ConnectionOutcome =
  | { readonly socket: Socket; readonly address: string }
  | { readonly failure: 'refused' | 'proxy_unreachable' | 'proxy_refused' | 'proxy_auth'; readonly detail: string };

export interface HandshakeOutcome {
  /** The chain as presented, leaf first (with the root when the server sent it). */
  readonly chain: readonly X509Certificate[];
  /** OpenSSL's verify code, or Node's ERR_TLS_CERT_ALTNAME_INVALID; none when trusted for this host. */
  readonly error?: string;
}

export async function resolveName(host: string): Promise<NameOutcome> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) return { addresses: [bare] };
  try {
    return { addresses: (await lookup(bare, { all: true })).map(({ address }) => address) };
  } catch (error) {
    return { detail: describe(error) };
  }
}

/** A TCP connection to `host:port`, direct or tunnelled through the route's proxy. */
export async function openConnection(host: string, port: number, route: IssuerRoute, signal: AbortSignal): Promise<ConnectionOutcome> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (route.kind === 'direct') {
    try {
      const socket = await tcp(bare, port, signal);
      return { socket, address: socket.remoteAddress ?? bare };
    } catch (error) {
      return { failure: 'refused', detail: describe(error) };
    }
  }
  const proxyPort = Number(route.url.port || (route.url.protocol === 'https:' ? 443 : 80));
  let socket: Socket;
  try {
    const raw = await tcp(route.url.hostname.replace(/^\[|\]$/g, ''), proxyPort, signal);
    socket = route.url.protocol === 'https:' ? await tlsOver(raw, route.url.hostname, [], signal).then(({ socket: s }) => s) : raw;
  } catch (error) {
    return { failure: 'proxy_unreachable', detail: describe(error) };
  }
  const authority = `${host}:${String(port)}`;
  const credentials = route.url.username === '' ? '' : `Proxy-Authorization: Basic ${basic(route.url)}\r\n`;
  socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${credentials}\r\n`);
  const status = await statusLine(socket, signal);
  if (status === 200) return { socket, address: authority };
  socket.destroy();
  const detail = status === undefined ? 'the proxy closed the connection' : `HTTP ${String(status)}`;
  return { failure: status === 407 ? 'proxy_auth' : 'proxy_refused', detail };
}

/** A TLS handshake over `socket` that trusts `ca`; an untrusted chain is reported, not refused, so it can be named. */
export async function handshake(socket: Socket, host: string, ca: readonly string[], signal: AbortSignal): Promise<HandshakeOutcome> {
  const { socket: secure, error } = await tlsOver(socket, host, ca, signal);
  try {
    return { chain: chainOf(secure.getPeerCertificate(true)), ...(error === undefined ? {} : { error }) };
  } finally {
    secure.destroy();
  }
}

function tcp(host: string, port: number, signal: AbortSignal): Promise<Socket> {
  return opened(() => connectTcp({ host, port }), 'connect', signal);
}

async function tlsOver(
  socket: Socket,
  host: string,
  ca: readonly string[],
  signal: AbortSignal,
): Promise<{ socket: TLSSocket; error?: string }> {
  const bare = host.replace(/^\[|\]$/g, '');
  // An IP address is no server name (RFC 6066 §3); the certificate is still checked against it.
  const name = isIP(bare) === 0 ? { servername: bare } : {};
  const secure = await opened(
    () => connectTls({ socket, host: bare, ...name, ca: [...ca], rejectUnauthorized: false }),
    'secureConnect',
    signal,
  );
  // Node sets the verify error's code before 'secureConnect' (a string, whatever its type says): see tls.connect's onConnectSecure.
  const reason: unknown = secure.authorizationError;
  return secure.authorized ? { socket: secure } : { socket: secure, error: typeof reason === 'string' ? reason : String(reason) };
}

/** The socket `open` starts, once it emits `ready`; on an error, or when `signal` fires first, it is destroyed and the promise rejects. */
function opened<S extends Socket>(open: () => S, ready: 'connect' | 'secureConnect', signal: AbortSignal): Promise<S> {
  return new Promise((resolve, reject) => {
    const socket = open();
    const abort = (): void => {
      socket.destroy();
      reject(new Error('aborted'));
    };
    signal.addEventListener('abort', abort, { once: true });
    socket.once(ready, () => {
      signal.removeEventListener('abort', abort);
      resolve(socket);
    });
    socket.once('error', (error: unknown) => {
      signal.removeEventListener('abort', abort);
      socket.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

/** The status code of the proxy's answer to CONNECT, read up to the end of its head. */
function statusLine(socket: Socket, signal: AbortSignal): Promise<number | undefined> {
  return new Promise((resolve) => {
    let head = '';
    const done = (status: number | undefined): void => {
      socket.off('data', onData);
      signal.removeEventListener('abort', onAbort);
      resolve(status);
    };
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
      done(status === undefined ? undefined : Number(status));
    };
    const onAbort = (): void => {
      socket.destroy();
      done(undefined);
    };
    socket.on('data', onData);
    socket.once('close', () => {
      done(undefined);
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function chainOf(leaf: DetailedPeerCertificate): X509Certificate[] {
  const chain: X509Certificate[] = [];
  // The root issues itself, so its issuerCertificate is itself: stop there, and at any loop.
  let current: Partial<DetailedPeerCertificate> = leaf;
  for (; current.raw !== undefined && chain.length < 10; current = current.issuerCertificate ?? {}) {
    const certificate = new X509Certificate(current.raw);
    if (chain.some((known) => known.fingerprint256 === certificate.fingerprint256)) break;
    chain.push(certificate);
  }
  return chain;
}

function basic(url: URL): string {
  return Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code === undefined ? error.message : `${code}: ${error.message}`;
}
