import { describe, expect, it } from 'vitest';
import type { TokenVault } from '../../src/core/vault/session-record.ts';
import type { SessionRecord } from '../../src/core/vault/session-record.ts';

export const sampleSession: SessionRecord = {
  version: 1,
  issuer: 'https://op.example.test',
  clientId: 'demo-client',
  profile: { issuer: 'https://op.example.test', sub: 'alice', name: 'Alice' },
  tokens: {
    accessToken: 'access-token-plaintext',
    tokenType: 'bearer',
    refreshToken: 'refresh-token-plaintext',
    expiresAt: 1_900_000_000_000,
  },
};

/** What every TokenVault backend must do, whatever holds the bytes. */
export function vaultContract(name: string, open: () => Promise<TokenVault> | TokenVault, session: SessionRecord = sampleSession): void {
  describe(`${name}: the vault contract`, () => {
    it('starts empty, keeps a session, replaces it, and forgets it on clear', async () => {
      const vault = await open();
      expect(await vault.load()).toBeUndefined();
      await vault.save(session);
      expect(await vault.load()).toEqual(session);
      await vault.save({ ...session, tokens: { ...session.tokens, refreshToken: 'rotated' } });
      expect((await vault.load())?.tokens.refreshToken).toBe('rotated');
      await vault.clear();
      expect(await vault.load()).toBeUndefined();
    });
  });
}
