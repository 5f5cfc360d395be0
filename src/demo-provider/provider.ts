import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { stripVTControlCharacters } from 'node:util';
import Provider, { type ClientMetadata, type Configuration, type JWK } from 'oidc-provider';
import { defaultScope } from '../core/config.ts';
import { DEMO_SCOPE_CLAIMS, findDemoAccount } from './accounts.ts';
import { generateSigningKey, randomSecret } from './keys.ts';
import { closeServer, firstLanIPv4, listen, urlHost } from './network.ts';
import { renderCodeEntryPage, renderConfirmPage, renderErrorPage, renderSuccessPage } from './pages.ts';

/** The public client the app signs in with (RFC 8628 §3.1: no secret, device_code + refresh_token grants). */
export const DEMO_CLIENT_ID = 'device-signin-demo';

/** The confidential client tests use to call token introspection (RFC 7662 §2.1 requires client authentication). */
export const INTROSPECTION_CLIENT_ID = 'device-signin-introspector';

/** Where a log line came from: oidc-provider's start-up notices, or a request that failed with server_error. */
export type DemoProviderLogLevel = 'notice' | 'error';

/** How to start the demo provider. Every field is optional. */
export interface DemoProviderOptions {
  /** Interface to listen on. Default '127.0.0.1'. */
  host?: string;
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /**
   * Issuer to announce instead of this server's own URL, for a proxy in front of it. The proxy must
   * forward the Host header unchanged: oidc-provider builds endpoint URLs from the request's Host.
   */
  issuer?: string;
  /**
   * Listen on 0.0.0.0 and announce the machine's first non-internal IPv4 address, so a phone on the same
   * Wi-Fi can open the verification page; `host` is then ignored. Off unless asked for: it exposes the
   * provider to the network.
   */
  lan?: boolean;
  /** Serve https with this key and certificate (PEM) instead of plain http: the corporate-network tests. */
  tls?: { readonly key: string; readonly cert: string };
  /** Device code lifetime in seconds (RFC 8628 §3.2 `expires_in`). Default 600. */
  deviceCodeTtl?: number;
  /** Access token lifetime in seconds. Default 3600. */
  accessTokenTtl?: number;
  /** Refresh token lifetime in seconds. Default 14 days. */
  refreshTokenTtl?: number;
  /**
   * DPoP (RFC 9449): `require-nonce` (the default) binds tokens to the client's key and demands a
   * server nonce in every proof (§8), so the first request of each kind meets a `use_dpop_nonce`
   * challenge; `on` binds without nonces; `off` leaves DPoP out of discovery, for bearer tokens.
   */
  dpop?: DemoDPoP;
  /** Receives oidc-provider's notices and server errors. Default: notices dropped, errors to stderr. */
  log?: (message: string, level: DemoProviderLogLevel) => void;
  /**
   * The key to sign with (from `generateSigningKey` or `signingKeyOf`) instead of one made at
   * start. The test suite starts hundreds of providers and hands them one key each process: an RSA
   * key takes about 90 ms of CPU to make here.
   */
  signingKey?: JWK;
}

export type DemoDPoP = 'require-nonce' | 'on' | 'off';

/** A running demo provider. */
export interface DemoProvider {
  /** Issuer identifier; discovery is at `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
  /** Where this server itself listens: the issuer, unless `issuer` was overridden for a proxy in front. */
  serverUrl: string;
  /** The public client id to run the device flow with. */
  clientId: string;
  /** The confidential client allowed to introspect any token; it authenticates with client_secret_basic. */
  introspection: { clientId: string; clientSecret: string };
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const DEFAULT_DEVICE_CODE_TTL = 600;
const DEFAULT_ACCESS_TOKEN_TTL = 3600;
const DEFAULT_REFRESH_TOKEN_TTL = 14 * 24 * 3600;
const SESSION_TTL = 14 * 24 * 3600;

function defaultLog(message: string, level: DemoProviderLogLevel): void {
  if (level === 'error') console.error(`[demo-provider] ${message}`);
}

/**
 * Starts an oidc-provider 9 instance for demos and tests: device flow (RFC 8628), revocation (RFC 7009),
 * introspection (RFC 7662), DPoP with server nonces (RFC 9449), dev interactions that accept any login,
 * fresh keys on every start (unless given one).
 */
export async function startDemoProvider(options: DemoProviderOptions = {}): Promise<DemoProvider> {
  const log = options.log ?? defaultLog;
  const ttl = {
    deviceCode: positiveSeconds('deviceCodeTtl', options.deviceCodeTtl, DEFAULT_DEVICE_CODE_TTL),
    accessToken: positiveSeconds('accessTokenTtl', options.accessTokenTtl, DEFAULT_ACCESS_TOKEN_TTL),
    refreshToken: positiveSeconds('refreshTokenTtl', options.refreshTokenTtl, DEFAULT_REFRESH_TOKEN_TTL),
  };
  const lanAddress = options.lan === true ? firstLanIPv4() : undefined;
  const listenHost = options.lan === true ? '0.0.0.0' : (options.host ?? '127.0.0.1');

  const signingKey = options.signingKey ?? (await generateSigningKey());
  const introspectionSecret = randomSecret();

  // The issuer carries the port, so the socket has to be bound before the provider exists.
  const server: Server = options.tls === undefined ? createServer() : createTlsServer(options.tls);
  await listen(server, options.port ?? 0, listenHost);
  const { port } = server.address() as AddressInfo;
  const serverUrl = `${options.tls === undefined ? 'http' : 'https'}://${urlHost(lanAddress ?? listenHost)}:${port}`;
  const issuer = options.issuer ?? serverUrl;

  const configuration = demoConfiguration(signingKey, introspectionSecret, ttl, options.dpop ?? 'require-nonce');

  let provider: Provider;
  try {
    provider = routingNotices(log, () => new Provider(issuer, configuration));
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  provider.on('server_error', (ctx: { method: string; path: string }, error: Error) => {
    log(`server_error on ${ctx.method} ${ctx.path}: ${error.stack ?? error.message}`, 'error');
  });
  const handle = provider.callback();
  // Koa's handler settles its own errors (oidc-provider turns them into responses and events).
  server.on('request', (req, res) => {
    void handle(req, res);
  });

  return {
    issuer,
    serverUrl,
    clientId: DEMO_CLIENT_ID,
    introspection: { clientId: INTROSPECTION_CLIENT_ID, clientSecret: introspectionSecret },
    close: () => closeServer(server),
  };
}

/** oidc-provider's configuration for the demo: its two clients, the device flow, revocation and introspection. */
function demoConfiguration(
  signingKey: Awaited<ReturnType<typeof generateSigningKey>>,
  introspectionSecret: string,
  ttl: { readonly deviceCode: number; readonly accessToken: number; readonly refreshToken: number },
  dpop: DemoDPoP,
): Configuration {
  const clients: ClientMetadata[] = [
    {
      client_id: DEMO_CLIENT_ID,
      client_name: 'Device Sign-In (demo)',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
      response_types: [],
      redirect_uris: [],
    },
    {
      client_id: INTROSPECTION_CLIENT_ID,
      client_secret: introspectionSecret,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: [],
      response_types: [],
      redirect_uris: [],
    },
  ];

  const configuration: Configuration = {
    clients,
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomSecret(), randomSecret()] },
    findAccount: findDemoAccount,
    claims: { profile: [...DEMO_SCOPE_CLAIMS.profile], email: [...DEMO_SCOPE_CLAIMS.email] },
    // Exactly what the app asks for by default; `offline_access` earns a refresh token (OIDC Core §11).
    scopes: defaultScope.split(' '),
    features: {
      devInteractions: { enabled: true },
      deviceFlow: {
        enabled: true,
        userCodeInputSource: renderCodeEntryPage,
        userCodeConfirmSource: renderConfirmPage,
        successSource: renderSuccessPage,
      },
      dPoP: dpopFeature(dpop),
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      introspection: {
        enabled: true,
        // Confidential clients (the introspector) may look at any token, public ones only at their own.
        allowedPolicy: (_ctx, client, token) => client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
      },
    },
    // Numbers rather than functions: oidc-provider's default TTL functions each log a notice on first use.
    ttl: {
      DeviceCode: ttl.deviceCode,
      AccessToken: ttl.accessToken,
      RefreshToken: ttl.refreshToken,
      IdToken: 3600,
      Interaction: 3600,
      Session: SESSION_TTL,
      Grant: SESSION_TTL,
    },
    // The app calls the provider from Node (Electron main), never from a web page, so no CORS is needed.
    clientBasedCORS: () => false,
    renderError: renderErrorPage,
  };
  return configuration;
}

/** oidc-provider's `features.dPoP`: on by default in version 9; nonces need a 32-byte secret. */
function dpopFeature(dpop: DemoDPoP): NonNullable<Configuration['features']>['dPoP'] {
  switch (dpop) {
    case 'off':
      return { enabled: false };
    case 'on':
      return { enabled: true };
    case 'require-nonce':
      return { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true };
  }
}

function positiveSeconds(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive whole number of seconds, got ${String(value)}`);
  }
  return value;
}

/**
 * oidc-provider prints its start-up warnings (in-memory adapter, devInteractions) with console.warn and
 * console.info while the Provider is constructed. They are expected for a demo provider, so they go to
 * `log` instead; anything else printed meanwhile passes through. Construction is synchronous, so the
 * swap cannot catch output from other code.
 */
function routingNotices<T>(log: (message: string, level: DemoProviderLogLevel) => void, construct: () => T): T {
  const { warn, info } = console;
  const route =
    (original: (...data: unknown[]) => void) =>
    (...data: unknown[]): void => {
      const [first] = data;
      if (typeof first === 'string' && first.includes('oidc-provider ')) {
        // On a terminal oidc-provider colours the line; the log gets plain text.
        log(stripVTControlCharacters(first), 'notice');
      } else {
        original(...data);
      }
    };
  console.warn = route(warn);
  console.info = route(info);
  try {
    return construct();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}
