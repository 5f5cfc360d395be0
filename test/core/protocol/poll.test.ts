import { describe, expect, it } from 'vitest';
import { CancelledError, SignInError } from '../../../src/core/errors.ts';
import { type PollEvent, pollForTokens } from '../../../src/core/protocol/poll.ts';
import { authorize, protocolSetup } from '../../support/protocol-setup.ts';
import type { PollAnswer } from '../../support/scripted-provider.ts';

const pending: PollAnswer = { error: 'authorization_pending' };
const slowDown: PollAnswer = { error: 'slow_down' };
const tokens: PollAnswer = { tokens: true };
const network: PollAnswer = { network: true };

/** Seconds between the authorization response and each poll, then between consecutive polls. */
function gaps(receivedAt: number, times: readonly number[]): number[] {
  return times.map((at, i) => (at - (i === 0 ? receivedAt : (times[i - 1] ?? 0))) / 1000);
}

async function pollWith(
  polls: PollAnswer[],
  deviceAuthorization: Record<string, unknown> = {},
  options: { timeoutMs?: number; maxBackoffMs?: number } = {},
) {
  const setup = protocolSetup({ polls, deviceAuthorization }, {}, options.timeoutMs);
  const { as, authorization } = await authorize(setup);
  const events: PollEvent[] = [];
  const result = setup.clock.run(
    pollForTokens(as, authorization, setup.context, {
      onEvent: (event) => events.push(event),
      ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }),
    }),
  );
  const outcome = await result.then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  );
  const pollTimes = setup.provider.polls().map((p) => p.at);
  return { ...outcome, events, pollTimes, gaps: gaps(authorization.receivedAt, pollTimes), authorization, setup };
}

describe('polling for tokens (RFC 8628 §3.4-3.5)', () => {
  it('waits the default 5 s interval before the first poll and between polls when the server gives none', async () => {
    const run = await pollWith([pending, pending, tokens]);
    expect(run.value?.access_token).toBe('access-token-secret');
    expect(run.authorization.interval).toBe(5);
    expect(run.gaps).toEqual([5, 5, 5]);
    expect(run.events).toEqual([{ type: 'pending' }, { type: 'pending' }]);
  });

  it("uses the server's interval", async () => {
    const run = await pollWith([pending, tokens], { interval: 3 });
    expect(run.gaps).toEqual([3, 3]);
  });

  it('adds 5 s after slow_down, for that poll and every later one', async () => {
    const run = await pollWith([pending, slowDown, pending, pending, tokens]);
    expect(run.gaps).toEqual([5, 5, 10, 10, 10]);
    expect(run.events).toContainEqual({ type: 'slow_down', interval: 10 });
  });

  it('adds up repeated slow_down answers', async () => {
    const run = await pollWith([slowDown, slowDown, tokens], { interval: 2 });
    expect(run.gaps).toEqual([2, 7, 12]);
  });

  it("takes the server's interval on slow_down when it is larger than +5 s", async () => {
    const run = await pollWith([{ error: 'slow_down', interval: 30 }, pending, tokens]);
    expect(run.gaps).toEqual([5, 30, 30]);
  });

  it('never polls earlier than the interval, whatever the answers', async () => {
    const run = await pollWith([pending, slowDown, network, pending, { status: 503, text: 'busy' }, slowDown, tokens], { interval: 4 });
    let interval = 4;
    run.gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(interval);
      if (i === 1 || i === 5) interval += 5;
    });
  });

  it('reports expired_token from the server as an expired code', async () => {
    const run = await pollWith([pending, { error: 'expired_token' }]);
    expect(run.error).toBeInstanceOf(SignInError);
    expect((run.error as SignInError).code).toBe('expired_token');
  });

  it('stops at the local deadline and never polls after the code has expired', async () => {
    const run = await pollWith([pending], { expires_in: 12 });
    expect((run.error as SignInError).code).toBe('expired_token');
    expect(run.gaps).toEqual([5, 5]);
    expect(run.setup.clock.now()).toBe(run.authorization.expiresAt);
    for (const at of run.pollTimes) expect(at).toBeLessThan(run.authorization.expiresAt);
  });

  it('reports access_denied with the server description', async () => {
    const run = await pollWith([pending, { error: 'access_denied', error_description: 'The user said no' }]);
    expect(run.error).toMatchObject({ code: 'access_denied', serverError: 'access_denied', serverDescription: 'The user said no' });
  });

  it('retries connection errors with a doubling delay, capped, then succeeds', async () => {
    const run = await pollWith([network, network, network, network, network, tokens], {}, { maxBackoffMs: 60_000 });
    expect(run.value?.access_token).toBe('access-token-secret');
    expect(run.gaps).toEqual([5, 10, 20, 40, 60, 60]);
    expect(run.events.map((e) => (e.type === 'retry' ? [e.reason, e.attempt] : e.type))).toEqual([
      ['network', 1],
      ['network', 2],
      ['network', 3],
      ['network', 4],
      ['network', 5],
    ]);
  });

  it('treats 5xx, HTML error pages, 429 and temporarily_unavailable as passing trouble', async () => {
    const run = await pollWith([
      { status: 502, text: '<html>Bad gateway</html>' },
      { error: 'server_error', status: 500 },
      { status: 429, text: 'Too many requests' },
      { error: 'temporarily_unavailable', status: 503 },
      pending,
      tokens,
    ]);
    expect(run.value?.access_token).toBe('access-token-secret');
    expect(run.events.flatMap((e) => (e.type === 'retry' ? [e.reason] : []))).toEqual([
      'server_error',
      'server_error',
      'rate_limited',
      'server_error',
    ]);
    // The first success after trouble resets the backoff.
    expect(run.gaps.at(-1)).toBe(5);
  });

  it('times out a stalled request and retries it', async () => {
    const run = await pollWith([{ hang: true }, tokens], {}, { timeoutMs: 15_000 });
    expect(run.value?.access_token).toBe('access-token-secret');
    expect(run.events[0]).toMatchObject({ type: 'retry', reason: 'timeout', attempt: 1 });
    // 5 s wait, 15 s stalled, then twice the interval.
    expect(run.gaps).toEqual([5, 25]);
  });

  it('gives up after too many consecutive failures even before the code expires', async () => {
    const run = await pollWith([network], { expires_in: 86_400 });
    expect((run.error as SignInError).code).toBe('network');
    expect(run.pollTimes).toHaveLength(12);
  });

  it('ends an unknown OAuth error as request_rejected, and malformed success as invalid_response', async () => {
    const rejected = await pollWith([{ error: 'invalid_grant', error_description: 'Unknown device code' }]);
    expect(rejected.error).toMatchObject({ code: 'request_rejected', serverError: 'invalid_grant' });
    const malformed = await pollWith([{ status: 200, text: 'not json' }]);
    expect((malformed.error as SignInError).code).toBe('invalid_response');
  });

  it('stops on cancel and sends nothing afterwards', async () => {
    const setup = protocolSetup({ polls: [pending] });
    const { as, authorization } = await authorize(setup);
    const controller = new AbortController();
    const polling = pollForTokens(as, authorization, setup.context, { signal: controller.signal });
    const settled = polling.catch((error: unknown) => error);
    await setup.clock.advance(7_000);
    expect(setup.provider.polls()).toHaveLength(1);
    controller.abort();
    await setup.clock.advance(120_000);
    expect(await settled).toBeInstanceOf(CancelledError);
    expect(setup.provider.polls()).toHaveLength(1);
  });

  it('cancels a request that is in flight', async () => {
    const setup = protocolSetup({ polls: [{ hang: true }] });
    const { as, authorization } = await authorize(setup);
    const controller = new AbortController();
    const settled = pollForTokens(as, authorization, setup.context, { signal: controller.signal }).catch((error: unknown) => error);
    await setup.clock.advance(6_000);
    expect(setup.provider.polls()).toHaveLength(1);
    controller.abort();
    expect(await settled).toBeInstanceOf(CancelledError);
    await setup.clock.advance(120_000);
    expect(setup.provider.polls()).toHaveLength(1);
  });
});
