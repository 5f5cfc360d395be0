/**
 * The issuer as this computer reaches it, one check per layer: name, connection, TLS, discovery,
 * the device authorization endpoint (RFC 8628 §4), and the clock against the provider's Date
 * header (RFC 9110 §6.6.1). Discovery goes through the front end's own fetch, the way a sign-in
 * would; nothing is signed in, refreshed or revoked.
 */
import type { Socket } from 'node:net';
import type { Clock } from '../clock.ts';
import type { ClientConfig } from '../config.ts';
import { SignInError } from '../errors.ts';
import { createProviderAccess } from '../flow/provider-access.ts';
import { boundedFetch, type Fetch } from '../protocol/http.ts';
import { proxyForDisplay } from '../policy/proxy-setting.ts';
import { handshake, type IssuerRoute, openConnection, resolveName } from './network-probe.ts';
import type { DiagnosticCheck, ProxySource } from './report.ts';
import type { CheckStep } from './run-checks.ts';
import { chainIssuer, commonName, type TrustStores, trustSourceOf } from './tls-trust.ts';

/** Past this, ID tokens and DPoP proofs start failing for a reason nobody sees (oauth4webapi allows 30 s). */
export const clockSkewLimitSeconds = 60;
/** How long the direct handshake that tells an inspecting proxy apart may take: it is only a comparison. */
const comparisonMs = 2_000;

export interface IssuerInput {
  readonly config: ClientConfig;
  /** How https requests to the issuer travel (plain http always goes direct). */
  readonly route: IssuerRoute;
  readonly stores: TrustStores;
  /** The front end's fetch, with its proxy and CA settings: discovery travels as a sign-in's would. */
  readonly fetch: Fetch;
  readonly clock: Clock;
}

/** What the issuer's checks find out and hand on: the open connection, the discovery answer, the device endpoint. */
interface Shared {
  readonly input: IssuerInput;
  readonly issuer: URL;
  readonly host: string;
  readonly port: number;
  readonly route: IssuerRoute;
  readonly via: { readonly proxy: string; readonly proxySource: ProxySource } | undefined;
  socket?: Socket;
  answer?: { readonly date: string | null; readonly at: number };
  deviceEndpoint?: string | undefined;
}

export function issuerSteps(input: IssuerInput): CheckStep[] {
  const issuer = new URL(input.config.issuer);
  const route: IssuerRoute = issuer.protocol === 'https:' ? input.route : { kind: 'direct' };
  const shared: Shared = {
    input,
    issuer,
    host: issuer.hostname,
    port: Number(issuer.port || (issuer.protocol === 'https:' ? 443 : 80)),
    route,
    via: route.kind === 'proxy' ? { proxy: proxyForDisplay(route.url), proxySource: route.source } : undefined,
  };
  return [
    { name: 'name', run: () => nameCheck(shared) },
    { name: 'connection', needs: ['name'], run: (signal) => connectionCheck(shared, signal) },
    { name: 'tls', needs: ['connection'], run: (signal) => tlsCheck(shared, signal) },
    { name: 'discovery', needs: ['connection'], run: (signal) => discoveryCheck(shared, signal) },
    { name: 'device_endpoint', needs: ['discovery'], run: () => Promise.resolve(deviceCheck(shared)) },
    { name: 'clock', needs: ['discovery'], run: () => Promise.resolve(clockCheck(shared.answer)) },
  ];
}

async function nameCheck({ host, via }: Shared): Promise<DiagnosticCheck> {
  if (via !== undefined) return { name: 'name', status: 'ok', code: 'by_proxy', facts: { host, ...via } };
  const found = await resolveName(host);
  if ('detail' in found) return { name: 'name', status: 'problem', code: 'not_found', facts: { host, detail: found.detail } };
  return { name: 'name', status: 'ok', code: 'resolved', facts: { host, addresses: found.addresses } };
}

async function connectionCheck(shared: Shared, signal: AbortSignal): Promise<DiagnosticCheck> {
  const { host, port, via } = shared;
  const opened = await openConnection(host, port, shared.route, signal);
  if ('failure' in opened) {
    if (opened.failure === 'refused') {
      return { name: 'connection', status: 'problem', code: 'refused', facts: { host, port, detail: opened.detail } };
    }
    return { name: 'connection', status: 'problem', code: opened.failure, facts: { ...(via ?? noProxy), detail: opened.detail } };
  }
  if (shared.issuer.protocol === 'https:') shared.socket = opened.socket;
  else opened.socket.destroy();
  if (via !== undefined) return { name: 'connection', status: 'ok', code: 'proxy', facts: { host, port, ...via } };
  return { name: 'connection', status: 'ok', code: 'direct', facts: { host, port, address: opened.address } };
}

async function tlsCheck({ socket, host, port, via, input }: Shared, signal: AbortSignal): Promise<DiagnosticCheck> {
  if (socket === undefined) return { name: 'tls', status: 'skipped', code: 'not_applicable', facts: {} };
  const anchors = [...input.stores.bundled, ...input.stores.system, ...input.stores.caFile];
  let shook;
  try {
    shook = await handshake(socket, host, anchors, signal);
  } catch (error) {
    return { name: 'tls', status: 'problem', code: 'failed', facts: { detail: error instanceof Error ? error.message : String(error) } };
  }
  const leaf = shook.chain[0];
  const facts = {
    subject: leaf === undefined ? '' : commonName(leaf.subject),
    issuer: chainIssuer(shook.chain),
    trustedBy: shook.error === undefined ? trustSourceOf(shook.chain, input.stores) : ('none' as const),
  };
  if (shook.error === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return { name: 'tls', status: 'problem', code: 'hostname', facts: { ...facts, host } };
  }
  // Through a proxy, a chain from another CA than the direct one is a gateway re-signing the traffic.
  const direct = via === undefined ? undefined : await directIssuer(host, port, anchors, signal);
  if (via !== undefined && direct !== undefined && direct !== facts.issuer) {
    if (shook.error !== undefined) return { name: 'tls', status: 'problem', code: 'inspected_untrusted', facts: { ...facts, ...via } };
    return { name: 'tls', status: 'ok', code: 'inspected', facts: { ...facts, ...via } };
  }
  if (shook.error !== undefined) return { name: 'tls', status: 'problem', code: 'untrusted', facts };
  return { name: 'tls', status: 'ok', code: 'trusted', facts };
}

/** Discovery as a sign-in does it (or the configured endpoints), timing its answer and keeping its Date header. */
async function discoveryCheck(shared: Shared, signal: AbortSignal): Promise<DiagnosticCheck> {
  const { input, issuer } = shared;
  const url = new URL('.well-known/openid-configuration', issuer.href.endsWith('/') ? issuer.href : `${issuer.href}/`).href;
  const started = input.clock.now();
  let status = 0;
  const recording: Fetch = async (target, init) => {
    const response = await input.fetch(target, init);
    shared.answer ??= { date: response.headers.get('date'), at: input.clock.now() };
    status = response.status;
    return response;
  };
  const access = createProviderAccess(input.config, boundedFetch({ fetch: recording, clock: input.clock }), input.clock);
  try {
    shared.deviceEndpoint = (await access.metadata(signal)).device_authorization_endpoint;
  } catch (error) {
    if (!(error instanceof SignInError)) throw error;
    // No device endpoint is the next check's finding; any other failure is discovery's.
    if (error.code !== 'discovery_unsupported') {
      return { name: 'discovery', status: 'problem', code: 'failed', facts: { url, errorCode: error.code, detail: error.message } };
    }
  }
  if (shared.answer === undefined) return { name: 'discovery', status: 'ok', code: 'configured', facts: { url: input.config.issuer } };
  return { name: 'discovery', status: 'ok', code: 'found', facts: { url, status, milliseconds: shared.answer.at - started } };
}

function deviceCheck({ deviceEndpoint, input }: Shared): DiagnosticCheck {
  return deviceEndpoint === undefined
    ? { name: 'device_endpoint', status: 'problem', code: 'missing', facts: { issuer: input.config.issuer } }
    : { name: 'device_endpoint', status: 'ok', code: 'present', facts: { url: deviceEndpoint } };
}

const noProxy = { proxy: '', proxySource: { variable: '' } };

/** The skew between this computer's clock and the provider's Date header, at the moment the answer arrived. */
function clockCheck(answer: { readonly date: string | null; readonly at: number } | undefined): DiagnosticCheck {
  if (answer === undefined) return { name: 'clock', status: 'skipped', code: 'not_applicable', facts: {} };
  const date = Date.parse(answer.date ?? '');
  if (Number.isNaN(date)) return { name: 'clock', status: 'warning', code: 'no_date', facts: {} };
  // The header has whole seconds: a second either way is its rounding, not skew.
  const skewSeconds = Math.round((answer.at - date) / 1000);
  if (Math.abs(skewSeconds) > clockSkewLimitSeconds) {
    return { name: 'clock', status: 'warning', code: 'skewed', facts: { skewSeconds, limitSeconds: clockSkewLimitSeconds } };
  }
  return { name: 'clock', status: 'ok', code: 'in_step', facts: { skewSeconds } };
}

/**
 * The chain's issuer when the issuer is reached directly, to compare with what came through the
 * proxy: a different CA there is a TLS-inspecting gateway. Undefined where direct is not possible.
 */
async function directIssuer(host: string, port: number, anchors: readonly string[], signal: AbortSignal): Promise<string | undefined> {
  const limit = AbortSignal.any([signal, AbortSignal.timeout(comparisonMs)]);
  const opened = await openConnection(host, port, { kind: 'direct' }, limit);
  if ('failure' in opened) return undefined;
  try {
    return chainIssuer((await handshake(opened.socket, host, anchors, limit)).chain);
  } catch {
    return undefined;
  }
}
