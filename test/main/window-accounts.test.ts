/**
 * The kept accounts as main lets the window see and name them (src/main/window-accounts.ts), over
 * the real core's flow against the scripted provider: each by an id main made up, never a token or
 * a subject; a request acts only on an id of the list the window was last given, and anything
 * else (an unknown or stale id, a subject, a value that is not a string) changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { createWindowAccounts } from '../../src/main/window-accounts.ts';
import type { WindowAccount } from '../../src/shared/ipc.ts';
import { accountsOf } from '../../src/core/vault/kept-accounts.ts';
import type { SessionRecord } from '../../src/core/vault/session-record.ts';
import { setup, storedSession } from '../support/kept-session-setup.ts';
import { scriptedIssuer } from '../support/stored-session.ts';

type Setup = ReturnType<typeof setup>;

function account(s: Setup, sub: string, name: string): SessionRecord {
  const record = storedSession(s.clock, 3_600_000, {
    profile: { issuer: scriptedIssuer, sub, name, email: `${name.split(' ')[0]?.toLowerCase() ?? sub}@example.test` },
  });
  return { ...record, tokens: { ...record.tokens, accessToken: `${sub}-access`, refreshToken: `${sub}-refresh` } };
}

/** Bob signed in and current, Alice kept beside him; what main sent the window, list by list. */
async function twoAccounts() {
  const s = setup({}, { proactiveRefresh: false });
  await s.vault.save({ ...account(s, 'bob-sub-7f3a', 'Bob Builder'), others: [account(s, 'alice-sub-91c2', 'Alice Example')] });
  await s.clock.run(s.flow.restore());
  const sent: (readonly WindowAccount[])[] = [];
  const accounts = createWindowAccounts(
    () => s.flow.accounts,
    (list) => {
      sent.push(list);
    },
  );
  return { ...s, accounts, sent };
}

const kept = async (s: Setup) => accountsOf(await s.vault.load()).map((record) => record.profile.name);
const named = (list: readonly WindowAccount[], name: string): WindowAccount => {
  const found = list.find((listed) => listed.name === name);
  if (found === undefined) throw new Error(`${name} is not listed`);
  return found;
};

describe('the accounts the window sees', () => {
  it('lists each account by a random id with its name, email and host, the current first, and nothing else', async () => {
    const s = await twoAccounts();
    const listed = await s.accounts.list();
    expect(listed.map(({ id: _id, ...shown }) => shown)).toEqual([
      { name: 'Bob Builder', email: 'bob@example.test', where: 'op.example.test', current: true },
      { name: 'Alice Example', email: 'alice@example.test', where: 'op.example.test', current: false },
    ]);
    for (const { id } of listed) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(listed.map(({ id }) => id)).size).toBe(2);
    const text = JSON.stringify(listed);
    for (const secret of ['sub-7f3a', 'sub-91c2', 'access', 'refresh', 'bearer', scriptedIssuer]) expect(text).not.toContain(secret);
    expect(s.sent).toEqual([listed]);
  });

  it('switches only to an account of the current list, and keeps its id while it stays listed', async () => {
    const s = await twoAccounts();
    const alice = named(await s.accounts.list(), 'Alice Example');
    for (const refused of ['alice-sub-91c2', crypto.randomUUID(), { id: alice.id }, [alice.id], 42, undefined]) {
      expect(await s.accounts.switchTo(refused)).toBe(false);
    }
    expect(await kept(s)).toEqual(['Bob Builder', 'Alice Example']);
    expect(await s.accounts.switchTo(alice.id)).toBe(true);
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { name: 'Alice Example' } });
    expect(await kept(s)).toEqual(['Alice Example', 'Bob Builder']);
    expect(s.sent.at(-1)?.map(({ id, current }) => [id, current])).toEqual([
      [alice.id, true],
      [expect.any(String), false],
    ]);
  });

  it('signs out one account by its id, sends the list without it, and then refuses that id', async () => {
    const s = await twoAccounts();
    const alice = named(await s.accounts.list(), 'Alice Example');
    expect(await s.accounts.signOut('alice-sub-91c2')).toBe('not_listed');
    expect(await s.clock.run(s.accounts.signOut(alice.id))).toBe('revoked');
    expect(s.revocations().map((request) => request.body.get('token'))).toEqual(['alice-sub-91c2-refresh', 'alice-sub-91c2-access']);
    expect(s.sent.at(-1)?.map((listed) => listed.name)).toEqual(['Bob Builder']);
    expect(await s.accounts.signOut(alice.id)).toBe('not_listed');
    expect(await s.accounts.switchTo(alice.id)).toBe(false);
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { name: 'Bob Builder' } });
  });

  it('signs the signed-in account out as one of the accounts: the next one is signed in after it', async () => {
    const s = await twoAccounts();
    expect(await s.clock.run(s.accounts.signOutSignedIn(s.flow.getState()))).toBe(true);
    expect(s.revocations().map((request) => request.body.get('token'))).toEqual(['bob-sub-7f3a-refresh', 'bob-sub-7f3a-access']);
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { name: 'Alice Example' } });
    expect(s.sent.at(-1)?.map((listed) => [listed.name, listed.current])).toEqual([['Alice Example', true]]);
    expect(await s.accounts.signOutSignedIn({ status: 'idle' })).toBe(false);
    // Alice alone now: her sign-out is the flow's own.
    expect(await s.accounts.signOutSignedIn(s.flow.getState())).toBe(false);
    expect(s.flow.getState()).toMatchObject({ status: 'signed_in', profile: { name: 'Alice Example' } });
  });

  it('sends a new list after a sign-in or a sign-out, not while a sign-in is under way', async () => {
    const s = await twoAccounts();
    s.accounts.follow({ status: 'restoring' });
    s.accounts.follow({ status: 'requesting' });
    await s.accounts.list();
    expect(s.sent).toHaveLength(1);
    s.accounts.follow({ status: 'idle' });
    s.accounts.follow(s.flow.getState());
    await s.accounts.list();
    expect(s.sent).toHaveLength(4);
  });

  it('lists no account, and refuses every id, where the sign-in keeps none', async () => {
    const accounts = createWindowAccounts(
      () => undefined,
      () => undefined,
    );
    expect(await accounts.list()).toEqual([]);
    expect(await accounts.switchTo('anything')).toBe(false);
    expect(await accounts.signOut('anything')).toBe('not_listed');
    expect(
      await accounts.signOutSignedIn({ status: 'signed_in', profile: { issuer: 'https://op.example.test' }, persistence: 'stored' }),
    ).toBe(false);
  });
});
