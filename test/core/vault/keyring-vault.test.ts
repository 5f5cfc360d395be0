import { AsyncEntry } from '@napi-rs/keyring';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.ts';
import type { SessionRecord } from '../../../src/core/vault/session-record.ts';
import { VaultDamagedError } from '../../../src/core/vault/vault.ts';
import { createKeyringVault } from '../../../src/core/vault/keyring-vault.ts';
import { keyringAvailability } from '../../support/test-cipher.ts';
import { sampleSession, vaultContract } from '../../support/vault-contract.ts';

const availability = await keyringAvailability();
if (!availability.available) console.log(`Skipping the Secret Service keyring tests: ${availability.reason}`);

const account = `keyring-test-${process.pid}`;
const entry = new AsyncEntry('device-signin-test', account);

// Token-sized values: a keyring entry must hold a whole session with its JWTs.
const session: SessionRecord = {
  ...sampleSession,
  tokens: { accessToken: 'a'.repeat(1200), tokenType: 'bearer', refreshToken: 'r'.repeat(400), idToken: 'i'.repeat(1200) },
};

// Inside `npm test`'s own D-Bus session a missing Secret Service is a broken setup, not a reason to skip.
it.runIf(process.env.DEVICE_SIGNIN_TEST_SESSION === '1')('npm test provides a working Secret Service', () => {
  expect(availability).toEqual({ available: true });
});

describe.skipIf(!availability.available)('the keyring vault on a real Secret Service (gnome-keyring)', () => {
  afterAll(async () => {
    await entry.deletePassword().catch(() => undefined);
  });

  vaultContract('keyring', () => createKeyringVault({ entry, clock: systemClock }), session);

  it('removes a damaged entry and says so', async () => {
    await entry.setPassword('{"version": 1, "truncated');
    const vault = createKeyringVault({ entry, clock: systemClock });
    await expect(vault.load()).rejects.toBeInstanceOf(VaultDamagedError);
    expect(await entry.getPassword()).toBeNull();
  });
});
