import { describe, expect, it } from 'vitest';
import { accountsOf, applyAccountWrite, keptRecordOf, selectAccount, switchAccount } from '../../../src/core/vault/kept-accounts.ts';
import type { SessionRecord } from '../../../src/core/vault/session-record.ts';
import { decodeSession, encodeSession } from '../../../src/core/vault/vault.ts';
import { scriptedIssuer, storedSession } from '../../support/stored-session.ts';

const now = 1_800_000_000_000;
const account = (sub: string, issuer = scriptedIssuer): SessionRecord =>
  storedSession(now, 3_600_000, { profile: { issuer, sub, name: sub } });
const subs = (records: readonly SessionRecord[]): (string | undefined)[] => records.map((record) => record.profile.sub);
const [alice, bob, carol] = [account('alice'), account('bob'), account('carol')];

describe('the accounts a vault keeps', () => {
  it('reads a record kept by a version that knew one account as that account, current', () => {
    expect(accountsOf(alice)).toEqual([alice]);
    expect(accountsOf(undefined)).toEqual([]);
    expect(keptRecordOf([alice])).toEqual(alice);
    expect(keptRecordOf([])).toBeUndefined();
  });

  it('keeps the current account first and the others beside it, and reads them back through the vault format', () => {
    const kept = keptRecordOf([bob, alice, carol]);
    expect(kept?.profile.sub).toBe('bob');
    expect(subs(accountsOf(decodeSession(encodeSession(kept ?? alice))))).toEqual(['bob', 'alice', 'carol']);
  });

  it('tells accounts apart by issuer and subject: one subject at two tenants is two accounts', () => {
    const otherTenant = account('alice', 'https://tenant-b.example.test');
    const accounts = applyAccountWrite([alice], undefined, { write: otherTenant });
    expect(accounts).toEqual([alice, otherTenant]);
    expect(selectAccount(accounts, otherTenant.profile)).toBe(otherTenant);
    expect(selectAccount(accounts, undefined)).toBe(alice);
  });

  it('replaces an account in place, adds a new one last or current, and drops the others when told', () => {
    const newBob = { ...bob, tokens: { ...bob.tokens, accessToken: 'bob-2' } };
    expect(applyAccountWrite([alice, bob, carol], bob.profile, { write: newBob })).toEqual([alice, newBob, carol]);
    expect(applyAccountWrite([alice, bob], undefined, { write: carol })).toEqual([alice, bob, carol]);
    expect(applyAccountWrite([alice, bob], carol.profile, { write: carol, makeCurrent: true })).toEqual([carol, alice, bob]);
    expect(applyAccountWrite([alice, bob], carol.profile, { write: carol, dropOthers: true })).toEqual([carol]);
    const unchanged = [alice, bob];
    expect(applyAccountWrite(unchanged, alice.profile, {})).toBe(unchanged);
  });

  it('deletes the named account, or the current one, and the next becomes current', () => {
    expect(applyAccountWrite([alice, bob, carol], bob.profile, { write: null })).toEqual([alice, carol]);
    expect(applyAccountWrite([alice, bob, carol], alice.profile, { write: null })).toEqual([bob, carol]);
  });

  it('switches to a kept account, and leaves the list as it is for one it does not keep', () => {
    expect(switchAccount([alice, bob, carol], carol.profile)).toEqual([carol, alice, bob]);
    const accounts = [alice, bob];
    expect(switchAccount(accounts, carol.profile)).toBe(accounts);
  });

  it('refuses the whole vault when another account’s record is damaged', () => {
    const text = JSON.stringify({ ...alice, others: [{ ...bob, tokens: { tokenType: 'bearer' } }] });
    expect(() => decodeSession(text)).toThrow(expect.objectContaining({ code: 'storage_damaged' }) as Error);
    expect(() => decodeSession(JSON.stringify({ ...alice, others: {} }))).toThrow(/not a list/);
  });
});
