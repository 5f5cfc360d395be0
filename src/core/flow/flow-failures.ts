import type { FlowState } from '../../shared/flow-state.ts';
import { SignInError } from '../errors.ts';
import { foreignErrorText } from '../protocol/server-text.ts';
import type { NoVaultReason } from '../vault/vault-choice.ts';

/**
 * A failure as the log records it: its code and message, never more. An error that is not ours
 * says what `foreignErrorText` allows: its own words may quote a header value, a token with it.
 */
export function describeFailure(error: unknown): { code: string; message: string } {
  if (error instanceof SignInError) return { code: error.code, message: error.message };
  return { code: 'unexpected', message: foreignErrorText(error, 'message') };
}

/**
 * Expiry and denial are outcomes with their own screens; anything else is an error with a code,
 * and the setting's problem when one caused it (an `--issuer` the provider contradicts).
 * The message reaches the window's Details and the CLI's `--json`, so an error that is not ours
 * is named there, never quoted (`foreignErrorText`).
 */
export function stateForFailure(error: unknown): FlowState {
  if (error instanceof SignInError) {
    if (error.code === 'expired_token') return { status: 'expired' };
    if (error.code === 'access_denied') {
      return { status: 'denied', ...(error.serverDescription === undefined ? {} : { description: error.serverDescription }) };
    }
    return {
      status: 'error',
      code: error.code,
      message: error.message,
      ...(error.problem === undefined ? {} : { problem: error.problem }),
    };
  }
  return { status: 'error', code: 'invalid_response', message: `The sign-in failed unexpectedly (${foreignErrorText(error)}).` };
}

/** For logs and Details; the words a person reads are the front ends'. */
const storageUnavailableMessage: { readonly [Why in NoVaultReason]: string } = {
  session_only_policy: 'tokenStorage is "session-only": sign-ins are kept in memory only.',
  no_keyring: 'No protected storage (keychain, keyring) is available on this desktop.',
};

/** A sign-in to keep when nothing can keep it: refused unless the person chose this session only. */
export function storageUnavailableError(why: NoVaultReason): SignInError {
  return new SignInError('storage_unavailable', storageUnavailableMessage[why]);
}
