/**
 * What every provider stand-in shares: a real node:http server on 127.0.0.1 (port 0, so the OS
 * picks one that fetch does not refuse), requests read whole (form, JSON or query) and recorded,
 * JSON and form replies, opaque tokens and codes. Each stand-in (test/support/stand-ins/<provider>.ts)
 * adds only its provider's wire format on top of this, device-grants.ts (the codes and their
 * states) and issued-tokens.ts (signed ID tokens and the tokens it issued).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** A request as a stand-in sees it: everything read, nothing left to stream. */
export interface StandInRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The form body (`application/x-www-form-urlencoded`), or the query of a request without one. */
  readonly form: URLSearchParams;
  /** The parsed JSON body, when it is JSON. */
  readonly json: unknown;
  /** The token of an `Authorization: Bearer` header (RFC 6750 §2.1). */
  readonly bearer: string | undefined;
  /** HTTP Basic credentials (RFC 6749 §2.3.1), decoded. */
  readonly basic: { readonly id: string; readonly secret: string } | undefined;
}

export interface StandInReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as `application/json` unless `text` is given. */
  readonly json?: unknown;
  readonly text?: string;
}

/** What the stand-in was asked, in arrival order. */
export interface RecordedRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly form: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

export interface StandInServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly requests: readonly RecordedRequest[];
  /** How many requests went to `path` (with `method`, when given). */
  count(path: string, method?: string): number;
  close(): Promise<void>;
}

export type StandInHandler = (request: StandInRequest) => StandInReply | Promise<StandInReply>;

/** A stand-in's endpoints, each under its `METHOD /path`. */
export type StandInRoutes = Readonly<Record<string, StandInHandler>>;

/** Answers a request from `routes` by its method and path, and any other with `notFound`. */
export function routed(routes: StandInRoutes, notFound: StandInReply): StandInHandler {
  return (request) => routes[`${request.method} ${request.url.pathname}`]?.(request) ?? notFound;
}

/**
 * Starts `handle` on a loopback port of the OS's choosing; only loopback is ever listened on.
 * With `tls` (PEM key and certificate) it speaks https, for a client that will not use http.
 */
export async function startStandInServer(
  handle: StandInHandler,
  tls?: { readonly key: string; readonly cert: string },
): Promise<StandInServer> {
  const requests: RecordedRequest[] = [];
  const listener = (incoming: IncomingMessage, outgoing: ServerResponse): void => {
    void serve(incoming, outgoing, handle, requests);
  };
  const server = tls === undefined ? createServer(listener) : createTlsServer(tls, listener);
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    requests,
    count: (path, method) => requests.filter((r) => r.path === path && (method === undefined || r.method === method)).length,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

async function serve(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  handle: StandInHandler,
  requests: RecordedRequest[],
): Promise<void> {
  let reply: StandInReply;
  try {
    const request = await readRequest(incoming);
    requests.push({ at: Date.now(), method: request.method, path: request.url.pathname, form: request.form, headers: request.headers });
    reply = await handle(request);
  } catch (error) {
    reply = { status: 500, text: `stand-in failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const body = reply.text ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
  const type = reply.text === undefined ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
  outgoing.writeHead(reply.status, { 'content-type': type, 'cache-control': 'no-store', ...reply.headers });
  outgoing.end(body);
}

async function readRequest(incoming: IncomingMessage): Promise<StandInRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
  const type = incoming.headers['content-type'] ?? '';
  const isForm = /application\/x-www-form-urlencoded/i.test(type);
  return {
    method: incoming.method ?? 'GET',
    url,
    headers: incoming.headers,
    body,
    form: isForm ? new URLSearchParams(body) : new URLSearchParams(url.search),
    json: /json/i.test(type) ? parseJson(body) : undefined,
    bearer: /^Bearer (.+)$/i.exec(incoming.headers.authorization ?? '')?.[1],
    basic: basicCredentials(incoming.headers.authorization),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function basicCredentials(authorization: string | undefined): StandInRequest['basic'] {
  const encoded = /^Basic (.+)$/i.exec(authorization ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const [id, ...secret] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
  return { id: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret.join(':')) };
}

/** A JSON reply. */
export function json(status: number, body: unknown, headers?: Readonly<Record<string, string>>): StandInReply {
  return { status, json: body, ...(headers === undefined ? {} : { headers }) };
}

/** A form-encoded reply (`application/x-www-form-urlencoded`), for providers that answer so. */
export function form(status: number, fields: Readonly<Record<string, string | number>>): StandInReply {
  const text = new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return { status, text, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } };
}

/** An opaque token or code: `prefix` and 32 random bytes, base64url. */
export function opaque(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** A user code: `length` characters drawn from `alphabet`. */
export function randomCode(length: number, alphabet: string): string {
  return Array.from({ length }, () => alphabet[(randomBytes(1)[0] ?? 0) % alphabet.length]).join('');
}

/** Seconds since the epoch, as JWT NumericDate (RFC 7519 §2). */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
