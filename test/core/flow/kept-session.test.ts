import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileRefreshLock } from '../../../src/core/vault/refresh-lock.ts';
import type { SignInError } from '../../../src/core/errors.ts';
import { createSignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import type { SignInFlowOptions } from '../../../src/core/flow/sign-in-flow-options.ts';
import { VaultDamagedError } from '../../../src/core/vault/vault.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import type { TokenVault } from '../../../src/core/vault/session-record.ts';
import type { SessionRecord } from '../../../src/core/vault/session-record.ts';
import type { FlowState } from '../../../src/shared/flow-state.ts';
import { type ScriptedProviderOptions, scriptedProvider } from '../../support/scripted-provider.ts';
import { scriptedIssuer, storedSession as storedSessionAt } from '../../support/stored-session.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

const issuer = scriptedIssuer;

function storedSession(clock: VirtualClock, expiresInMs: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return storedSessionAt(clock.now(), expiresInMs, overrides);
}

function setup(provider: Omit<ScriptedProviderOptions, 'clock'> = {}, flowOptions: Partial<SignInFlowOptions> = {}) {
  const clock = new VirtualClock();
  const op = scriptedProvider({ clock, ...provider });
  const vault = flowOptions.vault ?? createMemoryVault();
  const flow = createSignInFlow({
    config: { issuer, clientId: 'demo-client', scope: 'openid profile email offline_access' },
    fetch: op.fetch,
    clock,
    vault,
    ...flowOptions,
  });
  const states: FlowState[] = [];
  flow.subscribe((s) => states.push(s));
  const refreshRequests = () => op.requests.filter((r) => r.body.get('grant_type') === 'refresh_token');
  const revocations = () => op.requests.filter((r) => r.url.endsWith('/token/revocation'));
  return { clock, op, vault, flow, states, refreshRequests, revocations };
}

describe('restoring a session at start-up', () => {
  it('opens signed in from a stored session without showing a code', async () => {
    const s = setup();
    await s.vault.save(storedSession(s.clock, 3_600_000));
    await s.clock.run(s.flow.restore());
    expect(s.states.map((x) => x.status)).toEqual(['restoring', 'signed_in']);
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'alice' }, persistence: 'stored' });
    expect(s.op.requests.filter((r) => r.url.endsWith('/device/auth'))).toEqual([]);
  });

  it('refreshes an expired stored session first, and stores the rotated refresh token', async () => {
    const s = setup({ refreshes: [{ tokens: true, rotate: true }] });
    await s.vault.save(storedSession(s.clock, -1_000));
    await s.clock.run(s.flow.restore());
    expect(s.flow.getState().status).toBe('signed_in');
    expect(s.refreshRequests()).toHaveLength(1);
    expect(s.refreshRequests()[0]?.body.get('refresh_token')).toBe('refresh-token-secret-1');
    expect((await s.vault.load())?.tokens).toMatchObject({ accessToken: 'access-token-secret-2', refreshToken: 'refresh-token-secret-2' });
  });

  it('keeps the old refresh token when the provider does not rotate it', async () => {
    const s = setup({ refreshes: [{ tokens: true, rotate: false }] });
    await s.vault.save(storedSession(s.clock, -1_000));
    await s.clock.run(s.flow.restore());
    expect((await s.vault.load())?.tokens.refreshToken).toBe('refresh-token-secret-1');
  });

  it('signs out with an explanation when the provider has ended the session (invalid_grant)', async () => {
    const s = setup({ refreshes: [{ error: 'invalid_grant' }] });
    await s.vault.save(storedSession(s.clock, -1_000));
    await s.clock.run(s.flow.restore());
    expect(s.flow.getState()).toMatchObject({ status: 'idle', notice: { code: 'session_ended' } });
    expect(await s.vault.load()).toBeUndefined();
  });

  it('stays signed in when offline at start-up, since the refresh token is still good', async () => {
    const s = setup({ refreshes: [{ network: true }] });
    await s.vault.save(storedSession(s.clock, -1_000));
    await s.clock.run(s.flow.restore());
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', persistence: 'stored' });
    await expect(s.clock.run(s.flow.getAccessToken())).rejects.toMatchObject({ code: 'network' });
  });

  it('starts signed out with a clear message when the stored data is damaged', async () => {
    const damaged: TokenVault = { ...createMemoryVault(), load: () => Promise.reject(new VaultDamagedError('bad', '/tmp/x.damaged')) };
    const s = setup({}, { vault: damaged });
    await s.clock.run(s.flow.restore());
    expect(s.flow.getState()).toMatchObject({ status: 'idle', notice: { code: 'storage_damaged' } });
  });

  it('drops a stored session for a different provider', async () => {
    const s = setup();
    await s.vault.save(storedSession(s.clock, 3_600_000, { issuer: 'https://old.example.test' }));
    await s.clock.run(s.flow.restore());
    expect(s.flow.getState()).toEqual({ status: 'idle' });
    expect(await s.vault.load()).toBeUndefined();
  });
});

describe('access tokens for the rest of the app', () => {
  it('coalesces 100 concurrent callers on an expired token into exactly one refresh', async () => {
    // No background refresh here: the callers themselves must find the token expired.
    const s = setup({}, { proactiveRefresh: false });
    await s.vault.save(storedSession(s.clock, 3_600_000));
    await s.clock.run(s.flow.restore());
    await s.clock.advance(3_600_000);
    const tokens = await s.clock.run(Promise.all(Array.from({ length: 100 }, () => s.flow.getAccessToken())));
    expect(s.refreshRequests()).toHaveLength(1);
    expect(new Set(tokens)).toEqual(new Set(['access-token-secret-2']));
  });

  it('returns the current token without a request while it is valid', async () => {
    const s = setup();
    await s.vault.save(storedSession(s.clock, 3_600_000));
    await s.clock.run(s.flow.restore());
    expect(await s.flow.getAccessToken()).toBe('access-token-secret-1');
    expect(s.refreshRequests()).toHaveLength(0);
  });

  it('refreshes in the background before the token expires', async () => {
    const s = setup({ refreshes: [{ tokens: true, expiresIn: 120 }] });
    await s.vault.save(storedSession(s.clock, 120_000));
    const restoredAt = s.clock.now();
    await s.clock.run(s.flow.restore());
    await s.clock.advance(61_000);
    expect(s.refreshRequests()).toHaveLength(1);
    expect((s.refreshRequests()[0]?.at ?? 0) - restoredAt).toBe(60_000);
    expect(await s.flow.getAccessToken()).toBe('access-token-secret-2');
    s.flow.dispose();
  });

  it('says not_signed_in when nobody is signed in', async () => {
    const s = setup();
    await expect(s.flow.getAccessToken()).rejects.toMatchObject({ code: 'not_signed_in' });
  });

  it('signs out when a refresh is refused with invalid_grant', async () => {
    const s = setup({ refreshes: [{ error: 'invalid_grant' }] });
    await s.vault.save(storedSession(s.clock, 3_600_000));
    await s.clock.run(s.flow.restore());
    s.flow.dispose();
    await s.clock.advance(3_600_000);
    const error = await s.clock.run(s.flow.getAccessToken()).catch((e: unknown) => e as SignInError);
    expect(error).toMatchObject({ code: 'session_ended' });
    expect(s.flow.getState()).toMatchObject({ status: 'idle', notice: { code: 'session_ended' } });
    expect(await s.vault.load()).toBeUndefined();
  });
});

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

describe('opening a stored session without refreshing it', () => {
  it('shows the stored session as it is, for a command that only reports or revokes it', async () => {
    const s = setup();
    await s.vault.save(storedSession(s.clock, -60_000));
    await s.clock.run(s.flow.restore({ refresh: false }));
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'alice' } });
    expect(s.refreshRequests()).toHaveLength(0);
    expect(await s.clock.run(s.flow.signOut())).toBe('revoked');
  });

  it('tells sign-out callers whether the provider heard about it', async () => {
    const offline = setup({ revocation: 'offline' });
    await offline.vault.save(storedSession(offline.clock, 3_600_000));
    await offline.clock.run(offline.flow.restore());
    expect(await offline.clock.run(offline.flow.signOut())).toBe('unreachable');
    const none = setup({ metadata: { revocation_endpoint: undefined } });
    await none.vault.save(storedSession(none.clock, 3_600_000));
    await none.clock.run(none.flow.restore());
    expect(await none.clock.run(none.flow.signOut())).toBe('unsupported');
  });
});

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
  // authenticates confidential clients only), and servers whose list leaves out "none" do revoke.
  it('asks anyway, and says refused, when discovery lists only confidential methods and the provider answers the public client 401 (RFC 8414 §2)', async () => {
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

describe('one refresh per run', () => {
  it('does not send the same refresh token again after a refresh that failed in this run', async () => {
    const s = setup({ refreshes: [{ network: true }, { tokens: true }] }, { refreshOncePerRun: true, proactiveRefresh: false });
    await s.vault.save(storedSession(s.clock, -1_000));
    await s.clock.run(s.flow.restore());
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in' });
    await expect(s.clock.run(s.flow.getAccessToken())).rejects.toMatchObject({ code: 'network' });
    expect(s.refreshRequests()).toHaveLength(1);
  });

  it('tells the next process that a refresh with this token just failed, through the lock', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'device-signin-lock-'));
    const path = join(folder, 'session.refresh.lock');
    const vault = createMemoryVault();
    const first = setup(
      { refreshes: [{ status: 503, text: '' }] },
      { vault, refreshLock: createFileRefreshLock({ path }), proactiveRefresh: false },
    );
    await vault.save(storedSession(first.clock, -1_000));
    // Real files: awaited directly, since the virtual clock cannot see file I/O finish.
    await first.flow.restore();
    expect(first.refreshRequests()).toHaveLength(1);
    const second = setup(
      { refreshes: [{ tokens: true }] },
      { vault, refreshLock: createFileRefreshLock({ path }), proactiveRefresh: false },
    );
    await second.flow.restore();
    expect(second.refreshRequests()).toHaveLength(0);
    await expect(second.flow.getAccessToken()).rejects.toMatchObject({ code: 'server_error' });
    expect(await readFile(`${path}.failed`, 'utf8')).not.toContain('refresh-token-secret-1');
  });
});

describe('a provider whose access tokens expire on arrival', () => {
  it('is not sent a stream of background refreshes', async () => {
    const s = setup({ refreshes: [{ tokens: true, expiresIn: 0 }] });
    await s.vault.save(storedSession(s.clock, 0));
    await s.clock.run(s.flow.restore());
    await s.clock.advance(60_000);
    expect(s.refreshRequests().length).toBeLessThanOrEqual(13);
    expect(s.refreshRequests().length).toBeGreaterThan(0);
    s.flow.dispose();
  });
});

describe('signing in again while signed in', () => {
  it('ends the kept grant at the provider once the new sign-in is kept, and says so', async () => {
    const s = setup();
    await s.vault.save(storedSession(s.clock, 3_600_000, { profile: { issuer, sub: 'bob', name: 'Bob' } }));
    await s.clock.run(s.flow.restore());
    const events: unknown[] = [];
    s.flow.onEvent((event) => events.push(event));
    await s.clock.run(s.flow.start());
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'alice' } });
    expect((await s.vault.load())?.profile.sub).toBe('alice');
    expect(s.revocations().map((r) => r.body.get('token'))).toEqual(['refresh-token-secret-1', 'access-token-secret-1']);
    expect(events).toContainEqual({ type: 'replaced', profile: expect.objectContaining({ sub: 'bob' }) as unknown, revocation: 'revoked' });
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
