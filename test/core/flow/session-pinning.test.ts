/**
 * A kept session's tokens go only where they were issued: the record keeps its token,
 * revocation and userinfo endpoints, and a run whose settings or discovery name others refuses
 * (`session_elsewhere`) before anything is sent. And every write of the record holds the lock,
 * so a sign-in another process writes while this one refreshes is kept.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientConfig } from '../../../src/core/config.ts';
import { createSignInFlow } from '../../../src/core/flow/sign-in-flow.ts';
import { createFileRefreshLock } from '../../../src/core/vault/refresh-lock.ts';
import type { SessionRecord } from '../../../src/core/vault/session-record.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import type { TokenVault } from '../../../src/core/vault/session-record.ts';
import { type ScriptedProviderOptions, scriptedProvider } from '../../support/scripted-provider.ts';
import { scriptedIssuer, storedSession } from '../../support/stored-session.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

const issuer = scriptedIssuer;
const issuedBy = { token: `${issuer}/token`, revocation: `${issuer}/token/revocation`, userinfo: `${issuer}/me`, metadataOrigin: issuer };
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function setup(
  provider: Omit<ScriptedProviderOptions, 'clock'> = {},
  config: Partial<ClientConfig> = {},
  vault: TokenVault = createMemoryVault(),
) {
  const clock = new VirtualClock();
  const op = scriptedProvider({ clock, ...provider });
  const flow = createSignInFlow({
    config: { issuer, clientId: 'demo-client', scope: 'openid offline_access', ...config },
    fetch: op.fetch,
    clock,
    vault,
    proactiveRefresh: false,
  });
  const sentTo = (host: string) => op.requests.filter((request) => request.url.startsWith(host));
  return { clock, op, flow, vault, sentTo };
}

function record(clock: VirtualClock, expiresInMs: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return { ...storedSession(clock.now(), expiresInMs), endpoints: issuedBy, ...overrides };
}

describe('a kept session pinned to where it was issued', () => {
  it('keeps the token, revocation and userinfo endpoints that issued a new sign-in', async () => {
    const s = setup();
    await s.clock.run(s.flow.start());
    expect(s.flow.getState().status).toBe('signed_in');
    expect((await s.vault.load())?.endpoints).toEqual(issuedBy);
  });

  it('does not send its tokens to a token endpoint the settings name now, and says which endpoint issued it', async () => {
    const s = setup({ refreshes: [{ tokens: true }] }, { endpoints: { token: 'https://evil.test/token' } });
    await s.vault.save(record(s.clock, -1_000));
    await s.clock.run(s.flow.restore());
    expect(s.flow.getState()).toMatchObject({
      status: 'idle',
      notice: { code: 'session_elsewhere', endpoint: 'token', issuedBy: issuedBy.token },
    });
    expect(s.sentTo('https://evil.test')).toEqual([]);
    // Nothing is thrown away: with the settings it was made with, the session is still there.
    expect(await s.vault.load()).toMatchObject({ tokens: { refreshToken: 'refresh-token-secret-1' } });
  });

  it('does the same for a revocation or userinfo endpoint the settings name now', async () => {
    for (const endpoints of [{ revocation: 'https://evil.test/revoke' }, { userinfo: 'https://evil.test/me' }]) {
      const s = setup({}, { endpoints });
      await s.vault.save(record(s.clock, 3_600_000));
      await s.clock.run(s.flow.restore());
      expect(s.flow.getState()).toMatchObject({ status: 'idle', notice: { code: 'session_elsewhere' } });
      await s.clock.run(s.flow.signOut());
      expect(s.sentTo('https://evil.test')).toEqual([]);
    }
  });

  it('refuses to refresh when the provider’s metadata now names another token endpoint, before sending anything', async () => {
    const s = setup({ refreshes: [{ tokens: true }], metadata: { token_endpoint: `${issuer}/moved/token` } });
    await s.vault.save(record(s.clock, -1_000));
    await s.clock.run(s.flow.restore());
    await expect(s.clock.run(s.flow.getAccessToken())).rejects.toMatchObject({ code: 'session_elsewhere' });
    expect(s.op.requests.filter((request) => request.body.get('grant_type') === 'refresh_token')).toEqual([]);
  });

  it('revokes at the endpoint that issued the session at sign-out, not at one the metadata names now', async () => {
    const s = setup({ metadata: { revocation_endpoint: `${issuer}/moved/revoke` } });
    await s.vault.save(record(s.clock, 3_600_000));
    await s.clock.run(s.flow.restore());
    expect(await s.clock.run(s.flow.signOut())).toBe('revoked');
    expect(
      s.op.requests.filter((request) => request.url.endsWith('/token/revocation')).map((request) => request.body.get('token')),
    ).toEqual(['refresh-token-secret-1', 'access-token-secret-1']);
    expect(s.sentTo(`${issuer}/moved`)).toEqual([]);
  });

  it('takes the endpoints of its first refresh when it was kept by a version before pinning', async () => {
    const s = setup({ refreshes: [{ tokens: true, rotate: true }] });
    await s.vault.save(storedSession(s.clock.now(), -1_000));
    await s.clock.run(s.flow.restore());
    expect(s.flow.getState().status).toBe('signed_in');
    expect((await s.vault.load())?.endpoints).toEqual(issuedBy);
  });
});

describe('every write of the record under the lock', () => {
  it('keeps a sign-in another process writes while this one refreshes, and writes nothing over it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'device-signin-lock-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const shared = createMemoryVault();
    const clock = new VirtualClock();
    const lock = () => createFileRefreshLock({ path: join(folder, 'session.refresh.lock'), clock });
    // This process: an expired session whose refresh the provider answers slowly.
    const slow = scriptedProvider({ clock, refreshes: [{ tokens: true, rotate: true, delayMs: 3_000 }] });
    const refreshing = createSignInFlow({
      config: { issuer, clientId: 'demo-client', scope: 'openid' },
      fetch: slow.fetch,
      clock,
      vault: shared,
      refreshLock: lock(),
      proactiveRefresh: false,
    });
    // Another process signs in again meanwhile (the provider now knows Alice by another name).
    const other = scriptedProvider({ clock, userinfo: { name: 'Alice Renamed' } });
    const signingIn = createSignInFlow({
      config: { issuer, clientId: 'demo-client', scope: 'openid' },
      fetch: other.fetch,
      clock,
      vault: shared,
      refreshLock: lock(),
      proactiveRefresh: false,
    });
    await shared.save(record(clock, -1_000));
    const restored = refreshing.restore();
    // The refresh is under way (the lock is real file I/O, so real time passes too) before the sign-in starts.
    const isRefresh = (request: { readonly body: URLSearchParams }) => request.body.get('grant_type') === 'refresh_token';
    for (let turn = 0; turn < 500 && !slow.requests.some(isRefresh); turn += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      await clock.advance(10);
    }
    const signedIn = signingIn.start();
    await clock.advance(10_000);
    await clock.run(Promise.all([restored, signedIn]));
    expect(signingIn.getState()).toMatchObject({ status: 'signed_in', profile: { name: 'Alice Renamed' } });
    // The refresh finished first and wrote its tokens; the sign-in, waiting for the lock, came after.
    expect(slow.requests.filter(isRefresh)).toHaveLength(1);
    expect((await shared.load())?.profile.name).toBe('Alice Renamed');
  });
});
