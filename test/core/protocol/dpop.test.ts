import { createHash, webcrypto } from 'node:crypto';
import type * as oauth from 'oauth4webapi';
import { describe, expect, it, vi } from 'vitest';
import { dpopModeOf, keyForTokens } from '../../../src/core/flow/session-binding.ts';
import { bindingAlgorithm, DPoPKey, proofAlgorithm } from '../../../src/core/protocol/dpop.ts';

const as = (algs?: string[]): oauth.AuthorizationServer => ({
  issuer: 'https://op.example.test',
  ...(algs === undefined ? {} : { dpop_signing_alg_values_supported: algs }),
});
const client = { client_id: 'demo-client' };

describe('which key a sign-in binds its tokens to (RFC 9449 §5.1)', () => {
  it('takes ES256 unless the provider lists only others, and none when it lists nothing this client has', () => {
    expect(proofAlgorithm(as(['RS256', 'ES256', 'EdDSA']))).toBe('ES256');
    expect(proofAlgorithm(as(['PS256', 'Ed25519']))).toBe('Ed25519');
    expect(proofAlgorithm(as(['RS256']))).toBe('RS256');
    expect(proofAlgorithm(as(['EdDSA', 'ML-DSA-44']))).toBeUndefined();
    expect(proofAlgorithm(as())).toBeUndefined();
  });

  it('binds under auto when offered, never under off, and refuses under required when not offered', () => {
    expect(bindingAlgorithm('auto', as(['ES256']))).toBe('ES256');
    expect(bindingAlgorithm('auto', as())).toBeUndefined();
    expect(bindingAlgorithm('off', as(['ES256']))).toBeUndefined();
    expect(() => bindingAlgorithm('required', as())).toThrow(expect.objectContaining({ code: 'dpop_unsupported' }) as Error);
  });

  it("takes the provider profile's default when nothing is configured: auto, and off for GitHub, which has no DPoP", () => {
    expect(dpopModeOf({})).toBe('auto');
    expect(dpopModeOf({ provider: 'github' })).toBe('off');
    expect(dpopModeOf({ provider: 'github', dpop: 'required' })).toBe('required');
  });

  it('keeps the key only when the provider answered with a DPoP token, and refuses a bearer one under required', async () => {
    const key = await DPoPKey.generate('ES256', client);
    const response = (tokenType: string) => ({ access_token: 'a', token_type: tokenType }) as oauth.TokenEndpointResponse;
    expect(keyForTokens(response('DPoP'), key, 'auto')).toBe(key);
    expect(keyForTokens(response('Bearer'), key, 'auto')).toBeUndefined();
    expect(() => keyForTokens(response('Bearer'), key, 'required')).toThrow(expect.objectContaining({ code: 'dpop_unsupported' }) as Error);
  });
});

describe('a session key as it is kept and opened again', () => {
  it.each(['ES256', 'Ed25519', 'PS256'] as const)('opens a stored %s key as the same key, by its RFC 7638 thumbprint', async (alg) => {
    const key = await DPoPKey.generate(alg, client);
    const stored = JSON.parse(JSON.stringify(key.toStored())) as unknown;
    const reopened = await DPoPKey.restore(stored, client);
    expect(reopened.thumbprint).toBe(key.thumbprint);
    expect(reopened.thumbprint).toBe(thumbprintOf(key.toStored().jwk as Record<string, unknown>));
  });

  it('signs with a private key imported as non-extractable, whether new or reopened', async () => {
    const imports = vi.spyOn(webcrypto.subtle, 'importKey');
    try {
      const key = await DPoPKey.generate('ES256', client);
      await DPoPKey.restore(JSON.parse(JSON.stringify(key.toStored())) as unknown, client);
      const keys = await Promise.all(imports.mock.results.map((result) => result.value as ReturnType<typeof webcrypto.subtle.importKey>));
      const signing = keys.filter((imported) => imported.type === 'private');
      expect(signing).toHaveLength(2);
      for (const imported of signing) {
        expect(imported.extractable).toBe(false);
        expect(imported.usages).toEqual(['sign']);
        await expect(webcrypto.subtle.exportKey('jwk', imported)).rejects.toThrow();
      }
    } finally {
      imports.mockRestore();
    }
  });

  it('never shows the private key when the session is logged or serialized whole', async () => {
    const key = await DPoPKey.generate('ES256', client);
    const printed = JSON.stringify({ key });
    expect(printed).not.toContain(String(key.toStored().jwk.d));
    expect(Object.keys(key)).not.toContain('jwk');
  });

  it('refuses a key that is missing, of an unknown algorithm, damaged, or not the one the tokens name', async () => {
    const stored = (await DPoPKey.generate('ES256', client)).toStored();
    const other = (await DPoPKey.generate('ES256', client)).toStored();
    const damaged = { ...stored, jwk: { ...stored.jwk, d: `AAAA${String(stored.jwk.d).slice(4)}` } };
    for (const bad of [
      undefined,
      {},
      { ...stored, alg: 'HS256' },
      damaged,
      { ...stored, jkt: other.jkt },
      { ...stored, jwk: { ...stored.jwk, d: undefined } },
    ]) {
      await expect(DPoPKey.restore(bad, client)).rejects.toMatchObject({ code: 'dpop_key_unusable' });
    }
  });
});

/** RFC 7638 §3.2: the required members, in lexicographic order, without spaces, hashed with SHA-256. */
function thumbprintOf(jwk: Record<string, unknown>): string {
  const required: Readonly<Record<string, readonly string[]>> = {
    EC: ['crv', 'kty', 'x', 'y'],
    OKP: ['crv', 'kty', 'x'],
    RSA: ['e', 'kty', 'n'],
  };
  const members = required[String(jwk.kty)] ?? [];
  const canonical = `{${members.map((name) => `"${name}":"${String(jwk[name])}"`).join(',')}}`;
  return createHash('sha256').update(canonical).digest('base64url');
}
