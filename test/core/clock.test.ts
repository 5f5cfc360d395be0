import { afterEach, describe, expect, it, vi } from 'vitest';
import { maxTimerDelayMs, systemClock } from '../../src/core/clock.ts';
import { createSignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import { createMemoryVault } from '../support/memory-vault.ts';
import { scriptedProvider } from '../support/scripted-provider.ts';
import { scriptedIssuer, storedSession } from '../support/stored-session.ts';
import { VirtualClock } from '../support/virtual-clock.ts';

// Vitest's fake timers keep the real timers' rule: a delay above 2^31-1 ms fires after 1 ms.
afterEach(() => {
  vi.useRealTimers();
});

const issuer = scriptedIssuer;
const day = 24 * 60 * 60 * 1000;

describe('the system clock', () => {
  it('sleeps past the longest delay a timer can hold', async () => {
    vi.useFakeTimers();
    let woke = false;
    void systemClock.sleep(maxTimerDelayMs + 10 * day).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(maxTimerDelayMs);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(10 * day);
    expect(woke).toBe(true);
  });

  it('still wakes on time for an ordinary delay, and stops when cancelled', async () => {
    vi.useFakeTimers();
    let woke = false;
    void systemClock.sleep(1_000).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(woke).toBe(true);
    const controller = new AbortController();
    const cancelled = systemClock.sleep(60 * day, controller.signal);
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'CancelledError' });
  });
});

describe('an access token that lives for 30 days', () => {
  it('is refreshed once, shortly before it expires, not over and over at once', async () => {
    vi.useFakeTimers();
    // The provider only needs virtual time for its own bookkeeping; the flow runs on the system clock.
    const op = scriptedProvider({ clock: new VirtualClock(Date.now()), refreshes: [{ tokens: true, expiresIn: 30 * 24 * 3600 }] });
    const vault = createMemoryVault();
    await vault.save(storedSession(Date.now(), 30 * day));
    const flow = createSignInFlow({ config: { issuer, clientId: 'demo-client', scope: 'openid' }, fetch: op.fetch, vault });
    await flow.restore();
    const refreshes = () => op.requests.filter((r) => r.body.get('grant_type') === 'refresh_token').length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(refreshes()).toBe(0);
    await vi.advanceTimersByTimeAsync(30 * day - 10_000 - 61_000);
    expect(refreshes()).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(refreshes()).toBe(1);
    flow.dispose();
  });
});
