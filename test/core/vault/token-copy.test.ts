/**
 * The token copy (src/core/vault/token-copy.ts): what `token` hands out without the keyring, in a
 * real 0700 folder standing for the user's runtime folder. It must hold no secret beyond the
 * access token, and count only while it is a copy of what the vault holds now, whatever order a
 * reader and a writer run in.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jwkThumbprint } from '../../../src/cli/jwk-thumbprint.ts';
import { DPoPKey } from '../../../src/core/protocol/dpop.ts';
import { type SessionRecord, type TokenVault, tokenToHandOut } from '../../../src/core/vault/session-record.ts';
import { otherTokenCopyFolders, tokenCopy, tokenCopyFolder, withTokenCopy } from '../../../src/core/vault/token-copy.ts';
import { VaultDamagedError } from '../../../src/core/vault/vault.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';

const issuer = 'https://op.example.test';
const clientId = 'copy-client';
const uid = process.getuid?.() ?? -1;
const hour = 3_600_000;
let runtime: string;
let folder: string;

beforeEach(async () => {
  runtime = await mkdtemp(join(tmpdir(), 'device-signin-runtime-'));
  await chmod(runtime, 0o700);
  folder = join(runtime, 'device-signin');
});
afterEach(() => rm(runtime, { recursive: true, force: true }));

function record(accessToken: string, dpop?: DPoPKey): SessionRecord {
  return {
    version: 1,
    issuer,
    clientId,
    profile: { issuer, sub: 'alice', name: 'Alice Example', email: 'alice@example.test' },
    tokens: {
      accessToken,
      tokenType: dpop === undefined ? 'Bearer' : 'DPoP',
      refreshToken: `refresh-of-${accessToken}`,
      idToken: `id-token-of-${accessToken}`,
      expiresAt: Date.now() + hour,
    },
    ...(dpop === undefined ? {} : { dpop: dpop.toStored() }),
    endpoints: { token: `${issuer}/token`, revocation: `${issuer}/revoke`, metadataOrigin: issuer },
  };
}

/** The command line's vault with its copy, over memory; what `token` would hand out from the copy. */
function copiedVault(vault: TokenVault = createMemoryVault()): TokenVault {
  return withTokenCopy(vault, folder, 'session');
}
const copy = () => tokenCopy(folder, 'session');
const handedOut = (): string | undefined => {
  const found = copy().look().record;
  const keyMatches = (key: { readonly jkt: string; readonly jwk: unknown }) => jwkThumbprint(key.jwk) === key.jkt;
  return tokenToHandOut(found, { issuer, clientId }, Date.now(), keyMatches)?.accessToken;
};

describe('the runtime folder', () => {
  it('is the user’s own XDG_RUNTIME_DIR, and none that another user could enter', async () => {
    expect(tokenCopyFolder({ XDG_RUNTIME_DIR: runtime }, uid)).toBe(folder);
    expect(tokenCopyFolder({ XDG_RUNTIME_DIR: runtime }, uid + 1)).toBeUndefined();
    expect(tokenCopyFolder({ XDG_RUNTIME_DIR: join(runtime, 'missing') }, uid)).toBeUndefined();
    await chmod(runtime, 0o755);
    expect(tokenCopyFolder({ XDG_RUNTIME_DIR: runtime }, uid)).toBeUndefined();
    expect(tokenCopyFolder({ XDG_RUNTIME_DIR: runtime }, undefined)).toBeUndefined();
  });
});

describe('a shell whose XDG_RUNTIME_DIR names another folder than /run/user/<uid>', () => {
  it('ends on every write the copies made in the standard folder, where there are any', async () => {
    const standard = await mkdtemp(join(tmpdir(), 'device-signin-standard-'));
    try {
      await chmod(standard, 0o700);
      const theirs = join(standard, 'device-signin');
      expect(otherTokenCopyFolders({ XDG_RUNTIME_DIR: runtime }, uid, standard)).toEqual([]);
      // A desktop terminal of the same user made its copy there.
      tokenCopy(theirs, 'session').keep(record('desktop-token'), null);
      expect(tokenCopy(theirs, 'session').look().record?.tokens.accessToken).toBe('desktop-token');
      const elsewhere = otherTokenCopyFolders({ XDG_RUNTIME_DIR: runtime }, uid, standard);
      expect(elsewhere).toEqual([theirs]);
      expect(otherTokenCopyFolders({ XDG_RUNTIME_DIR: standard }, uid, standard)).toEqual([]);
      await withTokenCopy(createMemoryVault(), folder, 'session', elsewhere).clear();
      expect(tokenCopy(theirs, 'session').look().record).toBeUndefined();
      expect(await readFile(join(theirs, 'session.copy.json'), 'utf8').catch(() => 'gone')).toBe('gone');
    } finally {
      await rm(standard, { recursive: true, force: true });
    }
  });
});

describe('the token copy', () => {
  it('holds what `token` hands out and no other secret: no refresh token, ID token, private key or name', async () => {
    const key = await DPoPKey.generate('ES256', { client_id: clientId });
    const kept = record('bound-token', key);
    await copiedVault().save(kept);
    expect(handedOut()).toBe('bound-token');
    const text = await readFile(join(folder, 'session.copy.json'), 'utf8');
    expect(text).toContain('bound-token');
    const privateKey = (kept.dpop?.jwk as { d?: string }).d ?? '';
    expect(privateKey).not.toBe('');
    for (const secret of ['refresh-of-bound-token', 'id-token-of-bound-token', privateKey, 'Alice Example', 'alice@example.test']) {
      expect(text).not.toContain(secret);
    }
    expect(copy().look().record?.dpop?.jkt).toBe(kept.dpop?.jkt);
  });

  it('is replaced by every write and ends with a sign-out', async () => {
    const vault = copiedVault();
    await vault.save(record('first-token'));
    await vault.save(record('second-token'));
    expect(handedOut()).toBe('second-token');
    await vault.clear();
    expect(copy().look().record).toBeUndefined();
  });

  it('never counts when it was made from a read that a write overtook', async () => {
    const vault = copiedVault();
    await vault.save(record('old-token'));
    // A reader looks, then reads the vault; a sign-out happens before it keeps its copy.
    const seen = copy().look().marker;
    expect(seen).toEqual(expect.any(String));
    const read = await vault.load();
    await vault.clear();
    if (read === undefined || seen === undefined) throw new Error('the reader found nothing');
    copy().keep(read, seen);
    expect(handedOut()).toBeUndefined();
  });

  it('counts for nobody while a write is under way or after a writer that stopped half-way', async () => {
    const memory = createMemoryVault();
    const failing: TokenVault = { ...memory, save: () => Promise.reject(new Error('the keyring went away')) };
    await copiedVault(memory).save(record('kept-token'));
    expect(handedOut()).toBe('kept-token');
    await expect(copiedVault(failing).save(record('new-token'))).rejects.toThrow('the keyring went away');
    expect(copy().look()).toEqual({});
    // A reader may not start a copy either: the writer's marker is there.
    copy().keep(record('kept-token'), null);
    expect(handedOut()).toBeUndefined();
  });

  it('is started by the first reader where no write ever left a marker, and not when a writer began meanwhile', async () => {
    expect(copy().look()).toEqual({ marker: null });
    copy().keep(record('read-token'), null);
    expect(handedOut()).toBe('read-token');
    await rm(folder, { recursive: true });
    const look = copy().look();
    await copiedVault().save(record('written-token'));
    copy().keep(record('read-token'), look.marker ?? null);
    expect(handedOut()).toBe('written-token');
  });

  it('ends when the vault finds its record damaged', async () => {
    const memory = createMemoryVault();
    await copiedVault(memory).save(record('kept-token'));
    const damaged: TokenVault = { ...memory, load: () => Promise.reject(new VaultDamagedError('The stored session is not readable.')) };
    await expect(copiedVault(damaged).load()).rejects.toThrow(VaultDamagedError);
    expect(handedOut()).toBeUndefined();
  });

  it('is no copy when its file is damaged, or when its folder is open to others', async () => {
    await copiedVault().save(record('kept-token'));
    await writeFile(join(folder, 'session.copy.json'), '{"marker": 1');
    expect(copy().look().record).toBeUndefined();
    await copiedVault().save(record('kept-token'));
    await chmod(folder, 0o750);
    expect(copy().look()).toEqual({});
    await chmod(folder, 0o700);
    expect(handedOut()).toBe('kept-token');
  });

  it('is not made in a folder open to others', async () => {
    await mkdir(folder, { mode: 0o700 });
    await chmod(folder, 0o777);
    await copiedVault().save(record('kept-token'));
    await chmod(folder, 0o700);
    expect(copy().look()).toEqual({ marker: null });
  });
});
