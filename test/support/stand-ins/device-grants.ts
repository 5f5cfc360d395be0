/**
 * The device codes a stand-in gave out and where each stands (RFC 8628 §3.3-3.5), the poll
 * verdicts it answers in its provider's words, and the controls a test gets over a stand-in.
 */
import type { SigningKey, TokenLedger } from './issued-tokens.ts';
import { json, opaque, type RecordedRequest, type StandInReply, type StandInServer } from './stand-in-server.ts';

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

/**
 * RFC 8628 §3.2's device authorization response, its `verification_uri_complete` (§3.3.1) the
 * page with `?user_code=`, as the providers that send one build it.
 */
export function deviceAuthorizationReply(
  grant: Pick<DeviceGrant<unknown>, 'deviceCode' | 'userCode'>,
  verificationUri: string,
  timing: { readonly expiresIn: number; readonly interval: number },
): StandInReply {
  return json(200, {
    device_code: grant.deviceCode,
    user_code: grant.userCode,
    verification_uri: verificationUri,
    verification_uri_complete: `${verificationUri}?user_code=${grant.userCode}`,
    expires_in: timing.expiresIn,
    interval: timing.interval,
  });
}

/** RFC 8628 §3.4's `grant_type` for polling with a device code. */
export const deviceCodeGrant = 'urn:ietf:params:oauth:grant-type:device_code';

/** How a provider answers each poll that brings no tokens: its status, `error` and `error_description`. */
export type PollAnswers = Readonly<
  Record<Exclude<PollVerdict<unknown>['kind'], 'approved'>, readonly [status: number, error: string, description: string]>
>;

/** A poll's verdict in the provider's words (`answers`), or `approved` for the tokens. */
export function pollReply<User>(
  verdict: PollVerdict<User>,
  answers: PollAnswers,
  approved: (grant: DeviceGrant<User>) => StandInReply,
): StandInReply {
  if (verdict.kind === 'approved') return approved(verdict.grant);
  const [status, error, description] = answers[verdict.kind];
  return json(status, { error, error_description: description });
}

/**
 * What every endpoint of a device-flow stand-in reads: its options, its one client, its signing
 * key, and the codes and tokens it issued; each stand-in adds its own state.
 */
export interface StandInState<User, Options> {
  readonly options: Options;
  readonly clientId: string;
  readonly key: SigningKey;
  readonly grants: DeviceGrants<User>;
  readonly tokens: TokenLedger<User>;
  /** The loopback origin, once the server listens. */
  origin: string;
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
