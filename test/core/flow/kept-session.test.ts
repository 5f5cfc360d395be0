/**
 * The kept session in the real core, over a scripted provider and a virtual clock: restored at
 * start-up, access tokens handed to the rest of the app, one refresh per run. Signing out and
 * signing in again: kept-session-sign-out.test.ts; sessions in real use: kept-session-real-use.test.ts.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileRefreshLock } from '../../../src/core/vault/refresh-lock.ts';
import type { SignInError } from '../../../src/core/errors.ts';
import { VaultDamagedError } from '../../../src/core/vault/vault.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import type { TokenVault } from '../../../src/core/vault/session-record.ts';
import { setup, storedSession } from '../../support/kept-session-setup.ts';

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
