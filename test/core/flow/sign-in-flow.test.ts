import { describe, expect, it } from 'vitest';
import { createSignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import type { FlowState } from '../../../src/shared/flow-state.ts';
import { type PollAnswer, type ScriptedProviderOptions, scriptedProvider } from '../../support/scripted-provider.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

function flowWith(options: Omit<ScriptedProviderOptions, 'clock'> = {}) {
  const clock = new VirtualClock();
  const provider = scriptedProvider({ clock, ...options });
  const vault = createMemoryVault();
  const flow = createSignInFlow({
    config: { issuer: provider.issuer, clientId: 'demo-client', scope: 'openid profile email offline_access' },
    fetch: provider.fetch,
    clock,
    vault,
  });
  const states: FlowState[] = [];
  flow.subscribe((state) => states.push(state));
  return { clock, provider, flow, states, vault };
}

const pending: PollAnswer = { error: 'authorization_pending' };

describe('the sign-in state machine', () => {
  it('goes idle → requesting → awaiting the user → signed in with the profile', async () => {
    const { clock, flow, states, vault } = flowWith({ polls: [pending, { tokens: true }] });
    expect(flow.getState()).toEqual({ status: 'idle' });
    await clock.run(flow.start());
    expect(states.map((s) => s.status)).toEqual(['requesting', 'awaiting_user', 'awaiting_user', 'signed_in']);
    expect(states[1]).toMatchObject({
      status: 'awaiting_user',
      userCode: 'WDJB-MJHT',
      verificationUri: 'https://op.example.test/device',
      verificationUriComplete: 'https://op.example.test/device?user_code=WDJB-MJHT',
      interval: 5,
      slowedDown: false,
    });
    expect(flow.getState()).toEqual({
      status: 'signed_in',
      profile: { issuer: 'https://op.example.test', sub: 'alice', name: 'Alice Example', email: 'alice@example.test' },
      persistence: 'stored',
      deviceBound: false, // the scripted provider lists no DPoP algorithm
    });
    expect((await vault.load())?.profile.sub).toBe('alice');
    expect(flow.getSession()?.tokens.refreshToken).toBe('refresh-token-secret');
  });

  it('never puts a token or the device code into any state', async () => {
    const { clock, flow, states } = flowWith({ polls: [pending, { error: 'slow_down' }, { network: true }, { tokens: true }] });
    await clock.run(flow.start());
    const everything = JSON.stringify(states);
    for (const secret of ['device-code-secret', 'access-token-secret', 'refresh-token-secret', 'eyJ']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('shows when it has been slowed down and when it is retrying, and clears retrying once answers come back', async () => {
    const { clock, flow, states } = flowWith({ polls: [{ error: 'slow_down' }, { network: true }, pending, { tokens: true }] });
    await clock.run(flow.start());
    const waiting = states.filter((s) => s.status === 'awaiting_user');
    expect(waiting[1]).toMatchObject({ slowedDown: true, interval: 10 });
    expect(waiting[2]).toMatchObject({ slowedDown: true, retrying: { reason: 'network', attempt: 1 } });
    expect(waiting[3]).not.toHaveProperty('retrying');
  });

  it('carries the hardware-verified claims into the profile, and ignores malformed ones', async () => {
    const good = flowWith({ userinfo: { hardware_verified: true, hardware_aaguid: 'EE882879-721C-4913-9775-3DFCCE97072A' } });
    await good.clock.run(good.flow.start());
    expect(good.flow.getState()).toMatchObject({
      profile: { hardware_verified: true, hardware_aaguid: 'ee882879-721c-4913-9775-3dfcce97072a' },
    });
    const bad = flowWith({ userinfo: { hardware_verified: 'yes', hardware_aaguid: '<script>' } });
    await bad.clock.run(bad.flow.start());
    const state = bad.flow.getState();
    expect(state.status).toBe('signed_in');
    expect(state.status === 'signed_in' ? state.profile : undefined).not.toHaveProperty('hardware_verified');
    expect(state.status === 'signed_in' ? state.profile : undefined).not.toHaveProperty('hardware_aaguid');
  });

  it('refuses a userinfo response for someone else', async () => {
    const { clock, flow } = flowWith({ userinfo: { sub: 'mallory' } });
    await clock.run(flow.start());
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'invalid_response' });
  });

  it('shows expired, then a new code after "Get a new code"', async () => {
    const { clock, flow, provider } = flowWith({ polls: [{ error: 'expired_token' }, pending, { tokens: true }] });
    await clock.run(flow.start());
    expect(flow.getState()).toEqual({ status: 'expired' });
    await clock.run(flow.start());
    expect(flow.getState().status).toBe('signed_in');
    expect(provider.requests.filter((r) => r.url.endsWith('/device/auth'))).toHaveLength(2);
    // Metadata is discovered once per run of the app.
    expect(provider.requests.filter((r) => r.url.includes('.well-known'))).toHaveLength(1);
  });

  it('shows denied with what the provider said', async () => {
    const { clock, flow } = flowWith({ polls: [{ error: 'access_denied', error_description: 'End-User aborted interaction' }] });
    await clock.run(flow.start());
    expect(flow.getState()).toEqual({ status: 'denied', description: 'End-User aborted interaction' });
  });

  it('shows an error with a code when the provider cannot do device sign-in', async () => {
    const { clock, flow } = flowWith({ metadata: { device_authorization_endpoint: undefined } });
    await clock.run(flow.start());
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'discovery_unsupported' });
  });

  it('goes back to idle on cancel and sends nothing more', async () => {
    const { clock, flow, provider } = flowWith({ polls: [pending] });
    const started = flow.start();
    await clock.advance(6_000);
    expect(flow.getState().status).toBe('awaiting_user');
    const sent = provider.requests.length;
    flow.cancel();
    expect(flow.getState()).toEqual({ status: 'idle' });
    await clock.advance(600_000);
    await started;
    expect(provider.requests.length).toBe(sent);
    expect(flow.getState()).toEqual({ status: 'idle' });
  });

  it('a new start replaces the sign-in under way; the old one no longer changes the state', async () => {
    const { clock, flow, states } = flowWith({ polls: [pending, pending, pending, { tokens: true }] });
    const first = flow.start();
    await clock.advance(6_000);
    const second = flow.start();
    await clock.run(Promise.all([first, second]));
    expect(flow.getState().status).toBe('signed_in');
    expect(states.filter((s) => s.status === 'signed_in')).toHaveLength(1);
  });

  it('forgets the session on sign-out', async () => {
    const { clock, flow, vault } = flowWith();
    await clock.run(flow.start());
    await clock.run(flow.signOut());
    expect(flow.getState()).toEqual({ status: 'idle' });
    expect(flow.getSession()).toBeUndefined();
    expect(await vault.load()).toBeUndefined();
  });

  it('lets a subscriber unsubscribe', async () => {
    const { clock, flow } = flowWith();
    const seen: string[] = [];
    const unsubscribe = flow.subscribe((s) => seen.push(s.status));
    unsubscribe();
    await clock.run(flow.start());
    expect(seen).toEqual([]);
  });
});

describe('a code that expires while someone is looking at it', () => {
  function watchedFlow(watching: boolean) {
    const clock = new VirtualClock();
    const op = scriptedProvider({
      clock,
      userCodes: ['AAAA-AAAA', 'BBBB-BBBB', 'CCCC-CCCC', 'DDDD-DDDD', 'EEEE-EEEE'],
      deviceAuthorization: { expires_in: 60 },
      polls: [{ error: 'authorization_pending' }],
    });
    const flow = createSignInFlow({ config: { issuer: op.issuer, clientId: 'demo-client', scope: 'openid' }, fetch: op.fetch, clock });
    flow.watching(watching);
    const shown: string[] = [];
    flow.subscribe((state) => {
      if (state.status === 'awaiting_user' && shown.at(-1) !== state.userCode) shown.push(state.userCode);
    });
    let starts = 0;
    const start = () => {
      starts += 1;
      return flow.start();
    };
    return { clock, op, flow, shown, start, starts: () => starts };
  }

  it('is replaced in place by a new code, without a new start, at most 3 times, then ends as expired', async () => {
    const s = watchedFlow(true);
    await s.clock.run(s.start());
    expect(s.shown).toEqual(['AAAA-AAAA', 'BBBB-BBBB', 'CCCC-CCCC', 'DDDD-DDDD']);
    expect(s.starts()).toBe(1);
    expect(s.flow.getState()).toEqual({ status: 'expired' });
    expect(s.op.requests.filter((r) => r.url.endsWith('/device/auth'))).toHaveLength(4);
  });

  it('each new code lives its own lifetime from when it was issued', async () => {
    const s = watchedFlow(true);
    const expiries: number[] = [];
    s.flow.subscribe((state) => {
      if (state.status === 'awaiting_user' && expiries.at(-1) !== state.expiresAt) expiries.push(state.expiresAt);
    });
    await s.clock.run(s.start());
    expect(expiries).toHaveLength(4);
    for (let i = 1; i < expiries.length; i++) expect((expiries[i] ?? 0) - (expiries[i - 1] ?? 0)).toBeGreaterThanOrEqual(60_000);
  });

  it('ends as expired at once when nobody is looking (the window is hidden or minimised)', async () => {
    const s = watchedFlow(false);
    await s.clock.run(s.start());
    expect(s.shown).toEqual(['AAAA-AAAA']);
    expect(s.flow.getState()).toEqual({ status: 'expired' });
  });
});
