import { describe, expect, it } from 'vitest';
import { jwkThumbprint } from '../../src/cli/jwk-thumbprint.ts';
import { DPoPKey } from '../../src/core/protocol/dpop.ts';

describe('the RFC 7638 thumbprint of a kept DPoP key, in plain code', () => {
  it('is the thumbprint oauth4webapi gave the key when it was made, for every algorithm a key is made with', async () => {
    for (const alg of ['ES256', 'ES384', 'ES512', 'PS256', 'RS256', 'Ed25519'] as const) {
      const stored = (await DPoPKey.generate(alg, { client_id: 'demo-client' })).toStored();
      expect(jwkThumbprint(stored.jwk), alg).toBe(stored.jkt);
    }
  });

  it('matches the example of RFC 7638 §3.1', () => {
    const jwk = {
      kty: 'RSA',
      n:
        '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn6' +
        '4tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n9' +
        '1CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    };
    expect(jwkThumbprint(jwk)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('is nothing for a key it cannot read, so such a key is never taken as the bound one', () => {
    expect(jwkThumbprint(undefined)).toBeUndefined();
    expect(jwkThumbprint({ kty: 'EC', crv: 'P-256', x: 'abc' })).toBeUndefined();
    expect(jwkThumbprint({ kty: 'oct', k: 'secret' })).toBeUndefined();
  });
});
