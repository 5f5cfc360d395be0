import type { DemoProvider, DemoProviderOptions } from '../../src/demo-provider/provider.ts';
import { type Exchange, parseJsonObject, startProviderBehindProxy } from './provider-proxy.ts';

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

/**
 * Starts the demo provider behind a strict RFC 8628 proxy: it announces `interval`, answers
 * `slow_down` (and adds 5 s) to any poll that comes early, or on purpose to chosen polls, and
 * records every poll.
 */
export async function startStrictServer(options: StrictServerOptions = {}): Promise<StrictServer> {
  const announcedInterval = options.interval ?? 1;
  const slowDownOnPolls = new Set(options.slowDownOnPolls ?? []);
  const toleranceMs = options.toleranceMs ?? 20;
  const deviceCodes = new Map<string, DeviceCodeState>();
  const polls: PollRecord[] = [];

  async function handleDeviceAuthorization(exchange: Exchange): Promise<void> {
    const answer = await exchange.forward();
    const parsed = answer.status === 200 ? parseJsonObject(answer.body) : undefined;
    const deviceCode = parsed?.['device_code'];
    if (parsed === undefined || typeof deviceCode !== 'string') {
      exchange.reply(answer);
      return;
    }
    deviceCodes.set(deviceCode, { interval: announcedInterval, lastContactAt: Date.now(), pollCount: 0 });
    exchange.reply({ ...answer, body: Buffer.from(JSON.stringify({ ...parsed, interval: announcedInterval })) });
  }

  async function handleToken(exchange: Exchange): Promise<void> {
    const at = Date.now();
    const params = new URLSearchParams(exchange.body.toString('utf8'));
    const deviceCode = params.get('device_code');
    if (params.get('grant_type') !== DEVICE_CODE_GRANT || deviceCode === null) {
      exchange.reply(await exchange.forward());
      return;
    }
    const state = deviceCodes.get(deviceCode);
    if (state === undefined) {
      const answer = await exchange.forward();
      const pollNumber = polls.filter((poll) => poll.deviceCode === deviceCode).length + 1;
      polls.push({ at, deviceCode, pollNumber, early: false, answer: answerOf(answer.body), interval: announcedInterval });
      exchange.reply(answer);
      return;
    }

    state.pollCount += 1;
    const interval = state.interval;
    const early = at - state.lastContactAt < interval * 1000 - toleranceMs;
    const previousContact = state.lastContactAt;
    state.lastContactAt = at;
    const record: PollRecord = { at, deviceCode, pollNumber: state.pollCount, early, answer: 'slow_down', interval };
    polls.push(record);

    if (early || slowDownOnPolls.has(state.pollCount)) {
      state.interval += SLOW_DOWN_STEP_SECONDS;
      exchange.replyJson(400, {
        error: 'slow_down',
        error_description: `polling too fast; wait at least ${state.interval} seconds between requests`,
      });
      return;
    }
    const answer = await exchange.forward();
    record.answer = answerOf(answer.body);
    // RFC 9449 §8: a nonce challenge asks for the same request again at once, with the nonce;
    // it answers nothing about the code, so the interval still runs from the poll before it.
    if (record.answer === 'use_dpop_nonce') state.lastContactAt = previousContact;
    exchange.reply(answer);
  }

  const proxied = await startProviderBehindProxy(async (exchange) => {
    if (exchange.method === 'POST' && exchange.route === 'device_authorization') await handleDeviceAuthorization(exchange);
    else if (exchange.method === 'POST' && exchange.route === 'token') await handleToken(exchange);
    else exchange.reply(await exchange.forward());
  }, options.provider);

  return {
    issuer: proxied.issuer,
    clientId: proxied.clientId,
    introspection: proxied.introspection,
    polls,
    pollsFor: (deviceCode) => polls.filter((poll) => poll.deviceCode === deviceCode),
    intervalFor: (deviceCode) => deviceCodes.get(deviceCode)?.interval,
    close: () => proxied.close(),
  };
}

function answerOf(tokenResponseBody: Buffer): string {
  const parsed = parseJsonObject(tokenResponseBody);
  const error = parsed?.['error'];
  if (typeof error === 'string') return error;
  return typeof parsed?.['access_token'] === 'string' ? 'tokens' : 'unreadable';
}
