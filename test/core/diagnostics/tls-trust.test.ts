/**
 * Which store vouches for a chain is found by signature, not by name: the CA in `caFile` or the
 * system store is named as the source, and a look-alike CA with the same name vouches for nothing.
 */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainIssuer, trustSourceOf } from '../../../src/core/diagnostics/tls-trust.ts';
import { makeCa, makeServerCertificate } from '../../support/certificates.ts';

describe('the trust source of a chain', () => {
  it('names the store that holds the issuing CA, caFile before the system store, and none when no store does', async () => {
    const ca = await makeCa('Example Corp Root CA');
    const leaf = await makeServerCertificate(ca, { dns: ['login.example.test'] });
    const chain = [new X509Certificate(leaf.cert)];
    expect(chainIssuer(chain)).toBe('Example Corp Root CA');
    expect(trustSourceOf(chain, { system: [], bundled: [], caFile: [ca.cert] })).toBe('ca_file');
    expect(trustSourceOf(chain, { system: [ca.cert], bundled: [], caFile: [] })).toBe('system');
    expect(trustSourceOf(chain, { system: [ca.cert], bundled: [], caFile: [ca.cert] })).toBe('ca_file');
    expect(trustSourceOf(chain, { system: [], bundled: [ca.cert], caFile: [] })).toBe('bundled');
    expect(trustSourceOf(chain, { system: [], bundled: [], caFile: [] })).toBe('none');
  });

  it('does not take a CA of the same name but another key for the real one', async () => {
    const ca = await makeCa('Example Corp Root CA');
    const lookAlike = await makeCa('Example Corp Root CA');
    const chain = [new X509Certificate((await makeServerCertificate(ca, { dns: ['login.example.test'] })).cert)];
    expect(trustSourceOf(chain, { system: [lookAlike.cert], bundled: [], caFile: ['not a certificate'] })).toBe('none');
  });
});
