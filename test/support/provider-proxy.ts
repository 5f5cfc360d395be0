import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'oidc-provider';
import { signingKeyOf } from '../../src/demo-provider/keys.ts';
import { type DemoProvider, type DemoProviderOptions, startDemoProvider } from '../../src/demo-provider/provider.ts';
import { processKeyPair } from './stand-ins/issued-tokens.ts';

/** Which provider endpoint a request is for, found from the provider's own discovery document. */
export type Route = 'discovery' | 'device_authorization' | 'token' | 'userinfo' | 'revocation' | 'other';

export interface UpstreamAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One request passing through the proxy; the handler answers it, usually after forwarding it. */
export interface Exchange {
  readonly route: Route;
  /** The request's path, for a test that watches where requests went. */
  readonly path: string;
  readonly method: string;
  readonly body: Buffer;
  /** Sends the request on to the provider, Host unchanged, and reads the whole answer. */
  forward(): Promise<UpstreamAnswer>;
  reply(answer: UpstreamAnswer): void;
  replyJson(status: number, body: unknown): void;
  /** Cuts the connection without an answer, as a reset or a dropped network would. */
  reset(): void;
}

/** How to start the demo provider behind the proxy. */
export type ProxiedProviderOptions = Omit<DemoProviderOptions, 'issuer' | 'host' | 'port' | 'lan'> & {
  /**
   * An `interval` (seconds) added to device authorization answers that carry none (RFC 8628 §3.2),
   * so a test whose subject is not the polling pace does not wait the default five seconds per poll.
   */
  readonly interval?: number;
};

export interface ProxiedProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly introspection: DemoProvider['introspection'];
  close(): Promise<void>;
}

/**
 * The demo provider behind a proxy on 127.0.0.1 that sees, and may change, every exchange.
 * The proxy starts first and the provider announces the proxy's URL as its issuer; Host is
 * forwarded unchanged because oidc-provider builds its endpoint URLs from it.
 */
export async function startProviderBehindProxy(
  handle: (exchange: Exchange) => Promise<void>,
  options: ProxiedProviderOptions = {},
): Promise<ProxiedProvider> {
  const { interval, ...providerOptions } = options;
  const agent = new Agent({ keepAlive: true });
  let upstream: URL | undefined;
  let routes = new Map<string, Route>();

  const proxy = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (upstream === undefined) {
        sendJson(res, 503, { error: 'temporarily_unavailable' });
        return;
      }
      const target = upstream;
      const path = new URL(req.url ?? '/', 'http://proxy.invalid').pathname;
      const route = routes.get(path) ?? 'other';
      const exchange: Exchange = {
        route,
        path,
        method: req.method ?? 'GET',
        body,
        forward: async () => {
          const answer = await forward(req, body, target, agent);
          return route === 'device_authorization' && interval !== undefined ? withInterval(answer, interval) : answer;
        },
        reply: (answer) => {
          const headers: IncomingHttpHeaders = { ...answer.headers, 'content-length': String(answer.body.length) };
          delete headers['transfer-encoding'];
          res.writeHead(answer.status, headers);
          res.end(answer.body);
        },
        replyJson: (status, value) => {
          sendJson(res, status, value);
        },
        reset: () => {
          req.socket.destroy();
        },
      };
      await handle(exchange);
    })().catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(res, 502, { error: 'server_error', error_description: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(0, '127.0.0.1', () => {
      proxy.off('error', reject);
      resolve();
    });
  });
  const issuer = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  function closeProxy(): Promise<void> {
    return new Promise((resolve) => {
      proxy.close(() => {
        resolve();
      });
      proxy.closeAllConnections();
      agent.destroy();
    });
  }

  let provider: DemoProvider;
  try {
    provider = await startDemoProvider({ signingKey: testSigningKey(), ...providerOptions, issuer });
    upstream = new URL(provider.serverUrl);
    routes = await routesOf(provider.serverUrl);
  } catch (error) {
    await closeProxy();
    throw error;
  }
  return {
    issuer,
    clientId: provider.clientId,
    introspection: provider.introspection,
    close: async () => {
      await closeProxy();
      await provider.close();
    },
  };
}

/** The test process's one RSA key (processKeyPair), as a demo provider's signing key. */
let sharedKey: JWK | undefined;
const testSigningKey = (): JWK => (sharedKey ??= signingKeyOf(processKeyPair().privateKey));

/**
 * The demo provider as it is, or, given an `interval` to announce, behind a proxy that only adds
 * it: the provider to sign in against when the polling pace is not what a test is about.
 */
export async function startTestProvider({ interval, ...options }: ProxiedProviderOptions = {}): Promise<ProxiedProvider> {
  if (interval === undefined) return startDemoProvider({ signingKey: testSigningKey(), ...options });
  return startProviderBehindProxy(
    async (exchange) => {
      exchange.reply(await exchange.forward());
    },
    { ...options, interval },
  );
}

function forward(req: IncomingMessage, body: Buffer, target: URL, agent: Agent): Promise<UpstreamAnswer> {
  return new Promise((resolve, reject) => {
    const upstreamReq = request({
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
      agent,
    });
    upstreamReq.once('response', (upstreamRes) => {
      readBody(upstreamRes).then((answer) => {
        resolve({ status: upstreamRes.statusCode ?? 502, headers: upstreamRes.headers, body: answer });
      }, reject);
    });
    upstreamReq.once('error', reject);
    upstreamReq.end(body);
  });
}

/** A successful device authorization answer with `interval` added, unless the provider sent one. */
function withInterval(answer: UpstreamAnswer, interval: number): UpstreamAnswer {
  const json = answer.status === 200 ? parseJsonObject(answer.body) : undefined;
  if (json === undefined || 'interval' in json) return answer;
  return { ...answer, body: Buffer.from(JSON.stringify({ ...json, interval })) };
}

/** The provider's route paths, from its discovery document (they do not depend on the host). */
async function routesOf(serverUrl: string): Promise<Map<string, Route>> {
  const response = await fetch(new URL('/.well-known/openid-configuration', serverUrl));
  const metadata = parseJsonObject(Buffer.from(await response.arrayBuffer())) ?? {};
  const routes = new Map<string, Route>([['/.well-known/openid-configuration', 'discovery']]);
  const endpoints: [string, Route][] = [
    ['device_authorization_endpoint', 'device_authorization'],
    ['token_endpoint', 'token'],
    ['userinfo_endpoint', 'userinfo'],
    ['revocation_endpoint', 'revocation'],
  ];
  for (const [field, route] of endpoints) {
    const value = metadata[field];
    if (typeof value === 'string') routes.set(new URL(value).pathname, route);
  }
  return routes;
}

export async function readBody(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
  });
  res.end(payload);
}
