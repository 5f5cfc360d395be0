import type { Clock } from '../clock.ts';
import { CancelledError, SignInError } from '../errors.ts';
import { classifyTransportFailure, type TransportFailure } from './transport-failure.ts';

/** The one way the core talks to the network. The app passes Electron's `net.fetch` (system proxies). */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * A transport failure: nothing usable came back. Polling retries these; other steps report them.
 * A plain timeout or unreachable host is `network`; a certificate or proxy problem has a code of
 * its own, since the way out is different (transport-failure.ts).
 */
export class NetworkError extends SignInError {
  readonly reason: 'timeout' | TransportFailure;

  constructor(reason: 'timeout' | TransportFailure, message: string, cause?: unknown) {
    super(reason === 'timeout' || reason === 'connection' ? 'network' : reason, message, { cause });
    this.name = 'NetworkError';
    this.reason = reason;
  }
}

interface BoundedFetchOptions {
  readonly fetch: Fetch;
  readonly clock: Clock;
  /** Whole-exchange limit, headers and body together: a stalled server must not hang the app. */
  readonly timeoutMs?: number;
  /** An OAuth response is a few kilobytes; a megabyte is already generous. */
  readonly maxResponseBytes?: number;
}

export const defaultTimeoutMs = 15_000;
export const defaultMaxResponseBytes = 1024 * 1024;

/**
 * Wraps a fetch so that every exchange ends within a time limit and reads at most a bounded
 * body, then hands back a fully buffered Response. Transport failures become NetworkError, and
 * the caller's own abort becomes CancelledError, so the layers above never see raw TypeErrors.
 */
export function boundedFetch(options: BoundedFetchOptions): Fetch {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const maxBytes = options.maxResponseBytes ?? defaultMaxResponseBytes;

  return async (url, init) => {
    const callerSignal = init.signal ?? undefined;
    if (callerSignal?.aborted === true) throw new CancelledError();
    const timeout = new AbortController();
    const timerDone = new AbortController();
    const signal = callerSignal === undefined ? timeout.signal : AbortSignal.any([callerSignal, timeout.signal]);
    options.clock.sleep(timeoutMs, timerDone.signal).then(
      () => {
        timeout.abort();
      },
      () => undefined,
    );
    const origin = safeOrigin(url);
    try {
      const response = await options.fetch(url, { ...init, signal });
      return await buffered(response, maxBytes, origin);
    } catch (error) {
      if (isAborted(callerSignal)) throw new CancelledError();
      if (timeout.signal.aborted) {
        throw new NetworkError('timeout', `${origin} did not answer within ${Math.round(timeoutMs / 1000)} s.`, error);
      }
      if (error instanceof SignInError) throw error;
      throw networkErrorFor(origin, error);
    } finally {
      timerDone.abort();
    }
  };
}

/** Fetch's redirect statuses (WHATWG Fetch, "redirect status"); 304 and 300 are not among them. */
const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * A redirect answered to a protocol request (oauth4webapi asks every request with `redirect:
 * 'manual'`, so that a code or token never goes where a server points) is the coded
 * `server_redirect`, naming where it pointed: not a transport failure to retry while polling, nor
 * a status for oauth4webapi to report as an unexpected answer. An API's redirect is its answer.
 */
export async function refuseRedirect(url: string, response: Response): Promise<void> {
  // A browser-like fetch hides a manual redirect as an opaque answer with status 0 and no Location.
  if (response.type !== 'opaqueredirect' && !redirectStatuses.has(response.status)) return;
  await response.body?.cancel();
  const endpoint = withoutQuery(url) ?? 'The sign-in server';
  const status = response.status === 0 ? '' : ` (${response.status})`;
  const target = withoutQuery(response.headers.get('location') ?? '', url);
  const pointed = target === undefined ? '' : ` to ${target}`;
  throw new SignInError('server_redirect', `${endpoint} answered with a redirect${status}${pointed}, which is never followed.`);
}

/**
 * An address without its query, fragment or credentials, resolved against `base`: where a server
 * points may carry a device code or a token in its query, and a message must never.
 */
function withoutQuery(address: string, base?: string): string | undefined {
  if (address === '') return undefined;
  try {
    const parsed = new URL(address, base);
    return parsed.origin === 'null' ? parsed.protocol : `${parsed.origin}${parsed.pathname}`;
  } catch {
    return undefined;
  }
}

async function buffered(response: Response, maxBytes: number, origin: string): Promise<Response> {
  // Statuses outside 200-599 (an opaque redirect) cannot be rebuilt; they carry no body anyway.
  if (response.status < 200 || response.status > 599) return response;
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(origin, maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body !== null) {
    const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw tooLarge(origin, maxBytes);
      }
      chunks.push(value);
    }
  }
  const noBody = response.status === 204 || response.status === 205 || response.status === 304;
  const headers = new Headers(response.headers);
  // The body is already decoded and measured; stale length or encoding headers would mislead.
  headers.delete('content-length');
  headers.delete('content-encoding');
  return new Response(noBody ? null : concat(chunks, total), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

function concat(chunks: Uint8Array[], total: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** A function, so the compiler does not assume a signal checked earlier is still unfired. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function tooLarge(origin: string, maxBytes: number): SignInError {
  return new SignInError('invalid_response', `${origin} sent an answer larger than ${maxBytes} bytes.`);
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the server';
  }
}

const failureSentences: { readonly [Kind in TransportFailure]: (origin: string) => string } = {
  connection: (origin) => `Could not reach ${origin}`,
  tls_untrusted: (origin) => `The certificate ${origin} presented is not trusted here`,
  tls_hostname: (origin) => `The certificate ${origin} presented is for another host`,
  proxy: (origin) => `The proxy could not be reached, or refused the connection to ${origin}`,
  proxy_auth: (origin) => `The proxy asked for credentials (407) before connecting to ${origin}`,
};

/**
 * The NetworkError for a failed request, classified. `viaProxy` is the proxy the request went
 * through, where the front end chose it (the CLI); the detail goes to the message, for the log.
 */
export function networkErrorFor(origin: string, error: unknown, viaProxy?: string): NetworkError {
  const failure = classifyTransportFailure(error, viaProxy);
  return new NetworkError(failure.kind, `${failureSentences[failure.kind](origin)} (${failure.detail}).`, error);
}
