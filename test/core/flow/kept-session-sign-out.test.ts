/**
 * Ending a kept session in the real core, over a scripted provider and a virtual clock: signing
 * out, what the provider said when asked to end it, a desktop that cannot protect tokens, and
 * signing in again while signed in.
 */
import { describe, expect, it } from 'vitest';
import { accountsOf } from '../../../src/core/vault/kept-accounts.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import type { TokenVault } from '../../../src/core/vault/session-record.ts';
import { type ScriptedProviderOptions } from '../../support/scripted-provider.ts';
import { scriptedIssuer } from '../../support/stored-session.ts';
import { setup, storedSession } from '../../support/kept-session-setup.ts';

const issuer = scriptedIssuer;

describe('signing out', () => {
  it('revokes the refresh token, then the access token (RFC 7009), then wipes local data', async () => {
    const s = setup();
    await s.vault.save(storedSession(s.clock, 3_600_000));
    await s.clock.run(s.flow.restore());
    await s.clock.run(s.flow.signOut());
    expect(s.revocations().map((r) => [r.body.get('token'), r.body.get('token_type_hint')])).toEqual([
      ['refresh-token-secret-1', 'refresh_token'],
      ['access-token-secret-1', 'access_token'],
    ]);
    expect(s.flow.getState()).toEqual({ status: 'idle' });
    expect(await s.vault.load()).toBeUndefined();
    await expect(s.flow.getAccessToken()).rejects.toMatchObject({ code: 'not_signed_in' });
  });

  it('wipes local data when offline and says that revocation did not happen', async () => {
    const s = setup({ revocation: 'offline' });
    await s.vault.save(storedSession(s.clock, 3_600_000));
    await s.clock.run(s.flow.restore());
    await s.clock.run(s.flow.signOut());
    expect(s.flow.getState()).toMatchObject({ status: 'idle', notice: { code: 'revocation_failed' } });
    expect(await s.vault.load()).toBeUndefined();
  });

  it('only wipes when the provider has no revocation endpoint, and says the session was not ended there', async () => {
    const s = setup({ metadata: { revocation_endpoint: undefined } });
    await s.vault.save(storedSession(s.clock, 3_600_000));
    await s.clock.run(s.flow.restore());
    await s.clock.run(s.flow.signOut());
    expect(s.revocations()).toEqual([]);
    expect(s.flow.getState()).toMatchObject({ status: 'idle', notice: { code: 'revocation_failed', revocation: 'unsupported' } });
    expect(await s.vault.load()).toBeUndefined();
  });
});

describe('what the provider said when asked to end the session', () => {
  async function signOutWith(provider: Omit<ScriptedProviderOptions, 'clock'>) {
    const s = setup(provider);
    await s.vault.save(storedSession(s.clock, 3_600_000));
    await s.clock.run(s.flow.restore());
    const outcome = await s.clock.run(s.flow.signOut());
    expect(await s.vault.load()).toBeUndefined();
    return { ...s, outcome };
  }

  it('says refused, not unreachable, when the provider answers 401 with an empty body', async () => {
    const s = await signOutWith({ revocation: { status: 401 } });
    expect(s.outcome).toBe('refused');
    expect(s.flow.getState()).toMatchObject({
      status: 'idle',
      notice: { code: 'revocation_failed', revocation: 'refused', validUntil: s.clock.now() + 3_600_000 },
    });
    // Refused for the refresh token: the access token is not sent to be refused as well.
    expect(s.revocations()).toHaveLength(1);
  });

  it('says refused for a 400 with an OAuth error body (RFC 7009 §2.2.1)', async () => {
    expect((await signOutWith({ revocation: { status: 400, text: '{"error":"unsupported_token_type"}' } })).outcome).toBe('refused');
  });

  it('says server_error for a 503', async () => {
    const s = await signOutWith({ revocation: { status: 503, text: 'down for maintenance' } });
    expect(s.outcome).toBe('server_error');
    expect(s.flow.getState()).toMatchObject({ notice: { revocation: 'server_error' } });
  });

  it('says unreachable when offline', async () => {
    expect((await signOutWith({ revocation: 'offline' })).outcome).toBe('unreachable');
  });

  // This once sent nothing and said unsupported. A public client may always ask (RFC 7009 §2.1
  // authenticates confidential clients only), and servers whose list leaves out "none" do revoke
  // (RFC 8414 §2 lets discovery list the methods).
  it('asks anyway, and says refused, when discovery lists only confidential methods and the provider answers 401', async () => {
    const s = await signOutWith({
      metadata: { revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'bearer'] },
      revocation: { status: 401 },
    });
    expect(s.outcome).toBe('refused');
    expect(s.revocations()).toHaveLength(1);
    expect(s.flow.getState()).toMatchObject({ notice: { revocation: 'refused' } });
  });

  it('revokes when discovery lists "none" among the methods', async () => {
    const s = await signOutWith({ metadata: { revocation_endpoint_auth_methods_supported: ['none', 'client_secret_basic'] } });
    expect(s.outcome).toBe('revoked');
    expect(s.flow.getState()).toEqual({ status: 'idle' });
  });
});

describe('when tokens cannot be protected on this desktop', () => {
  it('says so before sign-in and never stores silently', async () => {
    let writes = 0;
    const vault: TokenVault = { ...createMemoryVault(), save: () => Promise.resolve(void (writes += 1)) };
    const s = setup({}, { vault, storageUnavailable: 'no_keyring' });
    expect(s.flow.getState()).toMatchObject({ status: 'idle', notice: { code: 'storage_unavailable' } });
    await s.clock.run(s.flow.start());
    expect(s.flow.getState()).toMatchObject({ status: 'error', code: 'storage_unavailable' });
    await s.clock.run(s.flow.start({ sessionOnly: true }));
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', persistence: 'session_only' });
    expect(writes).toBe(0);
  });

  it('falls back to this session only, and says so, when the vault fails to write', async () => {
    const vault: TokenVault = { ...createMemoryVault(), save: () => Promise.reject(new Error('keyring locked')) };
    const s = setup({}, { vault });
    await s.clock.run(s.flow.start());
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', persistence: 'session_only' });
  });
});

describe('signing in again while signed in', () => {
  it('with one account at a time, ends the kept grant at the provider once the new sign-in is kept, and says so', async () => {
    const s = setup({}, { multipleAccounts: false });
    await s.vault.save(storedSession(s.clock, 3_600_000, { profile: { issuer, sub: 'bob', name: 'Bob' } }));
    await s.clock.run(s.flow.restore());
    const events: unknown[] = [];
    s.flow.onEvent((event) => events.push(event));
    await s.clock.run(s.flow.start());
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'alice' } });
    expect(accountsOf(await s.vault.load()).map((record) => record.profile.sub)).toEqual(['alice']);
    expect(s.revocations().map((r) => r.body.get('token'))).toEqual(['refresh-token-secret-1', 'access-token-secret-1']);
    expect(events).toContainEqual({ type: 'replaced', profile: expect.objectContaining({ sub: 'bob' }) as unknown, revocation: 'revoked' });
  });

  it('as another account, adds it as the current one and leaves the first signed in', async () => {
    const s = setup();
    await s.vault.save(storedSession(s.clock, 3_600_000, { profile: { issuer, sub: 'bob', name: 'Bob' } }));
    await s.clock.run(s.flow.restore());
    const events: { type: string }[] = [];
    s.flow.onEvent((event) => events.push(event));
    await s.clock.run(s.flow.start());
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'alice' } });
    expect(accountsOf(await s.vault.load()).map((record) => record.profile.sub)).toEqual(['alice', 'bob']);
    expect(s.revocations()).toEqual([]);
    expect(events.map((event) => event.type)).not.toContain('replaced');
  });

  it('as the same account again, replaces its record and ends its old grant, leaving the other account', async () => {
    const s = setup();
    const bob = storedSession(s.clock, 3_600_000, { profile: { issuer, sub: 'bob', name: 'Bob' } });
    const alice = storedSession(s.clock, 3_600_000, { profile: { issuer, sub: 'alice', name: 'Alice' } });
    const oldAlice = { ...alice, tokens: { ...alice.tokens, accessToken: 'old-alice-access', refreshToken: 'old-alice-refresh' } };
    await s.vault.save({ ...bob, others: [oldAlice] });
    await s.clock.run(s.flow.restore());
    await s.clock.run(s.flow.start());
    const kept = accountsOf(await s.vault.load());
    expect(kept.map((record) => record.profile.sub)).toEqual(['alice', 'bob']);
    expect(kept[0]?.tokens.accessToken).not.toBe(oldAlice.tokens.accessToken);
    expect(kept[1]?.tokens).toEqual(bob.tokens);
    expect(s.revocations().map((r) => r.body.get('token'))).toEqual(['old-alice-refresh', 'old-alice-access']);
  });

  it('revokes nothing when nobody was signed in', async () => {
    const s = setup();
    const events: { type: string }[] = [];
    s.flow.onEvent((event) => events.push(event));
    await s.clock.run(s.flow.start());
    expect(s.revocations()).toEqual([]);
    expect(events.map((event) => event.type)).not.toContain('replaced');
  });
});
