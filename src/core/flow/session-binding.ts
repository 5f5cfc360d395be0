import type * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config.ts';
import type { Notice } from '../../shared/flow-state.ts';
import { SignInError } from '../errors.ts';
import type { ProtocolContext } from '../protocol/context.ts';
import { bindingAlgorithm, DPoPKey } from '../protocol/dpop.ts';
import { type DPoPMode } from '../protocol/dpop-mode.ts';
import { isDPoPTokenType } from '../protocol/token-type.ts';
import type { Session } from '../protocol/session.ts';
import { profileFor } from '../providers/profiles.ts';
import { needsKey, type RecordTarget, type SessionRecord } from '../vault/session-record.ts';

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
    throw new SignInError(
      'dpop_unsupported',
      `DPoP is required, but the provider answered the proof with a ${response.token_type} token (RFC 9449 §5).`,
    );
  }
  return undefined;
}

/**
 * A session record as the app uses it: a bound one with its key imported (non-extractable), and
 * `known` reused when it is the same key. The token type decides (needsKey): a DPoP session whose
 * key is missing or damaged throws `dpop_key_unusable`, since its tokens would be refused, and it
 * never falls back to bearer.
 */
export async function openRecord(record: SessionRecord, context: () => ProtocolContext, known?: DPoPKey): Promise<Session> {
  const opened = {
    profile: record.profile,
    tokens: record.tokens,
    ...(record.endpoints === undefined ? {} : { endpoints: record.endpoints }),
  };
  if (!needsKey(record.tokens)) return opened;
  if (known !== undefined && record.dpop?.jkt === known.thumbprint) return { ...opened, key: known };
  if (record.dpop === undefined) {
    throw new SignInError('dpop_key_unusable', 'The stored session is bound to a DPoP key, and the key is missing.');
  }
  return { ...opened, key: await DPoPKey.restore(record.dpop, context().client) };
}

/** The record a session is kept as: its tokens, the key they are bound to and where they were issued, in one piece. */
export function sessionRecord(target: RecordTarget, session: Session): SessionRecord {
  return {
    version: 1,
    issuer: target.issuer,
    clientId: target.clientId,
    profile: session.profile,
    tokens: session.tokens,
    ...(session.key === undefined ? {} : { dpop: session.key.toStored() }),
    ...(session.endpoints === undefined ? {} : { endpoints: session.endpoints }),
  };
}

/** Why a kept session whose key could not be opened is signed out. */
export const keyUnusableNotice: Notice = { code: 'dpop_key_unusable' };
