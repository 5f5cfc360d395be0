/**
 * A vault that keeps the record in memory, encoded and decoded as every vault does (so a test
 * sees what a real vault would give back): for tests and the bench, never the app, which keeps a
 * session in memory by not writing it at all.
 */
import type { TokenVault } from '../../src/core/vault/session-record.ts';
import { decodeSession, encodeSession } from '../../src/core/vault/vault.ts';

export function createMemoryVault(): TokenVault {
  let stored: string | undefined;
  return {
    kind: 'memory',
    load: () => Promise.resolve(stored === undefined ? undefined : decodeSession(stored)),
    save: (session) => {
      stored = encodeSession(session);
      return Promise.resolve();
    },
    clear: () => {
      stored = undefined;
      return Promise.resolve();
    },
  };
}
