import type { SessionRecord } from '../../src/core/vault/session-record.ts';

/** The issuer the scripted provider plays by default. */
export const scriptedIssuer = 'https://op.example.test';

/** Alice's session as a vault keeps it, with tokens that expire `expiresInMs` after `now`. */
export function storedSession(now: number, expiresInMs: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    version: 1,
    issuer: scriptedIssuer,
    clientId: 'demo-client',
    profile: { issuer: scriptedIssuer, sub: 'alice', name: 'Alice Example' },
    tokens: {
      accessToken: 'access-token-secret-1',
      tokenType: 'bearer',
      refreshToken: 'refresh-token-secret-1',
      expiresAt: now + expiresInMs,
    },
    ...overrides,
  };
}
