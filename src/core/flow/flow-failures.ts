import type { FlowState } from '../../shared/flow-state.ts';
import { SignInError } from '../errors.ts';

/** A failure as the log records it: its code and message, never more. */
export function describeFailure(error: unknown): { code: string; message: string } {
  if (error instanceof SignInError) return { code: error.code, message: error.message };
  return { code: 'unexpected', message: error instanceof Error ? error.message : String(error) };
}

/** Expiry and denial are outcomes with their own screens; anything else is an error with a code. */
export function stateForFailure(error: unknown): FlowState {
  if (error instanceof SignInError) {
    if (error.code === 'expired_token') return { status: 'expired' };
    if (error.code === 'access_denied') {
      return { status: 'denied', ...(error.serverDescription === undefined ? {} : { description: error.serverDescription }) };
    }
    return { status: 'error', code: error.code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'error', code: 'invalid_response', message };
}
