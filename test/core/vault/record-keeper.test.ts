/**
 * The keeper of several accounts in one vault: a real file vault and real lock files in a
 * temporary folder, two keepers standing for two processes. Each account changes under its own
 * lock; the vault's lock is held only to write, after reading again, so neither process loses
 * what the other wrote, and a refresh of one account never waits for another's.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountsOf } from '../../../src/core/vault/kept-accounts.ts';
import { createFileVault } from '../../../src/core/vault/file-vault.ts';
import { RecordKeeper } from '../../../src/core/vault/record-keeper.ts';
import { createFileRefreshLock } from '../../../src/core/vault/refresh-lock.ts';
import type { SessionRecord } from '../../../src/core/vault/session-record.ts';
import { scriptedIssuer, storedSession } from '../../support/stored-session.ts';

const now = 1_800_000_000_000;
const folders: string[] = [];

afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

function account(sub: string, accessToken = `${sub}-access`): SessionRecord {
  const record = storedSession(now, 3_600_000, { profile: { issuer: scriptedIssuer, sub, name: sub } });
  return { ...record, tokens: { ...record.tokens, accessToken, refreshToken: `${sub}-refresh` } };
}

/** A vault file and its lock, and a way to open them as another process would. */
async function sharedVault(): Promise<{ folder: string; process: () => RecordKeeper }> {
  const folder = await mkdtemp(join(tmpdir(), 'record-keeper-'));
  folders.push(folder);
  const process = (): RecordKeeper =>
    new RecordKeeper(createFileVault(join(folder, 'session.json')), createFileRefreshLock({ path: join(folder, 'session.lock') }));
  return { folder, process };
}

/** A keeper (a process) that has signed in as each of `subs`, in order. */
async function signedInAs(keeper: RecordKeeper, ...subs: string[]): Promise<RecordKeeper> {
  for (const sub of subs) {
    await keeper.change(() => Promise.resolve({ write: account(sub), result: undefined }), { account: account(sub).profile });
  }
  return keeper;
}

/**
 * A change to `sub` that writes `accessToken` once released, as a refresh waiting on its provider:
 * it holds its lock until then, and `deciding` settles once it holds it (a fixed wait instead lost
 * the race on a loaded machine, where the other change took the lock first).
 */
function slowChange(
  keeper: RecordKeeper,
  sub: string,
  accessToken: string,
): { done: Promise<string>; release: () => void; deciding: Promise<void> } {
  let release: () => void = () => undefined;
  let inside: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => {
    release = resolve;
  });
  const deciding = new Promise<void>((resolve) => {
    inside = resolve;
  });
  const decide = async (): Promise<{ write: SessionRecord; result: string }> => {
    inside();
    await answered;
    return { write: account(sub, accessToken), result: sub };
  };
  return { done: keeper.change(decide, { account: account(sub).profile }), release, deciding };
}

const subs = (records: readonly SessionRecord[]): (string | undefined)[] => records.map((record) => record.profile.sub);

describe('a vault of several accounts', () => {
  it('adds an account beside the current one, or as the current one when the change says so', async () => {
    const { process } = await sharedVault();
    const keeper = await signedInAs(process(), 'alice', 'bob');
    expect(subs(await process().accounts())).toEqual(['alice', 'bob']);
    await keeper.change(() => Promise.resolve({ write: account('carol'), makeCurrent: true, result: undefined }), {
      account: account('carol').profile,
    });
    expect(subs(await process().accounts())).toEqual(['carol', 'alice', 'bob']);
    expect((await process().read())?.profile.sub).toBe('carol');
    expect((await process().read(account('bob').profile))?.tokens.accessToken).toBe('bob-access');
  });

  it('makes the next account current when the current one is deleted, and can switch to any kept one', async () => {
    const { process } = await sharedVault();
    const keeper = await signedInAs(process(), 'alice', 'bob', 'carol');
    await keeper.change(() => Promise.resolve({ write: null, result: undefined }));
    expect(subs(await process().accounts())).toEqual(['bob', 'carol']);
    expect(await keeper.switchTo(account('carol').profile)).toBe(true);
    expect(subs(await process().accounts())).toEqual(['carol', 'bob']);
    expect(await keeper.switchTo(account('mallory').profile)).toBe(false);
    expect(subs(await process().accounts())).toEqual(['carol', 'bob']);
  });

  it('lets one account change while another is deciding, and keeps both writes', async () => {
    const { process } = await sharedVault();
    const first = await signedInAs(process(), 'alice', 'bob');
    // A refresh of alice waits on its provider in this process.
    const alice = slowChange(first, 'alice', 'alice-access-2');
    await alice.deciding;
    const second = process();
    await second.read();
    await second.change(() => Promise.resolve({ write: account('bob', 'bob-access-2'), result: 'bob' }), {
      account: account('bob').profile,
    });
    alice.release();
    await alice.done;
    const kept = await process().accounts();
    expect(kept.map((record) => record.tokens.accessToken)).toEqual(['alice-access-2', 'bob-access-2']);
  });

  it('makes a change to the same account wait for the one under way, and show it what that one wrote', async () => {
    const { process } = await sharedVault();
    const first = await signedInAs(process(), 'alice');
    // A refresh of alice waits on its provider in this process.
    const refreshing = slowChange(first, 'alice', 'alice-access-2');
    await refreshing.deciding;
    const second = process();
    await second.read();
    const seen = second.change((current) => Promise.resolve({ result: current?.tokens.accessToken }), {
      account: account('alice').profile,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    refreshing.release();
    await refreshing.done;
    await expect(seen).resolves.toBe('alice-access-2');
  });

  it('writes nothing back for an account that another process dropped while it was deciding', async () => {
    const { process } = await sharedVault();
    const first = await signedInAs(process(), 'alice', 'bob');
    // A refresh of alice waits on its provider in this process.
    const refreshing = slowChange(first, 'alice', 'alice-access-2');
    // Another process signs in as carol where one account is kept at a time: alice and bob go.
    const dropped = await process().change(
      (_current, accounts) => Promise.resolve({ write: account('carol'), dropOthers: true, result: accounts }),
      {
        account: account('carol').profile,
      },
    );
    expect(subs(dropped)).toEqual(['alice', 'bob']);
    refreshing.release();
    await refreshing.done;
    expect(subs(await process().accounts())).toEqual(['carol']);
  });

  it('keeps one account as a record that a version knowing one account reads, and names each account’s lock by a hash', async () => {
    const { folder, process } = await sharedVault();
    const keeper = await signedInAs(process(), 'alice');
    const single = await createFileVault(join(folder, 'session.json')).load();
    expect(single).toEqual(account('alice'));
    await signedInAs(keeper, 'bob');
    const both = await createFileVault(join(folder, 'session.json')).load();
    expect(both?.profile.sub).toBe('alice');
    expect(subs(accountsOf(both))).toEqual(['alice', 'bob']);
    // While an account's change decides, its lock file exists, named by a hash, not by who the account is.
    const during = await keeper.change(async () => ({ result: await readdir(folder) }), { account: account('bob').profile });
    const accountLocks = during.filter((name) => name.startsWith('session.lock.'));
    expect(accountLocks).toHaveLength(1);
    expect(accountLocks[0]).toMatch(/^session\.lock\.[\w-]{22}$/);
    expect((await readdir(folder)).filter((name) => name.includes('lock'))).toEqual([]);
  });
});
