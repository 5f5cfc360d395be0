import type { DemoProviderOptions } from '../../src/demo-provider/provider.ts';
import { type Exchange, parseJsonObject, type ProxiedProvider, type Route, startProviderBehindProxy } from './provider-proxy.ts';

/** What the proxy does to one exchange instead of passing it through untouched. */
export type Fault =
  /** The connection is cut without an answer. */
  | { readonly kind: 'reset' }
  /** No answer ever comes; the client's timeout must end it. */
  | { readonly kind: 'stall' }
  /** A status and body of our choosing: 5xx, an HTML error page from a captive portal, garbage. */
  | { readonly kind: 'answer'; readonly status: number; readonly contentType: string; readonly body: string }
  /** The provider's real JSON answer, changed: fields dropped, retyped, or URIs made unsafe. */
  | { readonly kind: 'rewrite'; readonly change: (json: Record<string, unknown>) => Record<string, unknown> }
  /** `slow_down` to every poll, whatever the timing. */
  | { readonly kind: 'slow_down' }
  /** A provider whose clock is `offsetSeconds` off: its Date header and ID token times shift. */
  | { readonly kind: 'clock'; readonly offsetSeconds: number };

export interface FaultProxy extends ProxiedProvider {
  /** Applies `fault` to every exchange on `route` until cleared. */
  inject(route: Route, fault: Fault): void;
  clear(): void;
  /** How many requests reached each route, faults included. */
  count(route: Route): number;
}

/**
 * The demo provider behind a proxy that misbehaves on cue, for the hardening tests: resets,
 * stalls, 5xx, HTML pages, malformed, oversized or wrongly typed JSON, missing fields, unsafe
 * URIs, endless slow_down and a far-off clock. It announces `interval` (default 1 s) so tests
 * that recover through the phone do not wait RFC 8628's default five seconds per poll.
 */
export async function startFaultProxy(
  options: { interval?: number; provider?: Omit<DemoProviderOptions, 'issuer' | 'host' | 'port' | 'lan'> } = {},
): Promise<FaultProxy> {
  const faults = new Map<Route, Fault>();
  const counts = new Map<Route, number>();

  async function handle(exchange: Exchange): Promise<void> {
    counts.set(exchange.route, (counts.get(exchange.route) ?? 0) + 1);
    const fault = faults.get(exchange.route);
    if (fault?.kind === 'reset') {
      exchange.reset();
      return;
    }
    if (fault?.kind === 'stall') return;
    if (fault?.kind === 'answer') {
      exchange.reply({ status: fault.status, headers: { 'content-type': fault.contentType }, body: Buffer.from(fault.body) });
      return;
    }
    if (fault?.kind === 'slow_down') {
      exchange.replyJson(400, { error: 'slow_down' });
      return;
    }
    let answer = await exchange.forward();
    if (fault?.kind === 'rewrite') answer = withJson(answer, fault.change);
    if (fault?.kind === 'clock') {
      const shifted = new Date(Date.now() + fault.offsetSeconds * 1000).toUTCString();
      answer = withJson({ ...answer, headers: { ...answer.headers, date: shifted } }, (json) =>
        typeof json.id_token === 'string' ? { ...json, id_token: shiftIdToken(json.id_token, fault.offsetSeconds) } : json,
      );
    }
    exchange.reply(answer);
  }

  const proxied = await startProviderBehindProxy(handle, { ...options.provider, interval: options.interval ?? 1 });
  return {
    ...proxied,
    inject: (route, fault) => {
      faults.set(route, fault);
    },
    clear: () => {
      faults.clear();
    },
    count: (route) => counts.get(route) ?? 0,
  };
}

function withJson<A extends { body: Buffer }>(answer: A, change: (json: Record<string, unknown>) => Record<string, unknown>): A {
  const json = parseJsonObject(answer.body);
  return json === undefined ? answer : { ...answer, body: Buffer.from(JSON.stringify(change(json))) };
}

/**
 * Moves an ID token's times as a provider with a wrong clock would have set them. The signature
 * no longer matches, which a client that got the token straight from the token endpoint over
 * TLS does not check (OIDC Core §3.1.3.7 allows it), so this is what such a client sees.
 */
function shiftIdToken(idToken: string, offsetSeconds: number): string {
  const [header, payload, signature] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  for (const claim of ['iat', 'exp', 'auth_time', 'nbf']) {
    const value = claims[claim];
    if (typeof value === 'number') claims[claim] = value + offsetSeconds;
  }
  return `${header ?? ''}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature ?? ''}`;
}
