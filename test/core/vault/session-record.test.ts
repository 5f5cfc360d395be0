import { describe, expect, it } from 'vitest';
import type { RefreshLock } from '../../../src/core/vault/refresh-lock.ts';
import { processOnlyRefreshLock } from '../../../src/core/vault/refresh-lock.ts';
import {
  endpointMismatch,
  freshnessMarginMs,
  isFresh,
  needsKey,
  type SessionRecord,
  tokenToHandOut,
} from '../../../src/core/vault/session-record.ts';
import { RecordKeeper } from '../../../src/core/vault/record-keeper.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import type { TokenVault } from '../../../src/core/vault/session-record.ts';
import { scriptedIssuer, storedSession } from '../../support/stored-session.ts';

const now = 1_800_000_000_000;
const target = { issuer: scriptedIssuer, clientId: 'demo-client' };
const issuedBy = { token: `${scriptedIssuer}/token`, revocation: `${scriptedIssuer}/token/revocation`, metadataOrigin: scriptedIssuer };

/** A vault that counts its reads, as the keyring would pay for each (an encrypted D-Bus session). */
function countingVault(): TokenVault & { loads: () => number } {
  const inner = createMemoryVault();
  let loads = 0;
  return {
    ...inner,
    load: () => {
      loads += 1;
      return inner.load();
    },
    loads: () => loads,
  };
}

describe('the one freshness rule', () => {
  it('hands a token out while more than a minute is left of it, and one without an expiry always', () => {
    expect(isFresh({ expiresAt: now + freshnessMarginMs + 1 }, now)).toBe(true);
    expect(isFresh({ expiresAt: now + freshnessMarginMs }, now)).toBe(false);
    expect(isFresh({ expiresAt: now - 1 }, now)).toBe(false);
    expect(isFresh({}, now)).toBe(true);
  });

  it('keeps a short-lived token fresh for the first half of its life, so that it is not refreshed on every use', () => {
    const thirtySeconds = { issuedAt: now, expiresAt: now + 30_000 };
    expect(isFresh(thirtySeconds, now + 1_000)).toBe(true);
    expect(isFresh(thirtySeconds, now + 16_000)).toBe(false);
    // A two-second token is inside the 5-second floor at once.
    expect(isFresh({ issuedAt: now, expiresAt: now + 2_000 }, now)).toBe(false);
    // A long one keeps the one-minute margin.
    expect(isFresh({ issuedAt: now, expiresAt: now + 3_600_000 }, now + 3_600_000 - 59_000)).toBe(false);
  });
});

describe('the token type decides the key', () => {
  it('wants a key for DPoP in any spelling, and none for bearer', () => {
    expect(needsKey({ tokenType: 'DPoP' })).toBe(true);
    expect(needsKey({ tokenType: 'dpop' })).toBe(true);
    expect(needsKey({ tokenType: 'Bearer' })).toBe(false);
  });
});

describe('the token a tool may have without the sign-in flow', () => {
  const record = (overrides: Partial<SessionRecord> = {}): SessionRecord => ({
    ...storedSession(now, 3_600_000),
    endpoints: issuedBy,
    ...overrides,
  });

  it('is a fresh bearer token of this issuer and client', () => {
    expect(tokenToHandOut(record(), target, now)).toMatchObject({ accessToken: 'access-token-secret-1' });
  });

  it('is never a DPoP token whose key record was lost, or whose kept key is not the one it is bound to', () => {
    const lostKey = record({ tokens: { ...record().tokens, tokenType: 'DPoP' } });
    expect(lostKey.dpop).toBeUndefined();
    expect(tokenToHandOut(lostKey, target, now, () => true)).toBeUndefined();
    const bound = record({ tokens: { ...record().tokens, tokenType: 'DPoP' }, dpop: { alg: 'ES256', jkt: 'thumbprint', jwk: {} } });
    expect(tokenToHandOut(bound, target, now, () => false)).toBeUndefined();
    // A path that cannot check the key hands out no bound token at all.
    expect(tokenToHandOut(bound, target, now)).toBeUndefined();
    expect(tokenToHandOut(bound, target, now, (key) => key.jkt === 'thumbprint')).toMatchObject({ tokenType: 'DPoP' });
  });

  it('is nothing for another client, a token near its expiry, or settings that name another token endpoint', () => {
    expect(tokenToHandOut(record(), { ...target, clientId: 'other-client' }, now)).toBeUndefined();
    expect(tokenToHandOut(record({ tokens: { ...record().tokens, expiresAt: now + 30_000 } }), target, now)).toBeUndefined();
    expect(tokenToHandOut(record(), { ...target, endpoints: { token: 'http://127.0.0.1:4790/token' } }, now)).toBeUndefined();
    expect(tokenToHandOut(undefined, target, now)).toBeUndefined();
  });
});

describe('a session pinned to where it was issued', () => {
  it('names the endpoint the settings would send its tokens to instead', () => {
    expect(endpointMismatch(issuedBy, { token: issuedBy.token })).toBeUndefined();
    expect(endpointMismatch(issuedBy, { token: 'http://127.0.0.1:4790/token' })).toEqual({
      endpoint: 'token',
      issuedBy: issuedBy.token,
      configured: 'http://127.0.0.1:4790/token',
    });
    expect(endpointMismatch(issuedBy, { revocation: 'https://elsewhere.test/revoke' })).toMatchObject({ endpoint: 'revocation' });
    // A revocation endpoint the session never had would be sent its refresh token; a userinfo one never is.
    expect(
      endpointMismatch({ token: issuedBy.token, metadataOrigin: scriptedIssuer }, { revocation: 'https://elsewhere.test/revoke' }),
    ).toMatchObject({ endpoint: 'revocation', issuedBy: undefined });
    expect(endpointMismatch(issuedBy, { userinfo: `${scriptedIssuer}/me` })).toBeUndefined();
    expect(endpointMismatch({ ...issuedBy, userinfo: `${scriptedIssuer}/me` }, { userinfo: 'https://elsewhere.test/me' })).toMatchObject({
      endpoint: 'userinfo',
    });
    // A record from before pinning takes the endpoints of its next use.
    expect(endpointMismatch(undefined, { token: 'http://127.0.0.1:4790/token' })).toBeUndefined();
  });
});

describe('the record keeper', () => {
  it('reads the vault once per run, however often the record is asked for', async () => {
    const vault = countingVault();
    await vault.save(storedSession(now, 3_600_000));
    const keeper = new RecordKeeper(vault, processOnlyRefreshLock);
    await keeper.read();
    await keeper.read();
    expect(vault.loads()).toBe(1);
  });

  it('reads the record again under the lock before it writes, and writes what the decision says', async () => {
    const vault = countingVault();
    const keeper = new RecordKeeper(vault, processOnlyRefreshLock);
    expect(await keeper.read()).toBeUndefined();
    // Another process signs in meanwhile.
    await vault.save(storedSession(now, 3_600_000));
    const seen = await keeper.change((current) => Promise.resolve({ result: current?.tokens.accessToken }));
    expect(seen).toBe('access-token-secret-1');
    expect(vault.loads()).toBe(2);
    await keeper.change(() => Promise.resolve({ write: null, result: undefined }));
    expect(await vault.load()).toBeUndefined();
    expect(await keeper.read()).toBeUndefined();
  });

  it('holds the lock around every change, and runs this process’s changes one after another', async () => {
    const held: string[] = [];
    const lock: RefreshLock = {
      ...processOnlyRefreshLock,
      hold: async (work) => {
        held.push('take');
        try {
          return await work();
        } finally {
          held.push('give');
        }
      },
    };
    const keeper = new RecordKeeper(createMemoryVault(), lock);
    let release: () => void = () => undefined;
    const slow = keeper.change(
      () =>
        new Promise<{ result: string }>((resolve) => {
          release = () => {
            resolve({ result: 'slow' });
          };
        }),
    );
    const quick = keeper.change(() => Promise.resolve({ result: 'quick' }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    // The second change waits for the first: one take, no give yet.
    expect(held).toEqual(['take']);
    release();
    expect(await Promise.all([slow, quick])).toEqual(['slow', 'quick']);
    expect(held).toEqual(['take', 'give', 'take', 'give']);
  });
});
