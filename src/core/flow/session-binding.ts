import type * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config.ts';
import type { Notice } from '../../shared/flow-state.ts';
import { SignInError } from '../errors.ts';
import type { ProtocolContext } from '../protocol/context.ts';
import { bindingAlgorithm, DPoPKey, type DPoPMode, isDPoPTokenType } from '../protocol/dpop.ts';
import type { Session } from '../protocol/session.ts';
import { profileFor } from '../providers/profiles.ts';
import type { StoredSession } from '../vault/vault.ts';

/** The DPoP setting in force: the configured one, else the provider profile's, else `auto`. */
export function dpopModeOf(config: Pick<ClientConfig, 'dpop' | 'provider'>): DPoPMode {
  return config.dpop ?? profileFor(config.provider).dpop ?? 'auto';
}

/**
 * A new key pair for a new sign-in, when its tokens are to be bound (RFC 9449): one per
 * sign-in, used for the token request, every refresh and every API call. `required` against a
 * provider without DPoP fails here, before a code is shown.
 */
export async function newSessionKey(mode: DPoPMode, as: oauth.AuthorizationServer, context: ProtocolContext): Promise<DPoPKey | undefined> {
  const alg = bindingAlgorithm(mode, as);
  return alg === undefined ? undefined : DPoPKey.generate(alg, context.client);
}

/**
 * RFC 9449 §5: the token response says whether the provider bound the tokens (`token_type:
 * DPoP`). A provider that took the proof but issued a bearer token did not: with `required` that
 * is a failed sign-in, with `auto` a bearer session whose key is dropped.
 */
export function keyForTokens(response: oauth.TokenEndpointResponse, key: DPoPKey | undefined, mode: DPoPMode): DPoPKey | undefined {
  if (key === undefined) return undefined;
  if (isDPoPTokenType(response.token_type)) return key;
  if (mode === 'required') {
    throw new SignInError('dpop_unsupported', `DPoP is required, but the provider answered the proof with a ${response.token_type} token (RFC 9449 §5).`);
  }
  return undefined;
}

/**
 * A kept session as the app uses it: a bound one with its key imported (non-extractable), and
 * `known` reused when it is the same key. A bound session whose key is missing or damaged
 * throws `dpop_key_unusable`: its tokens would be refused, and it never falls back to bearer.
 */
export async function openStoredSession(saved: StoredSession, context: () => ProtocolContext, known?: DPoPKey): Promise<Session> {
  const opened = { profile: saved.profile, tokens: saved.tokens };
  if (!isDPoPTokenType(saved.tokens.tokenType)) return opened;
  if (known !== undefined && saved.dpop?.jkt === known.thumbprint) return { ...opened, key: known };
  if (saved.dpop === undefined) throw new SignInError('dpop_key_unusable', 'The stored session is bound to a DPoP key, and the key is missing.');
  return { ...opened, key: await DPoPKey.restore(saved.dpop, context().client) };
}

/** Why a kept session whose key could not be opened is signed out. */
export const keyUnusableNotice: Notice = {
  code: 'dpop_key_unusable',
  message: 'The key that binds your saved sign-in to this computer is missing or damaged. Please sign in again.',
};
