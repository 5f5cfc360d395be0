import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  startDemoProvider,
  type DemoProvider,
  type DemoProviderOptions,
} from '../../src/demo-provider/provider.ts';

/*
 * A strict RFC 8628 authorization server for tests. oidc-provider defines `slow_down` but never sends it
 * and announces no `interval`, so a client's polling discipline cannot be checked against it alone. This
 * proxy sits in front of the demo provider, announces an interval, enforces it per device code and logs
 * every poll. The provider's issuer is the proxy's URL and Host is forwarded unchanged, so every URL the
 * provider hands out (verification_uri, token endpoint…) leads back through the proxy.
 */

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** RFC 8628 §3.5: on slow_down the interval "MUST be increased by 5 seconds for this and all subsequent requests". */
export const SLOW_DOWN_STEP_SECONDS = 5;

/** How to start the strict server. */
export interface StrictServerOptions {
  /** `interval` announced in device authorization responses, in seconds (RFC 8628 §3.2). Default 1. */
  interval?: number;
  /** 1-based poll numbers (per device code) answered `slow_down` on purpose, e.g. `[2]`. */
  slowDownOnPolls?: readonly number[];
  /**
   * Slack for timer and clock granularity: a poll at most this early still counts as on time.
   * Default 20 ms, far below any interval, so a client that ignores the interval is still caught.
   */
  toleranceMs?: number;
  /** Passed to the demo provider behind the proxy (TTLs, log). */
  provider?: Omit<DemoProviderOptions, 'issuer' | 'host' | 'port' | 'lan'>;
}

/** One token request for a device code, as the strict server saw and answered it. */
export interface PollRecord {
  /** Arrival time, ms since the epoch. */
  at: number;
  deviceCode: string;
  /** 1-based count of polls for this device code. */
  pollNumber: number;
  /** Arrived before `interval` had passed since the previous poll (or the device authorization response). */
  early: boolean;
  /** The `error` sent back (`slow_down`, `authorization_pending`, `access_denied`…) or 'tokens' on success. */
  answer: string;
  /** The interval in seconds in force when the poll arrived. */
  interval: number;
}

/** A running strict server; `issuer` and the credentials are the ones to hand to the client under test. */
export interface StrictServer {
  issuer: string;
  clientId: string;
  introspection: DemoProvider['introspection'];
  /** Every device-code poll, in arrival order. */
  readonly polls: readonly PollRecord[];
  /** The polls for one device code. */
  pollsFor(deviceCode: string): PollRecord[];
  /** The interval (seconds) now in force for a device code, after any slow_down increases. */
  intervalFor(deviceCode: string): number | undefined;
  close(): Promise<void>;
}

interface DeviceCodeState {
  interval: number;
  /** When the last poll arrived, or when the device authorization response went out. */
  lastContactAt: number;
  pollCount: number;
}

/** Starts the proxy on a random 127.0.0.1 port, then the demo provider behind it. */
export async function startStrictServer(options: StrictServerOptions = {}): Promise<StrictServer> {
  const announcedInterval = options.interval ?? 1;
  const slowDownOnPolls = new Set(options.slowDownOnPolls ?? []);
  const toleranceMs = options.toleranceMs ?? 20;
  const deviceCodes = new Map<string, DeviceCodeState>();
  const polls: PollRecord[] = [];
  const upstreamAgent = new Agent({ keepAlive: true });

  let upstream: URL | undefined;
  let paths: { deviceAuthorization: string; token: string } | undefined;

  const proxy = createServer((req, res) => {
    if (upstream === undefined || paths === undefined) {
      sendJson(res, 503, { error: 'temporarily_unavailable', error_description: 'strict server is starting' });
      return;
    }
    const target = upstream;
    const route = req.method === 'POST' ? new URL(req.url ?? '/', 'http://proxy.invalid').pathname : undefined;
    let handling: Promise<void>;
    if (route === paths.deviceAuthorization) handling = handleDeviceAuthorization(req, res, target);
    else if (route === paths.token) handling = handleToken(req, res, target);
    else handling = forward(req, req, target).then((upstreamRes) => { relay(res, upstreamRes); });
    handling.catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 502, { error: 'server_error', error_description: describe(error) });
      else res.destroy();
    });
  });

  /** RFC 8628 §3.2: pass the response on with `interval` added, and start the clock for its device code. */
  async function handleDeviceAuthorization(req: IncomingMessage, res: ServerResponse, target: URL): Promise<void> {
    const upstreamRes = await forward(req, await readBody(req), target);
    const body = await readBody(upstreamRes);
    const parsed = upstreamRes.statusCode === 200 ? parseJsonObject(body) : undefined;
    const deviceCode = parsed?.['device_code'];
    if (parsed === undefined || typeof deviceCode !== 'string') {
      relay(res, upstreamRes, body);
      return;
    }
    deviceCodes.set(deviceCode, { interval: announcedInterval, lastContactAt: Date.now(), pollCount: 0 });
    relay(res, upstreamRes, Buffer.from(JSON.stringify({ ...parsed, interval: announcedInterval })));
  }

  /** RFC 8628 §3.4/§3.5: check the pace of device-code polls; everything else on /token passes through. */
  async function handleToken(req: IncomingMessage, res: ServerResponse, target: URL): Promise<void> {
    const at = Date.now();
    const body = await readBody(req);
    const params = new URLSearchParams(body.toString('utf8'));
    const deviceCode = params.get('device_code');
    if (params.get('grant_type') !== DEVICE_CODE_GRANT || deviceCode === null) {
      relay(res, await forward(req, body, target));
      return;
    }

    const state = deviceCodes.get(deviceCode);
    if (state === undefined) {
      // Not one we issued through this proxy: let the provider answer (invalid_grant).
      const upstreamRes = await forward(req, body, target);
      const upstreamBody = await readBody(upstreamRes);
      const pollNumber = polls.filter((poll) => poll.deviceCode === deviceCode).length + 1;
      polls.push({ at, deviceCode, pollNumber, early: false, answer: answerOf(upstreamBody), interval: announcedInterval });
      relay(res, upstreamRes, upstreamBody);
      return;
    }

    state.pollCount += 1;
    const interval = state.interval;
    const early = at - state.lastContactAt < interval * 1000 - toleranceMs;
    state.lastContactAt = at;
    const record: PollRecord = { at, deviceCode, pollNumber: state.pollCount, early, answer: 'slow_down', interval };
    polls.push(record);

    if (early || slowDownOnPolls.has(state.pollCount)) {
      state.interval += SLOW_DOWN_STEP_SECONDS;
      sendJson(res, 400, {
        error: 'slow_down',
        error_description: `polling too fast; wait at least ${state.interval} seconds between requests`,
      });
      return;
    }

    const upstreamRes = await forward(req, body, target);
    const upstreamBody = await readBody(upstreamRes);
    record.answer = answerOf(upstreamBody);
    relay(res, upstreamRes, upstreamBody);
  }

  function forward(req: IncomingMessage, body: Buffer | IncomingMessage, target: URL): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      // Host stays as the client sent it, so the provider builds its URLs with the proxy's address.
      const upstreamReq = request({
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent: upstreamAgent,
      });
      upstreamReq.once('response', resolve);
      upstreamReq.once('error', reject);
      if (Buffer.isBuffer(body)) upstreamReq.end(body);
      else body.pipe(upstreamReq);
    });
  }

  await new Promise<void>((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(0, '127.0.0.1', () => {
      proxy.off('error', reject);
      resolve();
    });
  });
  const issuer = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  let provider: DemoProvider;
  try {
    provider = await startDemoProvider({ ...options.provider, issuer });
    upstream = new URL(provider.serverUrl);
    paths = await endpointPaths(provider.serverUrl);
  } catch (error) {
    await closeProxy();
    throw error;
  }

  function closeProxy(): Promise<void> {
    return new Promise((resolve) => {
      proxy.close(() => {
        resolve();
      });
      proxy.closeAllConnections();
      upstreamAgent.destroy();
    });
  }

  return {
    issuer,
    clientId: provider.clientId,
    introspection: provider.introspection,
    polls,
    pollsFor: (deviceCode) => polls.filter((poll) => poll.deviceCode === deviceCode),
    intervalFor: (deviceCode) => deviceCodes.get(deviceCode)?.interval,
    close: async () => {
      await closeProxy();
      await provider.close();
    },
  };
}

/** The provider's own route paths, from its discovery document (they do not depend on the host). */
async function endpointPaths(serverUrl: string): Promise<{ deviceAuthorization: string; token: string }> {
  const response = await fetch(new URL('/.well-known/openid-configuration', serverUrl));
  const metadata = parseJsonObject(Buffer.from(await response.arrayBuffer()));
  const deviceAuthorization = metadata?.['device_authorization_endpoint'];
  const token = metadata?.['token_endpoint'];
  if (typeof deviceAuthorization !== 'string' || typeof token !== 'string') {
    throw new Error('strict server: the provider does not advertise device authorization and token endpoints');
  }
  return { deviceAuthorization: new URL(deviceAuthorization).pathname, token: new URL(token).pathname };
}

async function readBody(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function answerOf(tokenResponseBody: Buffer): string {
  const parsed = parseJsonObject(tokenResponseBody);
  const error = parsed?.['error'];
  if (typeof error === 'string') return error;
  return typeof parsed?.['access_token'] === 'string' ? 'tokens' : 'unreadable';
}

/** Sends an upstream response on, with `body` in place of the upstream body when it was read or rewritten. */
function relay(res: ServerResponse, upstreamRes: IncomingMessage, body?: Buffer): void {
  if (body === undefined) {
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
    upstreamRes.pipe(res);
    return;
  }
  const headers: IncomingHttpHeaders = { ...upstreamRes.headers, 'content-length': String(body.length) };
  delete headers['transfer-encoding'];
  res.writeHead(upstreamRes.statusCode ?? 502, headers);
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: Record<string, string>): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
  });
  res.end(payload);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
