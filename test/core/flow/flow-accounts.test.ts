/**
 * The accounts kept side by side, through the flow against the scripted provider: listed without
 * tokens, switched, signed out one at a time (revoking only that account's grant) or all at once.
 */
import { describe, expect, it } from 'vitest';
import { accountsOf } from '../../../src/core/vault/kept-accounts.ts';
import type { SessionRecord } from '../../../src/core/vault/session-record.ts';
import { setup, storedSession } from '../../support/kept-session-setup.ts';
import { scriptedIssuer } from '../../support/stored-session.ts';

type Setup = ReturnType<typeof setup>;

function account(s: Setup, sub: string): SessionRecord {
  const record = storedSession(s.clock, 3_600_000, { profile: { issuer: scriptedIssuer, sub, name: sub } });
  return { ...record, tokens: { ...record.tokens, accessToken: `${sub}-access`, refreshToken: `${sub}-refresh` } };
}

/** Bob current, Alice beside him, restored as Bob. */
async function twoAccounts(provider: Parameters<typeof setup>[0] = {}): Promise<Setup> {
  const s = setup(provider);
  await s.vault.save({ ...account(s, 'bob'), others: [account(s, 'alice')] });
  await s.clock.run(s.flow.restore());
  return s;
}

const ref = (sub: string) => ({ issuer: scriptedIssuer, sub });
const revoked = (s: Setup) => s.revocations().map((request) => request.body.get('token'));

describe('the accounts a flow keeps', () => {
  it('lists each account once, the current first, with its token’s kind and expiry but no token', async () => {
    const s = await twoAccounts();
    const listed = await s.flow.accounts.list();
    expect(listed.map((summary) => [summary.profile.sub, summary.current, summary.tokenType])).toEqual([
      ['bob', true, 'bearer'],
      ['alice', false, 'bearer'],
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/access|refresh/);
  });

  it('switches to another account: it becomes current in the vault and is signed in here', async () => {
    const s = await twoAccounts();
    expect(await s.flow.accounts.switchTo(ref('alice'))).toBe(true);
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'alice' } });
    expect(accountsOf(await s.vault.load()).map((record) => record.profile.sub)).toEqual(['alice', 'bob']);
    expect(await s.flow.getAccessToken()).toBe('alice-access');
    expect(await s.flow.accounts.switchTo(ref('mallory'))).toBe(false);
  });

  it('signs out an account that is not signed in here, ending only its grant', async () => {
    const s = await twoAccounts();
    expect(await s.clock.run(s.flow.accounts.signOut(ref('alice')))).toBe('revoked');
    expect(revoked(s)).toEqual(['alice-refresh', 'alice-access']);
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'bob' } });
    expect(accountsOf(await s.vault.load()).map((record) => record.profile.sub)).toEqual(['bob']);
    expect(await s.flow.accounts.signOut(ref('alice'))).toBeUndefined();
  });

  it('signs out the signed-in account, then signs in as the one that becomes current', async () => {
    const s = await twoAccounts();
    expect(await s.clock.run(s.flow.accounts.signOut(ref('bob')))).toBe('revoked');
    expect(revoked(s)).toEqual(['bob-refresh', 'bob-access']);
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'alice' } });
  });

  it('signs every account out, each revoked, and leaves nobody signed in', async () => {
    const s = await twoAccounts();
    const outcomes = await s.clock.run(s.flow.accounts.signOutAll());
    expect(outcomes.map((outcome) => [outcome.account.sub, outcome.revocation])).toEqual([
      ['bob', 'revoked'],
      ['alice', 'revoked'],
    ]);
    expect(revoked(s)).toEqual(['bob-refresh', 'bob-access', 'alice-refresh', 'alice-access']);
    expect(s.flow.getState()).toMatchObject({ status: 'idle' });
    expect(await s.vault.load()).toBeUndefined();
  });

  it('keeps another account’s code on screen when the signed-in account refreshes meanwhile', async () => {
    const s = setup({ polls: [{ error: 'authorization_pending' }] });
    const bob = account(s, 'bob');
    await s.vault.save({ ...bob, tokens: { ...bob.tokens, expiresAt: s.clock.now() + 120_000 } });
    await s.clock.run(s.flow.restore());
    const adding = s.flow.start();
    await s.clock.advance(6_000);
    expect(s.flow.getState().status).toBe('awaiting_user');
    // Bob's token nears its end: a tool asks for it, and the refresh lands while the code is shown.
    await s.clock.advance(60_000);
    expect(await s.clock.run(s.flow.getAccessToken())).not.toBe('bob-access');
    expect(s.flow.getState().status).toBe('awaiting_user');
    s.flow.cancel();
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'bob' } });
    await s.clock.run(adding);
  });

  it('goes back to the account signed in when a sign-in begun to add another is cancelled', async () => {
    const s = await twoAccounts({ polls: [{ error: 'authorization_pending' }] });
    const adding = s.flow.start();
    await s.clock.advance(6_000);
    expect(s.flow.getState().status).toBe('awaiting_user');
    s.flow.cancel();
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { sub: 'bob' } });
    await s.clock.run(adding);
    expect(await s.flow.getAccessToken()).toBe('bob-access');
  });
});
