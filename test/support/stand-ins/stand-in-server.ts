/**
 * What every provider stand-in shares: a real node:http server on 127.0.0.1 (port 0, so the OS
 * picks one that fetch does not refuse), requests read whole (form, JSON or query) and recorded,
 * JSON and form replies, and RS256 ID tokens signed with a key made here. Each stand-in
 * (test/support/stand-ins/<provider>.ts) adds only its provider's wire format on top.
 */
import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { expect, type TestContext } from 'vitest';
import type { ClientConfig } from '../../../src/core/config.ts';
import { createSignInFlow, type FlowEvent, type SignInFlow } from '../../../src/core/flow/sign-in-flow.ts';

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

/**
 * Starts `handle` on a loopback port of the OS's choosing; only loopback is ever listened on.
 * With `tls` (PEM key and certificate) it speaks https, for a client that will not use http.
 */
export async function startStandInServer(handle: StandInHandler, tls?: { readonly key: string; readonly cert: string }): Promise<StandInServer> {
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
        server.close(() => { resolve(); });
      }),
  };
}

async function serve(incoming: IncomingMessage, outgoing: ServerResponse, handle: StandInHandler, requests: RecordedRequest[]): Promise<void> {
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

/** An RS256 key pair made here, and the JWS compact serialization of claims signed with it. */
export interface SigningKey {
  readonly kid: string;
  /** The public half as a JWK (RFC 7517), for a `jwks_uri`. */
  readonly publicJwk: Readonly<Record<string, string>>;
  /** RFC 7515 §7.1 compact JWS, `alg: RS256` (RFC 7518 §3.3), with this key's `kid`. */
  sign(claims: Readonly<Record<string, unknown>>, header?: Readonly<Record<string, unknown>>): string;
}

export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('base64url');
  return {
    kid,
    publicJwk: { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid, use: 'sig', alg: 'RS256' },
    sign: (claims, header = {}) => signRs256(privateKey, { typ: 'JWT', ...header, alg: 'RS256', kid }, claims),
  };
}

function signRs256(key: KeyObject, header: Readonly<Record<string, unknown>>, claims: Readonly<Record<string, unknown>>): string {
  const input = `${base64url(header)}.${base64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
  return `${input}.${signature}`;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The claims of a compact JWS, unverified: for a test that checks what a stand-in issued. */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Where one device authorization stands (RFC 8628 §3.3-3.5). */
export type GrantState = 'pending' | 'approved' | 'denied' | 'expired' | 'redeemed';

export interface DeviceGrant<User> {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly clientId: string;
  readonly scope: string;
  /** Seconds between polls now in force, after any slow_down (RFC 8628 §3.5). */
  interval: number;
  readonly expiresAt: number;
  state: GrantState;
  user?: User;
  /** When the device last heard from us about this code: the authorization response, then each poll. */
  lastContactAt: number;
  polls: number;
}

/** What a poll of the token endpoint gets, before a stand-in puts it in its provider's words. */
export type PollVerdict<User> =
  | { readonly kind: 'pending' | 'slow_down' | 'denied' | 'expired' | 'unknown' }
  | { readonly kind: 'approved'; readonly grant: DeviceGrant<User> };

export interface DeviceGrantOptions {
  /** Seconds, as announced in the device authorization response. */
  readonly interval: number;
  /** Seconds the codes live. */
  readonly expiresIn: number;
  readonly userCode: () => string;
  /** A poll at most this early still counts as on time (timers and clocks are coarse). Default 50 ms. */
  readonly toleranceMs?: number;
}

/**
 * The device codes a stand-in has issued and what the user did with each, as test controls:
 * approve (as some user), deny, let the code expire, answer slow_down on purpose. A poll that
 * comes before the interval has passed is answered slow_down and the interval grows by 5 s, as
 * RFC 8628 §3.5 has it; an approved code is redeemed once, then unknown (RFC 6749 §4.1.2's
 * one-time use, which providers apply to device codes too).
 */
export class DeviceGrants<User> {
  readonly #options: DeviceGrantOptions;
  readonly #grants: DeviceGrant<User>[] = [];
  #slowDowns = 0;

  constructor(options: DeviceGrantOptions) {
    this.#options = options;
  }

  issue(clientId: string, scope: string): DeviceGrant<User> {
    const now = Date.now();
    const grant: DeviceGrant<User> = {
      deviceCode: opaque('dc-'),
      userCode: this.#options.userCode(),
      clientId,
      scope,
      interval: this.#options.interval,
      expiresAt: now + this.#options.expiresIn * 1000,
      state: 'pending',
      lastContactAt: now,
      polls: 0,
    };
    this.#grants.push(grant);
    return grant;
  }

  /** The most recent code, or the one with `userCode`. */
  find(userCode?: string): DeviceGrant<User> {
    const grant = userCode === undefined ? this.#grants.at(-1) : this.#grants.find((g) => g.userCode === userCode);
    if (grant === undefined) throw new Error(`the stand-in issued no code${userCode === undefined ? '' : ` ${userCode}`}`);
    return grant;
  }

  approve(user: User, userCode?: string): void {
    const grant = this.find(userCode);
    grant.state = 'approved';
    grant.user = user;
  }

  deny(userCode?: string): void {
    this.find(userCode).state = 'denied';
  }

  /** Ends the code's life now, as if its `expires_in` had run out. */
  expire(userCode?: string): void {
    this.find(userCode).state = 'expired';
  }

  /** Answers the next `count` polls slow_down, early or not. */
  slowDown(count = 1): void {
    this.#slowDowns += count;
  }

  /** Every poll of every code. */
  get polls(): number {
    return this.#grants.reduce((sum, grant) => sum + grant.polls, 0);
  }

  poll(deviceCode: string, clientId: string): PollVerdict<User> {
    const grant = this.#grants.find((g) => g.deviceCode === deviceCode && g.clientId === clientId);
    if (grant === undefined || grant.state === 'redeemed') return { kind: 'unknown' };
    const now = Date.now();
    grant.polls += 1;
    const early = now - grant.lastContactAt < grant.interval * 1000 - (this.#options.toleranceMs ?? 50);
    grant.lastContactAt = now;
    if (grant.state === 'pending' && now >= grant.expiresAt) grant.state = 'expired';
    if (grant.state === 'expired') return { kind: 'expired' };
    if (early || this.#slowDowns > 0) {
      this.#slowDowns = Math.max(0, this.#slowDowns - 1);
      grant.interval += 5;
      return { kind: 'slow_down' };
    }
    if (grant.state === 'denied') return { kind: 'denied' };
    if (grant.state === 'pending') return { kind: 'pending' };
    grant.state = 'redeemed';
    return { kind: 'approved', grant };
  }
}

/** RFC 8628 §3.4's `grant_type` for polling with a device code. */
export const deviceCodeGrant = 'urn:ietf:params:oauth:grant-type:device_code';

/** How a provider answers each poll that brings no tokens: its status, `error` and `error_description`. */
export type PollAnswers = Readonly<Record<Exclude<PollVerdict<unknown>['kind'], 'approved'>, readonly [status: number, error: string, description: string]>>;

/** A poll's verdict in the provider's words (`answers`), or `approved` for the tokens. */
export function pollReply<User>(verdict: PollVerdict<User>, answers: PollAnswers, approved: (grant: DeviceGrant<User>) => StandInReply): StandInReply {
  if (verdict.kind === 'approved') return approved(verdict.grant);
  const [status, error, description] = answers[verdict.kind];
  return json(status, { error, error_description: description });
}

/** One sign-in's tokens as a stand-in issued them. */
export interface IssuedGrant<User> {
  readonly user: User;
  readonly clientId: string;
  readonly scope: string;
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  /** When the access token stops working, ms since the epoch. */
  readonly expiresAt: number;
}

/**
 * The tokens a stand-in issued, found by value for userinfo and revocation (RFC 7009), and
 * whether each is still honoured. Revoking ends one token or its whole grant, as the
 * provider documents it.
 */
export class TokenLedger<User> {
  readonly #tokens = new Map<string, { readonly kind: 'access' | 'refresh'; readonly grant: IssuedGrant<User> }>();
  readonly #ended = new Set<string>();

  record(grant: IssuedGrant<User>): IssuedGrant<User> {
    this.#tokens.set(grant.accessToken, { kind: 'access', grant });
    if (grant.refreshToken !== undefined) this.#tokens.set(grant.refreshToken, { kind: 'refresh', grant });
    return grant;
  }

  /** What `token` is, whether or not it still works. */
  find(token: string | undefined): { readonly kind: 'access' | 'refresh'; readonly grant: IssuedGrant<User> } | undefined {
    return token === undefined ? undefined : this.#tokens.get(token);
  }

  /** The grant of an access token that still works (RFC 6750 §3.1: else `invalid_token`). */
  access(token: string | undefined): IssuedGrant<User> | undefined {
    const found = this.find(token);
    return found?.kind === 'access' && token !== undefined && this.isActive(token) ? found.grant : undefined;
  }

  /** Ends `token` alone, or with `grant: true` every token issued with it. */
  end(token: string, options: { readonly grant?: boolean } = {}): void {
    const found = this.find(token);
    if (found === undefined) return;
    this.#ended.add(token);
    if (options.grant === true) {
      this.#ended.add(found.grant.accessToken);
      if (found.grant.refreshToken !== undefined) this.#ended.add(found.grant.refreshToken);
    }
  }

  isActive(token: string): boolean {
    const found = this.find(token);
    if (found === undefined || this.#ended.has(token)) return false;
    return found.kind === 'refresh' || found.grant.expiresAt > Date.now();
  }
}

/**
 * The controls every device-flow stand-in hands a test, over its codes, its tokens and its server.
 * A stand-in adds its own fields with `Object.assign(deviceFlowControls(…), {…})`: spreading the
 * controls would freeze `polls` at its first value.
 */
export interface DeviceFlowControls<User> {
  /** The user approves the latest code (or `userCode`) as `user` (the stand-in's default user, changed by these claims). */
  approve(user?: Partial<User>, userCode?: string): void;
  deny(userCode?: string): void;
  expire(userCode?: string): void;
  /** The next `count` polls are told to slow down. */
  slowDown(count?: number): void;
  /** Polls of the token endpoint with a device code. */
  readonly polls: number;
  /** Resolves once `count` polls have been answered in all (the user acts after the app was told to wait). */
  polled(count: number): Promise<void>;
  readonly requests: readonly RecordedRequest[];
  count(path: string, method?: string): number;
  /** Whether the provider would still honour this access or refresh token. */
  isActive(token: string): boolean;
  close(): Promise<void>;
}

export function deviceFlowControls<User extends object>(
  grants: DeviceGrants<User>,
  tokens: TokenLedger<User>,
  server: StandInServer,
  defaultUser: User,
): DeviceFlowControls<User> {
  return {
    approve: (user = {}, userCode) => {
      grants.approve({ ...defaultUser, ...user }, userCode);
    },
    deny: (userCode) => {
      grants.deny(userCode);
    },
    expire: (userCode) => {
      grants.expire(userCode);
    },
    slowDown: (count) => {
      grants.slowDown(count);
    },
    get polls() {
      return grants.polls;
    },
    polled: async (count) => {
      while (grants.polls < count) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    requests: server.requests,
    count: (path, method) => server.count(path, method),
    isActive: (token) => tokens.isActive(token),
    close: () => server.close(),
  };
}

/**
 * A sign-in as the app runs it, the real core with Node's fetch, against a stand-in; disposed
 * with the test (its own hook, so tests may run concurrently). Returns the flow, every event it
 * publishes as it happens, and the run.
 */
export function signInAgainst(t: TestContext, config: ClientConfig): { flow: SignInFlow; events: FlowEvent[]; done: Promise<void> } {
  const flow = createSignInFlow({ config, fetch: globalThis.fetch });
  t.onTestFinished(() => {
    flow.dispose();
  });
  const events: FlowEvent[] = [];
  flow.onEvent((event) => events.push(event));
  return { flow, events, done: flow.start() };
}

type SignInRun = ReturnType<typeof signInAgainst>;

/**
 * After the stand-in's one `slow_down` (in its provider's words), what the user sees: told to
 * wait (a `slow_down` event, not a retry), the interval 5 s longer (RFC 8628 §3.5), and no poll
 * sooner; at the announced 1 s a second one would have come.
 */
export async function expectSlowedDownOnce(provider: DeviceFlowControls<object>, start: () => SignInRun): Promise<void> {
  provider.slowDown();
  const { flow, events } = start();
  await provider.polled(1);
  await expect.poll(() => events.map((e) => e.type)).toEqual(['code', 'slow_down']);
  expect(flow.getState()).toMatchObject({ status: 'awaiting_user', interval: 6, slowedDown: true });
  expect(flow.getState()).not.toHaveProperty('retrying');
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(provider.polls).toBe(1);
}

/** The user refuses (`deny`) or the code runs out (`expire`) after one pending poll: the flow ends so, and polls no more. */
export async function expectEndedBy(provider: DeviceFlowControls<object>, act: 'deny' | 'expire', start: () => SignInRun): Promise<void> {
  const { flow, done } = start();
  await provider.polled(1);
  provider[act]();
  await done;
  expect(flow.getState()).toMatchObject({ status: act === 'deny' ? 'denied' : 'expired' });
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  expect(provider.polls).toBe(2);
}
