/**
 * Kept sessions that survive real use, in the real core over a scripted provider and a virtual
 * clock, and a refresh the provider refuses whatever the shape of its answer.
 */
import { describe, expect, it } from 'vitest';
import type { SignInError } from '../../../src/core/errors.ts';
import { createSignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import type { TokenVault } from '../../../src/core/vault/session-record.ts';
import { scriptedProvider } from '../../support/scripted-provider.ts';
import { scriptedIssuer } from '../../support/stored-session.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';
import { setup, storedSession } from '../../support/kept-session-setup.ts';

const issuer = scriptedIssuer;

describe('sessions that survive real use', () => {
  it('stays signed out when sign-out happens while a refresh is in flight, and revokes what the refresh returned', async () => {
    const s = setup({ refreshes: [{ tokens: true, rotate: true, delayMs: 5_000 }] }, { proactiveRefresh: false });
    await s.vault.save(storedSession(s.clock, 3_600_000));
    await s.clock.run(s.flow.restore());
    await s.clock.advance(3_600_000);
    const refreshed = s.flow.getAccessToken().catch((error: unknown) => error as SignInError);
    await s.clock.settle();
    expect(s.refreshRequests()).toHaveLength(1);
    await s.clock.run(s.flow.signOut());
    const outcome = await s.clock.run(refreshed);
    expect(outcome).toMatchObject({ code: 'not_signed_in' });
    expect(s.flow.getState().status).toBe('idle');
    expect(s.flow.getSession()).toBeUndefined();
    expect(await s.vault.load()).toBeUndefined();
    await s.clock.settle();
    expect(s.revocations().map((r) => r.body.get('token'))).toEqual([
      'refresh-token-secret-1',
      'access-token-secret-1',
      'refresh-token-secret-2',
      'access-token-secret-2',
    ]);
  });

  it('does not bring back a session signed out while the refreshed tokens were being written', async () => {
    const clock = new VirtualClock();
    const inner = createMemoryVault();
    // A keyring that takes a while to write, as a locked-then-unlocked Secret Service does.
    const vault: TokenVault = {
      ...inner,
      save: async (value) => {
        await clock.sleep(2_000);
        await inner.save(value);
      },
    };
    const op = scriptedProvider({ clock, refreshes: [{ tokens: true, rotate: true }] });
    const flow = createSignInFlow({
      config: { issuer, clientId: 'demo-client', scope: 'openid' },
      fetch: op.fetch,
      clock,
      vault,
      proactiveRefresh: false,
    });
    await inner.save(storedSession(clock, -1_000));
    const restoring = flow.restore();
    await clock.advance(500);
    await clock.run(flow.signOut());
    await clock.run(restoring);
    await clock.advance(5_000);
    expect(flow.getState().status).toBe('idle');
    expect(await inner.load()).toBeUndefined();
    expect(op.requests.filter((r) => r.url.endsWith('/token/revocation')).map((r) => r.body.get('token'))).toContain(
      'refresh-token-secret-2',
    );
  });

  it('wipes the session on this computer before it asks the provider to revoke it', async () => {
    const s = setup({ revocation: 'hang' });
    await s.vault.save(storedSession(s.clock, 3_600_000));
    await s.clock.run(s.flow.restore());
    void s.flow.signOut();
    await s.clock.settle();
    // Quitting now, with the revocation still unanswered, must leave nothing to restore.
    expect(s.revocations()).toHaveLength(1);
    expect(await s.vault.load()).toBeUndefined();
    s.flow.dispose();
  });

  it('ends the session when a refreshed ID token names another user (OpenID Connect Core §12.2)', async () => {
    const s = setup({ refreshes: [{ tokens: true, rotate: true, idTokenSub: 'mallory' }] });
    await s.vault.save(storedSession(s.clock, -1_000));
    await s.clock.run(s.flow.restore());
    expect(s.flow.getState()).toMatchObject({ status: 'idle', notice: { code: 'session_ended' } });
    expect(await s.vault.load()).toBeUndefined();
    await expect(s.flow.getAccessToken()).rejects.toMatchObject({ code: 'not_signed_in' });
  });

  it('keeps the session when the refreshed ID token names the same user', async () => {
    const s = setup({ refreshes: [{ tokens: true, rotate: true, idTokenSub: 'alice' }] });
    await s.vault.save(storedSession(s.clock, -1_000));
    await s.clock.run(s.flow.restore());
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'alice' } });
  });

  it('uses the tokens another process refreshed while this one waited, instead of refreshing again', async () => {
    const s = setup({ refreshes: [{ tokens: true, rotate: true }] }, { proactiveRefresh: false });
    await s.vault.save(storedSession(s.clock, 3_600_000));
    await s.clock.run(s.flow.restore());
    await s.clock.advance(3_600_000);
    // What another `device-signin token` wrote after its own refresh.
    await s.vault.save(
      storedSession(s.clock, 3_600_000, {
        tokens: {
          accessToken: 'access-token-from-elsewhere',
          tokenType: 'bearer',
          refreshToken: 'refresh-token-from-elsewhere',
          expiresAt: s.clock.now() + 3_600_000,
        },
      }),
    );
    expect(await s.clock.run(s.flow.getAccessToken())).toBe('access-token-from-elsewhere');
    expect(s.refreshRequests()).toHaveLength(0);
  });

  it('ends the session when another process signed out while this one waited', async () => {
    const s = setup({}, { proactiveRefresh: false });
    await s.vault.save(storedSession(s.clock, 3_600_000));
    await s.clock.run(s.flow.restore());
    await s.clock.advance(3_600_000);
    await s.vault.clear();
    await expect(s.clock.run(s.flow.getAccessToken())).rejects.toMatchObject({ code: 'session_ended' });
    expect(s.refreshRequests()).toHaveLength(0);
    expect(s.flow.getState()).toMatchObject({ status: 'idle', notice: { code: 'session_ended' } });
  });
});

describe('a refresh the provider refuses, whatever the shape of its answer', () => {
  it.each([
    ['400 with an empty body', { status: 400, text: '' }],
    ['401 with an empty body', { status: 401, text: '' }],
    ['400 with HTML', { status: 400, text: '<html>Bad Request</html>' }],
  ])('ends the session on a %s, and wipes it', async (_name, answer) => {
    const s = setup({ refreshes: [answer] });
    await s.vault.save(storedSession(s.clock, -1_000));
    await s.clock.run(s.flow.restore());
    expect(s.flow.getState()).toMatchObject({ status: 'idle', notice: { code: 'session_ended' } });
    expect(await s.vault.load()).toBeUndefined();
  });

  it('keeps the session on a 503: that is "try again later"', async () => {
    const s = setup({ refreshes: [{ status: 503, text: '' }] });
    await s.vault.save(storedSession(s.clock, -1_000));
    await s.clock.run(s.flow.restore());
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in' });
    expect(await s.vault.load()).toBeDefined();
  });
});
