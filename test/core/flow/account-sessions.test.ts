/**
 * authorizedFetch as one of several kept accounts (`init.account`), through the flow against the
 * scripted provider: each account's own token, refreshed as that account only, while the current
 * account stays current and signed in; an account that is not kept gets no request at all.
 */
import { describe, expect, it } from 'vitest';
import { accountsOf } from '../../../src/core/vault/kept-accounts.ts';
import type { SessionRecord } from '../../../src/core/vault/session-record.ts';
import { setup, storedSession } from '../../support/kept-session-setup.ts';
import { scriptedIssuer } from '../../support/stored-session.ts';

type Setup = ReturnType<typeof setup>;

function account(s: Setup, sub: string, expiresInMs = 3_600_000): SessionRecord {
  const record = storedSession(s.clock, expiresInMs, { profile: { issuer: scriptedIssuer, sub, name: sub } });
  return { ...record, tokens: { ...record.tokens, accessToken: `${sub}-access`, refreshToken: `${sub}-refresh` } };
}

/** Bob current and signed in, Alice kept beside him (her token `aliceExpiresInMs` from expiry). */
async function twoAccounts(aliceExpiresInMs?: number): Promise<Setup> {
  const s = setup({}, { proactiveRefresh: false });
  await s.vault.save({ ...account(s, 'bob'), others: [account(s, 'alice', aliceExpiresInMs)] });
  await s.clock.run(s.flow.restore());
  return s;
}

const ref = (sub: string) => ({ issuer: scriptedIssuer, sub });
const api = `${scriptedIssuer}/api`;
const sentWith = (s: Setup) => s.op.requests.filter((request) => request.url === api).map((request) => request.authorization);

describe('authorizedFetch as one of several accounts', () => {
  it('sends the named account’s token, and the current one’s without a name', async () => {
    const s = await twoAccounts();
    expect((await s.clock.run(s.flow.authorizedFetch(api, { account: ref('alice') }))).status).toBe(200);
    expect((await s.clock.run(s.flow.authorizedFetch(api))).status).toBe(200);
    expect((await s.clock.run(s.flow.authorizedFetch(api, { account: ref('bob') }))).status).toBe(200);
    expect(sentWith(s)).toEqual(['Bearer alice-access', 'Bearer bob-access', 'Bearer bob-access']);
    // Asking as Alice made nobody else current.
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'bob' } });
    expect(accountsOf(await s.vault.load()).map((record) => record.profile.sub)).toEqual(['bob', 'alice']);
  });

  it('refreshes the named account’s token near its expiry, and keeps it beside the current one', async () => {
    const s = await twoAccounts(10_000);
    await s.clock.run(s.flow.authorizedFetch(api, { account: ref('alice') }));
    expect(s.refreshRequests().map((request) => request.body.get('refresh_token'))).toEqual(['alice-refresh']);
    expect(sentWith(s)).toEqual(['Bearer access-token-secret-2']);
    const kept = accountsOf(await s.vault.load());
    expect(kept.map((record) => [record.profile.sub, record.tokens.accessToken])).toEqual([
      ['bob', 'bob-access'],
      ['alice', 'access-token-secret-2'],
    ]);
    // The refreshed session is reused, not refreshed again.
    await s.clock.run(s.flow.authorizedFetch(api, { account: ref('alice') }));
    expect(s.refreshRequests()).toHaveLength(1);
  });

  it('refuses an account that is not kept, or no longer is, and sends nothing', async () => {
    const s = await twoAccounts();
    await expect(s.clock.run(s.flow.authorizedFetch(api, { account: ref('mallory') }))).rejects.toMatchObject({ code: 'not_signed_in' });
    await s.clock.run(s.flow.authorizedFetch(api, { account: ref('alice') }));
    await s.clock.run(s.flow.accounts.signOut(ref('alice')));
    await expect(s.clock.run(s.flow.authorizedFetch(api, { account: ref('alice') }))).rejects.toMatchObject({ code: 'not_signed_in' });
    expect(sentWith(s)).toEqual(['Bearer alice-access']);
  });
});
