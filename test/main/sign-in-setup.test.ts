import { describe, expect, it } from 'vitest';
import { createMemoryVault } from '../support/memory-vault.ts';
import { setUpSignIn } from '../../src/main/sign-in-setup.ts';
import { openedVault } from '../support/opened-vault.ts';

const config = { issuer: 'https://login.example.test', clientId: 'desktop', scope: 'openid' };
const noNetwork = (): Promise<Response> => Promise.reject(new Error('no network in this test'));

describe('the sign-in main sets up for a configured provider', () => {
  it('tells the window when the vault it keeps sessions in is the weak one the admin allowed', async () => {
    const weak = await setUpSignIn({
      choice: { kind: 'configured', config },
      fetch: noNetwork,
      vault: openedVault(createMemoryVault(), { weak: true }),
      managed: ['tokenStorage'],
    });
    const strong = await setUpSignIn({ choice: { kind: 'configured', config }, fetch: noNetwork, vault: openedVault(createMemoryVault()) });
    try {
      expect(weak.environment).toEqual({ demo: false, issuer: config.issuer, managed: ['tokenStorage'], storage: 'weak' });
      expect(strong.environment).toEqual({ demo: false, issuer: config.issuer, managed: [] });
    } finally {
      await weak.close();
      await strong.close();
    }
  });
});
