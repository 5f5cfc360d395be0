/**
 * Why a request got no answer, in the words a corporate network needs: the certificate was not
 * trusted (often a TLS-inspecting gateway re-signing with the company's CA), it named another
 * host, the proxy could not be reached or refused, or it wants credentials. One classifier for
 * both transports: Node's fetch (the CLI) reports OpenSSL and undici codes in the error's cause
 * chain; Electron's net.fetch reports Chromium's `net::ERR_…` names in the message.
 */

import { foreignErrorText } from './server-text.ts';

export type TransportFailure = 'tls_untrusted' | 'tls_hostname' | 'proxy' | 'proxy_auth' | 'connection';

/** OpenSSL's verify errors (node:tls) for a chain that does not end at a trusted root. */
const untrustedCodes: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** Chromium's net error names (net/base/net_error_list.h) that net.fetch puts in its message. */
const chromiumFailures: readonly (readonly [RegExp, TransportFailure])[] = [
  [/net::ERR_CERT_AUTHORITY_INVALID|net::ERR_CERT_INVALID/, 'tls_untrusted'],
  [/net::ERR_CERT_COMMON_NAME_INVALID/, 'tls_hostname'],
  [/net::ERR_PROXY_AUTH_(REQUESTED|UNSUPPORTED)|net::ERR_PROXY_AUTH_REQUESTED_WITH_NO_CONNECTION/, 'proxy_auth'],
  [
    /net::ERR_(PROXY_CONNECTION_FAILED|TUNNEL_CONNECTION_FAILED|PROXY_CERTIFICATE_INVALID|MANDATORY_PROXY_CONFIGURATION_FAILED|PAC_)/,
    'proxy',
  ],
];

/** Connection-level failures: when a proxy is in use, these are the proxy's (it is the only peer). */
const connectCodes: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

export interface ClassifiedFailure {
  readonly kind: TransportFailure;
  /** The lowest cause's code and message, cleaned (`describeLowest`), for --verbose, Details and the log. */
  readonly detail: string;
}

/** `viaProxy` is the proxy the request was sent through, if any (the CLI knows; Chromium says itself). */
export function classifyTransportFailure(error: unknown, viaProxy?: string): ClassifiedFailure {
  const chain = causeChain(error);
  const detail = describeLowest(chain);
  const text = chain.map((link) => link.message).join(' ');
  for (const [pattern, kind] of chromiumFailures) if (pattern.test(text)) return { kind, detail };
  for (const link of chain) {
    if (link.code !== undefined && untrustedCodes.has(link.code)) return { kind: 'tls_untrusted', detail };
    if (link.code === 'ERR_TLS_CERT_ALTNAME_INVALID') return { kind: 'tls_hostname', detail };
    // undici's tunnel: "Proxy response (407) !== 200 when HTTP Tunneling".
    const tunnel = /Proxy response \((\d{3})\)/.exec(link.message);
    if (tunnel !== null) {
      return {
        kind: tunnel[1] === '407' ? 'proxy_auth' : 'proxy',
        detail: viaProxy === undefined ? detail : `${detail} (proxy ${viaProxy})`,
      };
    }
  }
  if (viaProxy !== undefined && chain.some((link) => link.code !== undefined && connectCodes.has(link.code))) {
    return { kind: 'proxy', detail: `${detail} (proxy ${viaProxy})` };
  }
  return { kind: 'connection', detail };
}

interface Link {
  readonly error: Error;
  readonly message: string;
  readonly code: string | undefined;
}

function causeChain(error: unknown): Link[] {
  const links: Link[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 8; depth += 1) {
    const code = (current as { code?: unknown }).code;
    links.push({ error: current, message: current.message, code: typeof code === 'string' ? code : undefined });
    current = current.cause;
  }
  return links;
}

/**
 * The lowest cause, as the detail people see behind the sentence: the messages above are read
 * for the classification only. It is another library's error, so it says what
 * `foreignErrorText` allows: "ECONNREFUSED: connect ECONNREFUSED 10.0.0.1:443" or a
 * `net::ERR_…` name, cleaned; a fetch that threw before connecting (Node's header check, which
 * quotes the header it refused) only by its name.
 */
function describeLowest(chain: readonly Link[]): string {
  const lowest = chain.at(-1);
  return lowest === undefined ? 'no error detail' : foreignErrorText(lowest.error, 'message');
}
