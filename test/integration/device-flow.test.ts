import { describe, expect, it } from 'vitest';
import { createSignInFlow, type SignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import { DEMO_HARDWARE_AAGUID } from '../../src/demo-provider/accounts.ts';
import { defaultScope } from '../../src/core/config.ts';
import { startDemoProvider } from '../../src/demo-provider/provider.ts';
import { type AwaitingUser, awaitingUser, nextState } from '../support/flow-states.ts';
import { approveOnPhone, denyOnPhone, enterCodeOnPhone } from '../support/phone.ts';
import { usePhoneFixture } from '../support/phone-fixture.ts';

const phone = usePhoneFixture();

/** The app's core, exactly as the main process wires it, minus Electron: Node's fetch stands in for net.fetch. */
function flowFor(server: { issuer: string; clientId: string }): SignInFlow {
  const flow = createSignInFlow({
    config: { issuer: server.issuer, clientId: server.clientId, scope: defaultScope },
    fetch: globalThis.fetch,
  });
  phone.afterTest(() => {
    flow.cancel();
  });
  return flow;
}

describe('device sign-in against a real OpenID provider, with Chromium as the phone', () => {
  it('signs in when the phone opens the QR link and approves', async () => {
    const op = await phone.provider();
    const flow = flowFor(op);
    const done = flow.start();
    const code = await nextState(flow, awaitingUser);
    expect(code.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(code.verificationUriComplete).toContain(op.issuer);
    expect(code.interval).toBe(5); // oidc-provider sends no interval: RFC 8628's default applies
    await approveOnPhone(phone.browser(), code.verificationUriComplete ?? '', { login: 'alice' });
    await done;
    expect(flow.getState()).toEqual({
      status: 'signed_in',
      profile: { issuer: op.issuer, sub: 'alice', name: 'Alice', email: 'alice@example.test', email_verified: true },
      persistence: 'session_only', // no vault given: memory only
      deviceBound: true, // the demo provider offers DPoP, and `auto` takes it
    });
    const tokens = flow.getSession()?.tokens;
    expect(tokens?.accessToken).toEqual(expect.any(String));
    expect(tokens?.refreshToken).toEqual(expect.any(String)); // offline_access was granted
    expect(tokens?.idToken).toEqual(expect.any(String));
  });

  it('signs in when the user types the code on the plain verification page, with hardware claims', async () => {
    const op = await phone.provider({ interval: 1 });
    const flow = flowFor(op);
    const done = flow.start();
    const code = await nextState(flow, awaitingUser);
    await enterCodeOnPhone(phone.browser(), code.verificationUri, code.userCode, { login: 'hw-bob' });
    await done;
    expect(flow.getState()).toMatchObject({
      status: 'signed_in',
      profile: { sub: 'hw-bob', hardware_verified: true, hardware_aaguid: DEMO_HARDWARE_AAGUID },
    });
  });

  it('shows denied when the phone presses abort', async () => {
    const op = await phone.provider({ interval: 1 });
    const flow = flowFor(op);
    const done = flow.start();
    const code = await nextState(flow, awaitingUser);
    await denyOnPhone(phone.browser(), code.verificationUriComplete ?? '');
    await done;
    expect(flow.getState().status).toBe('denied');
  });

  it('shows expired when nobody approves before the code runs out, and a new code works', async () => {
    // Long enough for the phone to approve the second code with four test files on two cores (8 s
    // was not, once), short enough to wait out; the polls stay within one a second meanwhile.
    const ttl = 20;
    const strict = await phone.strictServer({ interval: 1, provider: { deviceCodeTtl: ttl } });
    const flow = flowFor(strict);
    await flow.start();
    expect(flow.getState()).toEqual({ status: 'expired' });
    const polls = strict.polls.length;
    expect(polls).toBeGreaterThan(0);
    expect(polls).toBeLessThanOrEqual(ttl);

    const again = flow.start();
    const code = await nextState(flow, awaitingUser);
    await approveOnPhone(phone.browser(), code.verificationUriComplete ?? '', { login: 'carol' });
    await again;
    expect(flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'carol' } });
  });

  it('never polls early against a strict server, and adds 5 s after slow_down', async () => {
    const strict = await phone.strictServer({ interval: 1, slowDownOnPolls: [2] });
    const flow = flowFor(strict);
    const done = flow.start();
    const slowed = await nextState(flow, (state): state is AwaitingUser => awaitingUser(state) && state.slowedDown);
    expect(slowed.interval).toBe(6);
    await approveOnPhone(phone.browser(), slowed.verificationUriComplete ?? '', { login: 'dave' });
    await done;
    expect(flow.getState().status).toBe('signed_in');

    const polls = strict.polls;
    expect(polls.filter((poll) => poll.early)).toEqual([]);
    expect(polls[1]?.answer).toBe('slow_down');
    // Every poll after the slow_down waited at least 1 + 5 seconds.
    for (let i = 2; i < polls.length; i++) {
      expect((polls[i]?.at ?? 0) - (polls[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(6_000);
    }
    expect(polls.length).toBeGreaterThanOrEqual(3);
  });

  it('says network when the issuer cannot be reached', async () => {
    const op = await startDemoProvider();
    const issuer = op.issuer;
    await op.close();
    const flow = flowFor({ issuer, clientId: 'device-signin-demo' });
    await flow.start();
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'network' });
  });
});
