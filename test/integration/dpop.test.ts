import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { defaultScope } from '../../src/core/config.ts';
import { createSignInFlow, type SignInFlow } from '../../src/core/flow/sign-in-flow.ts';
import type { DPoPMode } from '../../src/core/protocol/dpop-mode.ts';
import { createEncryptedStoreVault } from '../../src/core/vault/encrypted-store-vault.ts';
import type { TokenVault } from '../../src/core/vault/session-record.ts';
import type { ProxiedProvider } from '../support/provider-proxy.ts';
import type { FlowState } from '../../src/shared/flow-state.ts';
import { everyFileText } from '../support/files.ts';
import { awaitingUser, nextState } from '../support/flow-states.ts';
import { boundThumbprint, introspect } from '../support/introspect.ts';
import { approveByForms } from '../support/form-phone.ts';
import { usePhoneFixture } from '../support/phone-fixture.ts';
import { testCipher } from '../support/test-cipher.ts';

/*
 * Tokens bound to this computer (DPoP, RFC 9449) against the demo provider, which demands a
 * server nonce in every proof: the provider's own answers (introspection, its userinfo endpoint)
 * say whether the binding holds.
 */

const phone = usePhoneFixture();

async function encryptedDataFolder(): Promise<{ folder: string; vault: TokenVault }> {
  const folder = await mkdtemp(join(tmpdir(), 'device-signin-dpop-'));
  return {
    folder,
    vault: createEncryptedStoreVault({ cipher: testCipher(), store: new Conf({ cwd: folder, projectName: 'device-signin' }) }),
  };
}

function flowFor(op: ProxiedProvider, vault?: TokenVault, dpop?: DPoPMode): SignInFlow {
  const config = { issuer: op.issuer, clientId: op.clientId, scope: defaultScope, ...(dpop === undefined ? {} : { dpop }) };
  const flow = createSignInFlow({ config, fetch: globalThis.fetch, ...(vault === undefined ? {} : { vault }), proactiveRefresh: false });
  phone.afterTest(() => {
    flow.dispose();
  });
  return flow;
}

async function signIn(flow: SignInFlow, login = 'alice'): Promise<void> {
  const done = flow.start();
  const code = await nextState(flow, awaitingUser);
  await approveByForms(code.verificationUriComplete ?? '', { login });
  await done;
  expect(flow.getState().status).toBe('signed_in');
}

/** The provider's userinfo endpoint, called with the session's access token and a proof of another key. */
async function userinfoWithAnotherKey(op: ProxiedProvider, accessToken: string): Promise<number> {
  const dpop = oauth.DPoP({}, await oauth.generateKeyPair('ES256'));
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- loopback http in a test
  const options = { DPoP: dpop, [oauth.allowInsecureRequests]: true };
  const url = new URL(`${op.issuer}/me`);
  // The first answer is the nonce challenge; the second judges the proof itself.
  let status = 0;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    status = await oauth.protectedResourceRequest(accessToken, 'GET', url, new Headers(), undefined, options).then(
      (response) => response.status,
      (error: unknown) => (error instanceof oauth.WWWAuthenticateChallengeError ? error.status : 0),
    );
  }
  return status;
}

describe('a sign-in bound to this computer (DPoP), against a provider that demands nonces', () => {
  it('binds the tokens to the key: introspection names its thumbprint, and userinfo answers proofs by that key only', async () => {
    const op = await phone.provider({ interval: 1 });
    const { folder, vault } = await encryptedDataFolder();
    const flow = flowFor(op, vault);
    await signIn(flow);
    expect(flow.getState()).toMatchObject({ status: 'signed_in', deviceBound: true, persistence: 'stored' });
    const session = flow.getSession();
    expect(session?.tokens.tokenType).toMatch(/^dpop$/i);
    const thumbprint = session?.key?.thumbprint;
    expect(thumbprint).toMatch(/^[\w-]{43}$/);
    expect(await boundThumbprint(op, session?.tokens.accessToken ?? '')).toBe(thumbprint);
    expect(await boundThumbprint(op, session?.tokens.refreshToken ?? '')).toBe(thumbprint);

    const answer = await flow.authorizedFetch(`${op.issuer}/me`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ sub: 'alice' });

    const asBearer = await fetch(`${op.issuer}/me`, { headers: { authorization: `Bearer ${session?.tokens.accessToken ?? ''}` } });
    expect(asBearer.status).toBe(401);
    expect(await userinfoWithAnotherKey(op, session?.tokens.accessToken ?? '')).toBe(401);

    // The private key rests in the same encrypted record as the tokens, nowhere in plain text.
    const stored = await vault.load();
    expect(stored?.dpop?.jkt).toBe(thumbprint);
    const privatePart = stored?.dpop?.jwk.d;
    expect(privatePart).toEqual(expect.any(String));
    expect(await everyFileText(folder)).not.toContain(privatePart);
  });

  it('keeps the binding through a refresh and a restart: the same key, the new tokens bound to it', async () => {
    // Two-second tokens are never fresh enough to use, so every use refreshes first.
    const op = await phone.provider({ interval: 1, accessTokenTtl: 2 });
    const { vault } = await encryptedDataFolder();
    const flow = flowFor(op, vault);
    await signIn(flow);
    const first = flow.getSession();
    const thumbprint = first?.key?.thumbprint ?? '';
    const refreshed = await flow.getAccessToken();
    expect(refreshed).not.toBe(first?.tokens.accessToken);
    expect(await boundThumbprint(op, refreshed)).toBe(thumbprint);

    const reopened = flowFor(op, vault);
    await reopened.restore();
    expect(reopened.getState()).toMatchObject({ status: 'signed_in', deviceBound: true });
    expect(reopened.getSession()?.key?.thumbprint).toBe(thumbprint);
    const answer = await reopened.authorizedFetch(`${op.issuer}/me`);
    expect(answer.status).toBe(200);
    expect(await boundThumbprint(op, reopened.getSession()?.tokens.accessToken ?? '')).toBe(thumbprint);
  });

  it('opens a stored session whose key is missing or damaged signed out, with its own notice, never as bearer', async () => {
    const op = await phone.provider({ interval: 1 });
    const { vault } = await encryptedDataFolder();
    await signIn(flowFor(op, vault));
    const stored = await vault.load();
    if (stored?.dpop === undefined) throw new Error('no key was stored');
    const { dpop, ...withoutKey } = stored;
    const damaged = { ...stored, dpop: { ...dpop, jwk: { ...dpop.jwk, d: `${dpop.jwk.d?.slice(0, -4) ?? ''}AAAA` } } };
    for (const record of [withoutKey, damaged]) {
      await vault.save(record);
      const reopened = flowFor(op, vault);
      await reopened.restore();
      expect(reopened.getState()).toEqual({ status: 'idle', notice: { code: 'dpop_key_unusable' } });
      expect(reopened.getSession()).toBeUndefined();
      expect(await vault.load()).toBeUndefined();
    }
  });

  it('signs in with bearer tokens when dpop is off, and the API takes them as bearer', async () => {
    const op = await phone.provider({ interval: 1 });
    const flow = flowFor(op, undefined, 'off');
    await signIn(flow);
    expect(flow.getState()).toMatchObject({ status: 'signed_in', deviceBound: false });
    const session = flow.getSession();
    expect(session?.tokens.tokenType).toMatch(/^bearer$/i);
    expect(session?.key).toBeUndefined();
    expect((await introspect(op, session?.tokens.accessToken ?? '')).cnf).toBeUndefined();
    expect((await flow.authorizedFetch(`${op.issuer}/me`)).status).toBe(200);
  });

  it('refuses to sign in with dpop required against a provider without DPoP, before any code is shown', async () => {
    const op = await phone.provider({ interval: 1, dpop: 'off' });
    const flow = flowFor(op, undefined, 'required');
    const seen: FlowState[] = [];
    flow.subscribe((state) => seen.push(state));
    await flow.start();
    expect(flow.getState()).toMatchObject({ status: 'error', code: 'dpop_unsupported' });
    expect(seen.map((state) => state.status)).not.toContain('awaiting_user');
  });
});
